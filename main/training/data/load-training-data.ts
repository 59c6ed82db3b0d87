import { statSync } from 'node:fs';
import path from 'node:path';
import { makeContext, type StageContext } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { loadFeatureDataset } from './load-feature-dataset.ts';
import { loadTranscriptCsv } from './load-transcript-csv.ts';
import { loadResearchPickle } from './pickle/research-pickle.ts';
import type { FeatureDataset } from '../../core/dataset/feature-dataset.ts';

export interface TrainingDataOptions {
  /** transcripts only: steps per sample and split seed */
  T?: number;
  seed?: number;
  /** pickles only: how audio/vision longer than T are shortened */
  unaligned?: 'pool' | 'cut';
  /** feature dataset folders only: standardise audio/visual with the folder's own statistics (default true) */
  standardize?: boolean;
  log?: (message: string) => void;
}

interface Reader {
  what: string;
  matches: (p: string, isDir: boolean) => boolean;
  load: (p: string, opts: TrainingDataOptions, ctx: StageContext) => Promise<FeatureDataset> | FeatureDataset;
}

/** The readers `--data` accepts, tried in order (a registry, STYLE 13). */
const READERS: Reader[] = [
  {
    what: 'a feature dataset folder (dataset.json)',
    matches: (_p, dir) => dir,
    load: (p, o) => loadFeatureDataset(p, o.standardize === undefined ? {} : { standardize: o.standardize }),
  },
  {
    what: 'a transcript CSV (.csv: id,text,label[,mode])',
    matches: (p, dir) => !dir && path.extname(p).toLowerCase() === '.csv',
    load: (p, o, ctx) => loadTranscriptCsv(p, { ...(o.T ? { T: o.T } : {}), ...(o.seed !== undefined ? { seed: o.seed } : {}) }, ctx),
  },
  {
    what: 'an MMSA/MulT pickle (.pkl)',
    matches: (p, dir) => !dir && ['.pkl', '.pickle'].includes(path.extname(p).toLowerCase()),
    load: (p, o) =>
      loadResearchPickle(p, {
        ...(o.T ? { T: o.T } : {}),
        ...(o.unaligned ? { unaligned: o.unaligned } : {}),
        ...(o.log ? { log: o.log } : {}),
      }),
  },
];

/** `corrkd train --data X` / `corrkd eval --data X`: any supported source by its kind. */
export async function loadTrainingData(
  p: string,
  opts: TrainingDataOptions = {},
  ctx: StageContext = makeContext(),
): Promise<FeatureDataset> {
  let isDir: boolean;
  try {
    isDir = statSync(p).isDirectory();
  } catch (e) {
    throw new AppError('FileUnreadable', `Cannot read ${p}: ${(e as Error).message}`, { file: p, cause: e });
  }
  const reader = READERS.find((r) => r.matches(p, isDir));
  if (!reader) {
    throw new AppError('InvalidArgument', `${p}: not a supported training source; expected ${READERS.map((r) => r.what).join(', or ')}.`, {
      file: p,
    });
  }
  return reader.load(p, opts, ctx);
}
