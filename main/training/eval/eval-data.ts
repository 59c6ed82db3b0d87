/**
 * The samples `corrkd eval` scores, prepared as the app would feed them to the pack: loaded at the
 * pack's T, audio/visual standardised with the PACK's statistics (not the dataset's own), and every
 * modality the pack was not trained with zeroed (DESIGN 5). Dims and T must match the pack's io
 * contract; a different extractor id with the same dim is allowed but noted.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { StageContext } from '../../core/context.ts';
import { makeContext } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import type { PackInfo } from '../../core/inference/pack-info.ts';
import { standardizeInPlace } from '../../core/dataset/norm-stats.ts';
import { loadFeatureDataset } from '../data/load-feature-dataset.ts';
import { loadTrainingData } from '../data/load-training-data.ts';
import { loadTranscriptCsv } from '../data/load-transcript-csv.ts';
import { SPLIT_NAMES, type ModalityKey, type SplitName } from '../../core/dataset/format.ts';
import type { FeatureDataset, SplitData } from '../../core/dataset/feature-dataset.ts';

export const EVAL_SPLITS = ['train', 'valid', 'test', 'all'] as const;
export type EvalSplit = (typeof EVAL_SPLITS)[number];

export type EvalSource = { kind: 'data'; path: string } | { kind: 'transcripts'; path: string };

/** What of the pack the data preparation needs. */
export type PackContract = Pick<PackInfo, 'T' | 'dims' | 'normalisation' | 'trainedModalities' | 'extractors'> & { id: string };

export interface EvalData {
  split: SplitData;
  /** the split that was selected ('all' = train + valid + test in that order) */
  splitName: EvalSplit;
  source: string;
  /** things the user should know (zeroed modalities, extractor id differences) */
  notes: string[];
}

const MODS: readonly ModalityKey[] = ['l', 'a', 'v'];

export function parseEvalSplit(x: string): EvalSplit {
  if (!(EVAL_SPLITS as readonly string[]).includes(x)) {
    throw new AppError('InvalidArgument', `Unknown split '${x}'; allowed: ${EVAL_SPLITS.join(', ')}.`);
  }
  return x as EvalSplit;
}

