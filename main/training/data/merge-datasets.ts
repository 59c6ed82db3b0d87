/**
 * Several training sources as one dataset (`corrkd train --data A --data B ...`, README "Several
 * datasets in one run"): splits concatenated in source order, each row remembering its source.
 *
 * Contract: every source has the same T; a modality present in a source (present = 1 for some
 * sample) has the same extractor id and dim in every source that has it. A modality a source does
 * not have at all may carry any extractor id and dim there: its rows become zeros of the common
 * dim. A modality no source has keeps the first source's declaration (it is all zeros).
 *
 * Normalisation: audio/visual statistics are recomputed over the union of the sources' train splits
 * (valid steps of present samples, exactly what each source's own statistics cover), so the pack's
 * manifest gets the mean/std of everything the model saw; the sources are given raw (not yet
 * standardised) and the merged arrays are standardised with those pooled statistics. A source whose
 * features come already standardised (research pickles) can only be merged when no other source
 * has the same modality.
 */
import { AppError } from '../../core/errors.ts';
import { NormAccumulator, standardizeInPlace } from '../../core/dataset/norm-stats.ts';
import { MODALITY_KEYS, SPLIT_NAMES } from '../../core/dataset/format.ts';
import type { ModalityKey, SplitName } from '../../core/dataset/format.ts';
import type { DatasetMeta, FeatureDataset, NormVector, SourceInfo, SplitData } from '../../core/dataset/feature-dataset.ts';

export interface MergeSource {
  /** how errors and run.json name the source (its path) */
  name: string;
  data: FeatureDataset;
  /** sampling weight per epoch (README; 1 = every train sample once) */
  weight: number;
  /** SourceInfo.balance */
  balance?: 'sign';
}

const MODALITY_NAMES: Record<ModalityKey, string> = { l: 'text', a: 'audio', v: 'visual' };

function hasModality(ds: FeatureDataset, m: ModalityKey): boolean {
  return ds.meta.modalitiesPresent.includes(m);
}

/** The common T, extractors and dims; throws naming the source and modality that disagree. */
function commonContract(parts: readonly MergeSource[]): Pick<DatasetMeta, 'T' | 'dims' | 'extractors'> {
  const first = parts[0]!;
  for (const p of parts) {
    if (p.data.meta.T !== first.data.meta.T) {
      throw new AppError('InvalidDataset', `Training source ${p.name} has T = ${p.data.meta.T} steps but ${first.name} has T = ${first.data.meta.T}; every --data source must have the same T.`, { file: p.name });
    }
  }
  const dims = { ...first.data.meta.dims };
  const extractors = { ...first.data.meta.extractors };
  for (const m of MODALITY_KEYS) {
    const owner = parts.find((p) => hasModality(p.data, m));
    if (!owner) continue;
    dims[m] = owner.data.meta.dims[m];
    extractors[m] = owner.data.meta.extractors[m];
    for (const p of parts) {
      if (!hasModality(p.data, m)) continue;
      const e = p.data.meta.extractors[m];
      const d = p.data.meta.dims[m];
      if (e !== extractors[m] || d !== dims[m]) {
        throw new AppError(
          'InvalidDataset',
          `Training source ${p.name}: modality '${m}' (${MODALITY_NAMES[m]}) is ${e} with ${d} dims, but ${owner.name} has ${extractors[m]} with ${dims[m]} dims; every source that has a modality must use the same extractor and dim.`,
          { file: p.name },
        );
      }
    }
  }
  return { T: first.data.meta.T, dims, extractors };
}

function stepMaskFromRows(arr: Float32Array, n: number, T: number, d: number): Uint8Array {
  const out = new Uint8Array(n * T);
  for (let s = 0; s < n * T; s++) {
    for (let j = s * d; j < (s + 1) * d; j++) {
      if (arr[j] !== 0) {
        out[s] = 1;
        break;
      }
    }
  }
  return out;
}

