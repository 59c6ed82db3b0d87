/**
 * Which data a training run was started with, kept in RUNDIR/train-data.json by `corrkd train`, so
 * `corrkd export-onnx` can evaluate the exported student on the run's validation split without
 * being told again. Both commands load the data with `loadRunData`, and the export compares the
 * result with the fingerprint in the run's checkpoint, so data that changed since training is
 * refused rather than silently evaluated.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { StageContext } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { loadTrainingData } from '../data/load-training-data.ts';
import { loadTranscriptCsv } from '../data/load-transcript-csv.ts';
import type { FeatureDataset } from '../data/types.ts';
import { writeJsonAtomic } from '../trainer/run-files.ts';
import type { EvalSource } from './eval-data.ts';

export const RUN_DATA_FILE = 'train-data.json';

const schema = z.object({
  kind: z.enum(['data', 'transcripts']),
  /** absolute path */
  path: z.string().min(1),
});

export function writeRunDataSource(runDir: string, src: EvalSource): void {
  writeJsonAtomic(path.join(runDir, RUN_DATA_FILE), { kind: src.kind, path: path.resolve(src.path) });
}

/** The recorded source, or null when the run was not started by `corrkd train`. */
export function readRunDataSource(runDir: string): EvalSource | null {
  const file = path.join(runDir, RUN_DATA_FILE);
  if (!existsSync(file)) return null;
  try {
    return schema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (e) {
    throw new AppError('InvalidDataset', `${file} is not a valid record of the run's data: ${(e as Error).message}`, { file, cause: e });
  }
}

/** Training data as `corrkd train` loads it (transcripts: T = 50, split seed 0, as `dataset build`). */
export async function loadRunData(src: EvalSource, ctx: StageContext): Promise<FeatureDataset> {
  return src.kind === 'transcripts' ? loadTranscriptCsv(src.path, {}, ctx) : loadTrainingData(src.path, { log: (m) => ctx.log('info', m) }, ctx);
}