/** Concatenates splits in order (ids, labels, features, present flags, step masks). */
export function concatSplits(parts: readonly SplitData[], T: number): SplitData {
  const n = parts.reduce((s, p) => s + p.n, 0);
  const cat = <A extends Float32Array | Uint8Array>(get: (p: SplitData) => A, make: (len: number) => A): A => {
    const out = make(parts.reduce((s, p) => s + get(p).length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(get(p), at);
      at += get(p).length;
    }
    return out;
  };
  const f32 = (len: number): Float32Array => new Float32Array(len);
  const u8 = (len: number): Uint8Array => new Uint8Array(len);
  const out: SplitData = {
    n,
    ids: parts.flatMap((p) => p.ids),
    label: cat((p) => p.label, f32),
    l: cat((p) => p.l, f32),
    a: cat((p) => p.a, f32),
    v: cat((p) => p.v, f32),
  };
  if (parts.every((p) => p.present)) {
    out.present = { l: cat((p) => p.present!.l, u8), a: cat((p) => p.present!.a, u8), v: cat((p) => p.present!.v, u8) };
  }
  if (parts.every((p) => p.stepMask)) {
    out.stepMask = { l: cat((p) => p.stepMask!.l, u8), a: cat((p) => p.stepMask!.a, u8), v: cat((p) => p.stepMask!.v, u8) };
  }
  if (out.stepMask && out.stepMask.l.length !== n * T) throw new AppError('Internal', 'concatSplits: step masks do not match n*T.');
  return out;
}

function pick(ds: FeatureDataset, which: EvalSplit, where: string): SplitData {
  const names: readonly SplitName[] = which === 'all' ? SPLIT_NAMES : [which];
  const split = names.length === 1 ? ds.splits[names[0]!] : concatSplits(names.map((s) => ds.splits[s]), ds.meta.T);
  if (split.n === 0) {
    const have = SPLIT_NAMES.map((s) => `${s} ${ds.splits[s].n}`).join(', ');
    throw new AppError('InvalidDataset', `${where}: the '${which}' split has no samples (${have}); choose another with --split.`, { file: where });
  }
  return split;
}

function checkContract(ds: FeatureDataset, pack: PackContract, where: string, notes: string[]): void {
  if (ds.meta.T !== pack.T) {
    throw new AppError('ModelContractMismatch', `${where} has T = ${ds.meta.T} steps per sample; model pack ${pack.id} expects T = ${pack.T}.`, { file: where });
  }
  for (const m of MODS) {
    if (ds.meta.dims[m] !== pack.dims[m] && !ds.meta.modalitiesPresent.includes(m)) {
      // a modality the dataset does not have is zeros whatever it declares (as in training:
      // merge-datasets.ts): zeros of the pack's dim
      for (const s of SPLIT_NAMES) ds.splits[s][m] = new Float32Array(ds.splits[s].n * ds.meta.T * pack.dims[m]);
      notes.push(`'${m}' is absent from ${where} (declared ${ds.meta.extractors[m]}, ${ds.meta.dims[m]}-d): fed as zeros of the pack's ${pack.dims[m]} dims.`);
      ds.meta.dims[m] = pack.dims[m];
      ds.meta.extractors[m] = pack.extractors[m].id;
      continue;
    }
    if (ds.meta.dims[m] !== pack.dims[m]) {
      throw new AppError(
        'ModelContractMismatch',
        `${where} has ${ds.meta.dims[m]}-d '${m}' features (${ds.meta.extractors[m]}); model pack ${pack.id} expects ${pack.dims[m]}-d (${pack.extractors[m].id}).`,
        { file: where },
      );
    }
    if (ds.meta.modalitiesPresent.includes(m) && ds.meta.extractors[m] !== pack.extractors[m].id) {
      notes.push(`'${m}' features come from ${ds.meta.extractors[m]}, the pack was trained on ${pack.extractors[m].id} (same dim; scores may not mean the same).`);
    }
  }
}

/** Standardises a raw feature dataset's audio/visual with the pack's statistics (in place). */
function standardizeWithPack(ds: FeatureDataset, pack: PackContract): void {
  for (const s of SPLIT_NAMES) {
    const sp = ds.splits[s];
    for (const m of ['a', 'v'] as const) {
      const stats = pack.normalisation[m];
      if (stats) standardizeInPlace(sp[m], sp.n, ds.meta.T, stats, sp.stepMask?.[m] ?? null, sp.present?.[m] ?? null);
    }
  }
  ds.meta.standardized = true;
}

async function loadDataset(src: EvalSource, pack: PackContract, ctx: StageContext, notes: string[]): Promise<FeatureDataset> {
  if (src.kind === 'transcripts') {
    const ds = await loadTranscriptCsv(src.path, { T: pack.T }, ctx);
    checkContract(ds, pack, src.path, notes);
    return ds;
  }
  let isDir: boolean;
  try {
    isDir = statSync(src.path).isDirectory();
  } catch (e) {
    throw new AppError('FileUnreadable', `Cannot read ${src.path}: ${(e as Error).message}`, { file: src.path, cause: e });
  }
  if (isDir) {
    const ds = loadFeatureDataset(src.path, { standardize: false });
    checkContract(ds, pack, src.path, notes);
    standardizeWithPack(ds, pack);
    return ds;
  }
  const ds = await loadTrainingData(src.path, { T: pack.T }, ctx);
  checkContract(ds, pack, src.path, notes);
  return ds;
}

/**
 * Loads the evaluation samples. Default split: every row for a transcript CSV (its mode column is
 * not a reason to skip rows), the test split for anything else.
 */
export async function loadEvalData(src: EvalSource, pack: PackContract, split?: EvalSplit, ctx: StageContext = makeContext()): Promise<EvalData> {
  const notes: string[] = [];
  const ds = await loadDataset(src, pack, ctx, notes); // contract checked there, before standardising
  const isCsv = src.kind === 'transcripts' || path.extname(src.path).toLowerCase() === '.csv';
  const splitName: EvalSplit = split ?? (isCsv ? 'all' : 'test');
  const picked = pick(ds, splitName, src.path);
  const data: SplitData = { ...picked };
  for (const m of MODS) {
    if (pack.trainedModalities.includes(m)) continue;
    if (ds.meta.modalitiesPresent.includes(m)) notes.push(`'${m}' is fed as zeros: model pack ${pack.id} was not trained with it (as the app does).`);
    data[m] = new Float32Array(picked[m].length);
  }
  return { split: data, splitName, source: ds.meta.source, notes };
}
