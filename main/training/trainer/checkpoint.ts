/**
 * The resume state of a run (RUNDIR/checkpoint.bin, a tensor file; README.md in main/training):
 * weights of teacher, student and both statistics networks, the running stage's best weights so far,
 * the Adam moments and step, each stage's epoch/best/patience bookkeeping, the config, and a
 * fingerprint of the data. Random state needs no bytes: every epoch draws from a stream derived from
 * (seed, stage, epoch), so "seed + epochs done" is the RNG state.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { corrkdConfigSchema } from '../config.ts';
import type { CorrkdConfig, TrainConfig } from '../config.ts';
import type { FeatureDataset } from '../../core/dataset/feature-dataset.ts';
import type { StatsNetWeights } from '../losses/stats-net.ts';
import type { WeightArrays } from '../model/params.ts';
import type { AdamState } from './adam.ts';
import { readTensorFile, writeTensorFile } from './tensor-file.ts';
import type { NamedTensor } from './tensor-file.ts';

export const CHECKPOINT_KIND = 'corrkd-checkpoint';
export const CHECKPOINT_VERSION = 1;
export const RNG_SCHEME = 'mulberry32 stream per (seed, stage, epoch): deriveSeed(seed, `${stage}-epoch-${epoch}`)';

const num = z.number().nullable();
/** JSON has no NaN (a diverged loss is written as null); read it back as NaN. */
const lossNum = z.number().nullable().transform((v) => v ?? NaN);
const epochRecordSchema = z.object({
  epoch: z.number().int().min(1),
  train: z.record(z.string(), lossNum),
  valLoss: lossNum,
  val: z.record(z.string(), num),
  valSources: z.array(z.object({ name: z.string(), n: z.number().int().min(0), loss: num, val: z.record(z.string(), num) })).optional(),
  seconds: z.number(),
  steps: z.number().int(),
  improved: z.boolean(),
});
export const stageStateSchema = z.object({
  status: z.enum(['pending', 'running', 'done']),
  epochsDone: z.number().int().min(0),
  bestEpoch: z.number().int().min(0),
  bestValLoss: num,
  sinceBest: z.number().int().min(0),
  earlyStopped: z.boolean(),
  history: z.array(epochRecordSchema),
});

const fingerprintSchema = z.object({
  T: z.number().int(),
  dims: z.object({ l: z.number().int(), a: z.number().int(), v: z.number().int() }),
  n: z.object({ train: z.number().int(), valid: z.number().int(), test: z.number().int() }),
  sha256: z.string(),
});
export type DataFingerprint = z.infer<typeof fingerprintSchema>;

export const checkpointMetaSchema = z.object({
  kind: z.literal(CHECKPOINT_KIND),
  version: z.literal(CHECKPOINT_VERSION),
  updated: z.string(),
  config: corrkdConfigSchema,
  data: fingerprintSchema,
  stages: z.object({ teacher: stageStateSchema, student: stageStateSchema }),
  /** the stage whose Adam state and best weights are stored, or null between stages */
  running: z.enum(['teacher', 'student']).nullable(),
  adamStep: z.number().int().min(0),
  rng: z.object({ seed: z.number().int(), scheme: z.string() }),
});
export type CheckpointMeta = z.infer<typeof checkpointMetaSchema>;

export interface CheckpointState {
  meta: CheckpointMeta;
  teacher: WeightArrays;
  student: WeightArrays;
  stats: { target: StatsNetWeights; nonTarget: StatsNetWeights };
  /** best weights of the running stage's network so far (null between stages) */
  best: WeightArrays | null;
  adam: AdamState | null;
}

/** Shapes are informational in the file (tensors are flat per name); the model spec fixes them. */
function flat(prefix: string, w: Record<string, Float32Array>): NamedTensor[] {
  return Object.entries(w).map(([name, data]) => ({ name: `${prefix}/${name}`, shape: [data.length], data }));
}

function group(tensors: Map<string, NamedTensor>, prefix: string): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const [name, t] of tensors) if (name.startsWith(`${prefix}/`)) out[name.slice(prefix.length + 1)] = t.data;
  return out;
}

export function saveCheckpoint(file: string, s: CheckpointState): void {
  const tensors: NamedTensor[] = [
    ...flat('teacher', s.teacher),
    ...flat('student', s.student),
    ...flat('stats.target', { ...s.stats.target }),
    ...flat('stats.nontarget', { ...s.stats.nonTarget }),
    ...(s.best ? flat('best', s.best) : []),
  ];
  if (s.adam) {
    s.adam.m.forEach((m, i) => tensors.push({ name: `adam.m/${i}`, shape: [m.length], data: m }));
    s.adam.v.forEach((v, i) => tensors.push({ name: `adam.v/${i}`, shape: [v.length], data: v }));
  }
  writeTensorFile(file, s.meta, tensors);
}

