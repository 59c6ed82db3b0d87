/**
 * Which data a training run was started with, kept in RUNDIR/train-data.json by `corrkd train`, so
 * `corrkd export-onnx` can evaluate the exported student on the run's validation split without
 * being told again. Both commands load the data with `loadRunData`, and the export compares the
 * result with the fingerprint in the run's checkpoint, so data that changed since training is
 * refused rather than silently evaluated.
 *
 * File format: one source with weight 1 is `{kind, path}` (as before several sources existed);
 * otherwise `{sources: [{kind, path, weight}, ...]}` in the order the rows were merged. Paths are
 * absolute.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { StageContext } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { loadTrainingSources, type TrainingSource } from '../data/load-training-sources.ts';
import type { FeatureDataset } from '../../core/dataset/feature-dataset.ts';
import { writeJsonAtomic } from '../trainer/run-files.ts';
import type { EvalSource } from './eval-data.ts';

export const RUN_DATA_FILE = 'train-data.json';

/** A run's data: its sources with their sampling weights. */
export interface RunData {
  sources: TrainingSource[];
}

const single = z.object({
  kind: z.enum(['data', 'transcripts']),
  /** absolute path */
  path: z.string().min(1),
});
const weighted = single.extend({ weight: z.number().positive() });
const schema = z.union([single, z.object({ sources: z.array(weighted).min(1) })]);

/** A single source as run data (weight 1). */
export function runDataOf(src: EvalSource | RunData): RunData {
  return 'sources' in src ? src : { sources: [{ kind: src.kind, path: src.path, weight: 1 }] };
}

/** How messages and reports name the run's data: the path, or the paths joined with ' + ' (weights when not all 1). */
export function describeRunData(src: EvalSource | RunData): string {
  const { sources } = runDataOf(src);
  const names = sources.map((s) => s.path).join(' + ');
  return sources.every((s) => s.weight === 1) ? names : `${names} (weights ${sources.map((s) => s.weight).join(', ')})`;
}

export function writeRunDataSource(runDir: string, src: EvalSource | RunData): void {
  const { sources } = runDataOf(src);
  const abs = sources.map((s) => ({ kind: s.kind, path: path.resolve(s.path), weight: s.weight }));
  const only = abs[0]!;
  writeJsonAtomic(path.join(runDir, RUN_DATA_FILE), abs.length === 1 && only.weight === 1 ? { kind: only.kind, path: only.path } : { sources: abs });
}

/** The recorded sources, or null when the run was not started by `corrkd train`. */
export function readRunDataSource(runDir: string): RunData | null {
  const file = path.join(runDir, RUN_DATA_FILE);
  if (!existsSync(file)) return null;
  try {
    return runDataOf(schema.parse(JSON.parse(readFileSync(file, 'utf8'))));
  } catch (e) {
    throw new AppError('InvalidDataset', `${file} is not a valid record of the run's data: ${(e as Error).message}`, { file, cause: e });
  }
}

/** Training data as `corrkd train` loads it (transcripts: T = 50, split seed 0, as `dataset build`; several sources merged). */
export async function loadRunData(src: EvalSource | RunData, ctx: StageContext): Promise<FeatureDataset> {
  return loadTrainingSources(runDataOf(src).sources, ctx);
}
