/**
 * The data of a training run from its sources (`corrkd train --data A [--data B ...]
 * [--data-weights ...]`): one source with weight 1 loads exactly as before (standardised with its
 * own statistics); several are loaded raw and merged (merge-datasets.ts: one contract, pooled
 * normalisation, per-row source). A single source with another weight keeps its own statistics and
 * records the weight (DatasetMeta.sources).
 */
import { makeContext, type StageContext } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { loadTrainingData } from './load-training-data.ts';
import { loadTranscriptCsv } from './load-transcript-csv.ts';
import { mergeDatasets } from './merge-datasets.ts';
import type { FeatureDataset } from '../../core/dataset/feature-dataset.ts';

/** One `--data` (kind 'data': folder, CSV or pickle) or `--transcripts` (a transcript CSV) source with its sampling weight. */
export interface TrainingSource {
  kind: 'data' | 'transcripts';
  path: string;
  weight: number;
  /** draw the source's epoch rows balanced by label sign (SourceInfo.balance) */
  balance?: 'sign';
}

async function loadOne(src: TrainingSource, standardize: boolean, ctx: StageContext): Promise<FeatureDataset> {
  // transcripts: T = 50, split seed 0, as `corrkd dataset build --transcripts`
  if (src.kind === 'transcripts') return loadTranscriptCsv(src.path, {}, ctx);
  return loadTrainingData(src.path, { standardize, log: (m) => ctx.log('info', m) }, ctx);
}

export async function loadTrainingSources(sources: readonly TrainingSource[], ctx: StageContext = makeContext()): Promise<FeatureDataset> {
  if (sources.length === 0) throw new AppError('InvalidArgument', 'No training data given (--data PATH).');
  for (const s of sources) {
    if (!(Number.isFinite(s.weight) && s.weight > 0)) throw new AppError('InvalidArgument', `Training source ${s.path}: weight ${s.weight} must be a number > 0.`, { file: s.path });
  }
  if (sources.length === 1) {
    const src = sources[0]!;
    const ds = await loadOne(src, true, ctx);
    if (src.weight !== 1 || src.balance) {
      const n = { train: ds.splits.train.n, valid: ds.splits.valid.n, test: ds.splits.test.n };
      ds.meta.sources = [
        { name: src.path, weight: src.weight, ...(src.balance ? { balance: src.balance } : {}), n, modalitiesPresent: [...ds.meta.modalitiesPresent], extractors: { ...ds.meta.extractors } },
      ];
    }
    return ds;
  }
  const parts = [];
  for (const src of sources) parts.push({ name: src.path, weight: src.weight, ...(src.balance ? { balance: src.balance } : {}), data: await loadOne(src, false, ctx) });
  return mergeDatasets(parts);
}