function statsWeights(w: Record<string, Float32Array>, file: string, which: string): StatsNetWeights {
  const { W1, b1, W2, b2 } = w;
  if (!W1 || !b1 || !W2 || !b2) throw new AppError('InvalidDataset', `${file}: statistics network '${which}' weights are incomplete.`, { file });
  return { W1, b1, W2, b2 };
}

export function loadCheckpoint(file: string): CheckpointState {
  const f = readTensorFile(file);
  const parsed = checkpointMetaSchema.safeParse(f.meta);
  if (!parsed.success) {
    const why = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new AppError('InvalidDataset', `${file} is not a CorrKD checkpoint of version ${CHECKPOINT_VERSION} (${why}).`, { file });
  }
  const meta = parsed.data;
  const adamM = group(f.tensors, 'adam.m');
  const adamV = group(f.tensors, 'adam.v');
  const count = Object.keys(adamM).length;
  const best = group(f.tensors, 'best');
  return {
    meta,
    teacher: group(f.tensors, 'teacher'),
    student: group(f.tensors, 'student'),
    stats: { target: statsWeights(group(f.tensors, 'stats.target'), file, 'target'), nonTarget: statsWeights(group(f.tensors, 'stats.nontarget'), file, 'nontarget') },
    best: Object.keys(best).length > 0 ? best : null,
    adam:
      meta.running && count > 0
        ? {
            step: meta.adamStep,
            m: Array.from({ length: count }, (_, i) => adamM[i]!),
            v: Array.from({ length: count }, (_, i) => adamV[i]!),
          }
        : null,
  };
}

/**
 * Identifies the training data: shapes, split sizes and a hash of ids, labels and features; with
 * several sources (or a sampling weight) also their sizes and weights, so a resume with other
 * weights is refused. Source paths are not hashed: the same data given by another path resumes.
 */
export function dataFingerprint(data: FeatureDataset): DataFingerprint {
  const h = createHash('sha256');
  if (data.meta.sources) h.update(`sources:${JSON.stringify(data.meta.sources.map((s) => [s.weight, s.n.train, s.n.valid, s.n.test, ...(s.balance ? [s.balance] : [])]))}`); // balance only when set: older fingerprints stay valid
  for (const name of ['train', 'valid', 'test'] as const) {
    const s = data.splits[name];
    h.update(`${name}:${s.n}:${s.ids.join('\u0000')}`);
    for (const a of [s.label, s.l, s.a, s.v]) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }
  const { T, dims } = data.meta;
  return { T, dims: { ...dims }, n: { train: data.splits.train.n, valid: data.splits.valid.n, test: data.splits.test.n }, sha256: h.digest('hex') };
}

/**
 * The training settings a resume may change: `epochs` (to extend a run), `patience`, `stages` (train
 * the teacher now, the student later), and the student-only settings, which take effect when the
 * student stage starts (resuming mid-student with new ones is the user's call). Anything else would
 * make the resumed run a different experiment.
 */
export const RESUMABLE_TRAIN_KEYS = ['epochs', 'patience', 'stages', 'studentInit', 'studentLr', 'studentSelection'] as const satisfies readonly (keyof TrainConfig)[];

function withoutResumable(c: CorrkdConfig): CorrkdConfig {
  const train: Partial<TrainConfig> = { ...c.train };
  for (const k of RESUMABLE_TRAIN_KEYS) delete train[k];
  return { ...c, train: train as TrainConfig };
}

/** What differs between the checkpoint's config and a resume request, outside RESUMABLE_TRAIN_KEYS. */
export function configMismatch(saved: CorrkdConfig, wanted: CorrkdConfig): string[] {
  const a = withoutResumable(saved);
  const b = withoutResumable(wanted);
  const diffs: string[] = [];
  const walk = (x: unknown, y: unknown, p: string): void => {
    if (typeof x === 'object' && x !== null && typeof y === 'object' && y !== null) {
      for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], p ? `${p}.${k}` : k);
    } else if (x !== y) diffs.push(`${p}: checkpoint ${JSON.stringify(x)}, requested ${JSON.stringify(y)}`);
  };
  walk(a, b, '');
  return diffs;
}

/** The config a resumed run trains with: the checkpoint's, with the requested RESUMABLE_TRAIN_KEYS that are set. */
export function resumedConfig(saved: CorrkdConfig, wanted: CorrkdConfig): CorrkdConfig {
  const train: Record<string, unknown> = { ...saved.train };
  for (const k of RESUMABLE_TRAIN_KEYS) if (wanted.train[k] !== undefined) train[k] = wanted.train[k];
  return { ...saved, train: train as TrainConfig };
}