/** One split of all sources, concatenated (features of a modality a source lacks become zeros of the common dim). */
function concatSplit(parts: readonly MergeSource[], name: SplitName, T: number, dims: Record<ModalityKey, number>): SplitData {
  const splits = parts.map((p) => p.data.splits[name]);
  const n = splits.reduce((s, sp) => s + sp.n, 0);
  const out: SplitData = {
    n,
    ids: splits.flatMap((sp) => sp.ids),
    label: new Float32Array(n),
    l: new Float32Array(n * T * dims.l),
    a: new Float32Array(n * T * dims.a),
    v: new Float32Array(n * T * dims.v),
    present: { l: new Uint8Array(n), a: new Uint8Array(n), v: new Uint8Array(n) },
    stepMask: { l: new Uint8Array(n * T), a: new Uint8Array(n * T), v: new Uint8Array(n * T) },
    source: new Uint16Array(n),
  };
  let at = 0;
  splits.forEach((sp, i) => {
    const ds = parts[i]!.data;
    out.label.set(sp.label, at);
    out.source!.fill(i, at, at + sp.n);
    for (const m of MODALITY_KEYS) {
      const has = hasModality(ds, m);
      if (has) out[m].set(sp[m], at * T * dims[m]); // an absent modality stays zero
      out.present![m].set(sp.present ? sp.present[m] : new Uint8Array(sp.n).fill(has ? 1 : 0), at);
      if (has) out.stepMask![m].set(sp.stepMask ? sp.stepMask[m] : stepMaskFromRows(sp[m], sp.n, T, dims[m]), at * T);
    }
    at += sp.n;
  });
  return out;
}

/** Mean/std over valid steps of present samples of the merged train split (NormAccumulator, as `dataset build`). */
function pooledStats(train: SplitData, T: number, d: number, m: 'a' | 'v'): NormVector & { count: number } {
  const acc = new NormAccumulator(d);
  for (let i = 0; i < train.n; i++) {
    if (train.present![m][i] !== 1) continue;
    acc.add(train[m].subarray(i * T * d, (i + 1) * T * d), T, train.stepMask![m].subarray(i * T, (i + 1) * T));
  }
  return acc.result();
}

/** The normalisation of audio/visual for the merged data, standardising the merged arrays when it pools raw sources. */
function normalise(parts: readonly MergeSource[], merged: FeatureDataset['splits'], T: number, dims: Record<ModalityKey, number>): DatasetMeta['norm'] {
  const norm: DatasetMeta['norm'] = { a: null, v: null };
  for (const m of ['a', 'v'] as const) {
    const owners = parts.filter((p) => hasModality(p.data, m));
    if (owners.length === 0) continue;
    const ready = owners.filter((p) => p.data.meta.standardized);
    if (ready.length > 0 && owners.length > 1) {
      throw new AppError(
        'InvalidDataset',
        `Training source ${ready[0]!.name}: its ${MODALITY_NAMES[m]} features are already standardised, so they cannot be pooled with the ${MODALITY_NAMES[m]} of ${owners.filter((p) => p !== ready[0]).map((p) => p.name).join(', ')}.`,
        { file: ready[0]!.name },
      );
    }
    if (ready.length === 1) {
      norm[m] = ready[0]!.data.meta.norm[m];
      continue;
    }
    const stats = pooledStats(merged.train, T, dims[m], m);
    norm[m] = { mean: stats.mean, std: stats.std };
    for (const s of SPLIT_NAMES) {
      const sp = merged[s];
      standardizeInPlace(sp[m], sp.n, T, norm[m]!, sp.stepMask![m], sp.present![m]);
    }
  }
  return norm;
}

/** The sources as one dataset (module comment); parts[i] becomes source i. Sources must not be standardised yet (LoadOptions.standardize false). */
export function mergeDatasets(parts: readonly MergeSource[]): FeatureDataset {
  if (parts.length === 0) throw new AppError('InvalidArgument', 'mergeDatasets: no training source given.');
  if (parts.length > 0xffff) throw new AppError('InvalidArgument', `mergeDatasets: ${parts.length} sources; at most 65535.`);
  for (const p of parts) {
    if (!(Number.isFinite(p.weight) && p.weight > 0)) throw new AppError('InvalidArgument', `Training source ${p.name}: weight ${p.weight} must be a number > 0.`, { file: p.name });
  }
  const { T, dims, extractors } = commonContract(parts);
  const splits = { train: concatSplit(parts, 'train', T, dims), valid: concatSplit(parts, 'valid', T, dims), test: concatSplit(parts, 'test', T, dims) };
  const norm = normalise(parts, splits, T, dims);
  const sources: SourceInfo[] = parts.map((p) => ({
    name: p.name,
    weight: p.weight,
    ...(p.balance ? { balance: p.balance } : {}),
    n: { train: p.data.splits.train.n, valid: p.data.splits.valid.n, test: p.data.splits.test.n },
    modalitiesPresent: [...p.data.meta.modalitiesPresent],
    extractors: { ...p.data.meta.extractors },
  }));
  return {
    meta: {
      T,
      dims,
      extractors,
      source: parts.map((p) => p.data.meta.source).join(' + '),
      modalitiesPresent: MODALITY_KEYS.filter((m) => parts.some((p) => hasModality(p.data, m))),
      norm,
      standardized: true,
      sources,
    },
    splits,
  };
}
