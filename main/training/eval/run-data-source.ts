/**
 * Which data a training run uses: the one resolver of the front doors' data arguments
 * (resolveRunData), and the record kept in RUNDIR/train-data.json by startTrainingRun, so
 * `corrkd export-onnx` can evaluate the exported student on the run's validation split without
 * being told again. Both commands load the data with `loadRunData`, and the export compares the
 * result with the fingerprint in the run's checkpoint, so data that changed since training is
 * refused rather than silently evaluated.
 *
 * File format: one source with weight 1 is `{kind, path}` (as before several sources existed);
 * otherwise `{sources: [{kind, path, weight[, balance]}, ...]}` in the order the rows were merged. Paths are
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
const weighted = single.extend({ weight: z.number().positive(), balance: z.literal('sign').optional() });
const schema = z.union([single, z.object({ sources: z.array(weighted).min(1) })]);

/**
 * The data arguments of a run, as `corrkd train` takes them: --data paths (repeatable; each a feature
 * dataset folder, a transcript CSV or a research pickle, whose reader is picked by what the path is,
 * data/load-training-data.ts) with --data-weights, or --transcripts CSV. The window's dataset path
 * is one --data path; `corrkd eval`, `export-onnx` and the window's evaluation take one path.
 */
export interface RunDataArgs {
  data?: readonly string[];
  /** one sampling weight per --data path, in order (default all 1) */
  weights?: readonly number[];
  /** one per --data path, in order: 'sign' balances the source's epoch rows by label sign (default none) */
  balance?: readonly ('none' | 'sign')[];
  transcripts?: string | undefined;
}

/** The one source resolver: every front door (CLI, window) turns its data arguments into sources here. */
export function resolveRunData(args: RunDataArgs): RunData {
  const data = args.data ?? [];
  if ((data.length > 0) === Boolean(args.transcripts)) {
    throw new AppError('InvalidArgument', 'Give exactly one of --data PATH (repeat it for several sources) or --transcripts CSV.');
  }
  if (args.transcripts) {
    if (args.weights !== undefined) throw new AppError('InvalidArgument', '--data-weights goes with --data sources, not with --transcripts.');
    if (args.balance !== undefined) throw new AppError('InvalidArgument', '--data-balance goes with --data sources, not with --transcripts.');
    return { sources: [{ kind: 'transcripts', path: args.transcripts, weight: 1 }] };
  }
  const weights = args.weights ?? data.map(() => 1);
  if (weights.length !== data.length) {
    throw new AppError('InvalidArgument', `--data-weights has ${weights.length} weight(s) for ${data.length} --data source(s); give one per source, in --data order.`);
  }
  const balance = args.balance ?? data.map(() => 'none' as const);
  if (balance.length !== data.length) {
    throw new AppError('InvalidArgument', `--data-balance has ${balance.length} value(s) for ${data.length} --data source(s); give one per source (none or sign), in --data order.`);
  }
  return { sources: data.map((p, i) => ({ kind: 'data', path: p, weight: weights[i]!, ...(balance[i] === 'sign' ? { balance: 'sign' as const } : {}) })) };
}

/** One source (`corrkd eval`, `export-onnx --data|--transcripts`, the window's evaluation): resolveRunData's rule for one path. */
export function resolveDataSource(args: { data?: string | undefined; transcripts?: string | undefined }): EvalSource {
  if (Boolean(args.data) === Boolean(args.transcripts)) throw new AppError('InvalidArgument', 'Give exactly one of --data PATH or --transcripts CSV.');
  const only = resolveRunData({ data: args.data ? [args.data] : [], transcripts: args.transcripts }).sources[0]!;
  return { kind: only.kind, path: only.path };
}

/** A single source as run data (weight 1). */
export function runDataOf(src: EvalSource | RunData): RunData {
  return 'sources' in src ? src : { sources: [{ kind: src.kind, path: src.path, weight: 1 }] };
}

/** How messages and reports name the run's data: the path, or the paths joined with ' + ' (weights when not all 1). */
export function describeRunData(src: EvalSource | RunData): string {
  const { sources } = runDataOf(src);
  const names = sources.map((s) => s.path).join(' + ');
  const weights = sources.every((s) => s.weight === 1) ? '' : `weights ${sources.map((s) => s.weight).join(', ')}`;
  const balanced = sources.some((s) => s.balance) ? `balanced by sign: ${sources.filter((s) => s.balance).map((s) => s.path).join(', ')}` : '';
  const notes = [weights, balanced].filter(Boolean).join('; ');
  return notes ? `${names} (${notes})` : names;
}

export function writeRunDataSource(runDir: string, src: EvalSource | RunData): void {
  const { sources } = runDataOf(src);
  const abs = sources.map((s) => ({ kind: s.kind, path: path.resolve(s.path), weight: s.weight, ...(s.balance ? { balance: s.balance } : {}) }));
  const only = abs[0]!;
  const plain = abs.length === 1 && only.weight === 1 && !('balance' in only);
  writeJsonAtomic(path.join(runDir, RUN_DATA_FILE), plain ? { kind: only.kind, path: only.path } : { sources: abs });
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
