import { AppError } from '../../core/errors.ts';
import {
  MODALITY_KEYS,
  SPLIT_NAMES,
  type DatasetSample,
  type DatasetSpec,
  type SampleSink,
  type SplitName,
} from '../../core/dataset/format.ts';
import { NormAccumulator, standardizeInPlace } from '../../core/dataset/norm-stats.ts';
import { sampleProblem } from '../../core/dataset/writer.ts';
import type { FeatureDataset, SplitData } from '../../core/dataset/feature-dataset.ts';

/**
 * Collects builder samples in memory and assembles a FeatureDataset: the same arrays, masks and
 * train statistics the on-disk writer would produce, without the folder (training straight from a
 * CSV, `corrkd eval --transcripts`).
 */
export class MemorySink implements SampleSink {
  private readonly spec: DatasetSpec;
  private readonly samples: Record<SplitName, DatasetSample[]> = { train: [], valid: [], test: [] };
  private readonly ids = new Set<string>();

  constructor(spec: DatasetSpec) {
    this.spec = spec;
  }

  append(split: SplitName, sample: DatasetSample): void {
    const problem = this.ids.has(sample.id) ? 'duplicate id' : sampleProblem(sample, this.spec);
    if (problem) throw new AppError('InvalidDataset', `Sample '${sample.id}': ${problem}`);
    this.ids.add(sample.id);
    this.samples[split].push(sample);
  }

  toDataset(opts: { standardize?: boolean } = {}): FeatureDataset {
    const { T, modalities } = this.spec;
    const dims = { l: modalities.l.dim, a: modalities.a.dim, v: modalities.v.dim };
    const splits = {} as FeatureDataset['splits'];
    for (const s of SPLIT_NAMES) splits[s] = assemble(this.samples[s], T, dims);
    const norm = { a: trainNorm(splits.train, 'a', T, dims.a), v: trainNorm(splits.train, 'v', T, dims.v) };
    const standardize = opts.standardize ?? true;
    if (standardize) {
      for (const s of SPLIT_NAMES) {
        const sp = splits[s];
        for (const m of ['a', 'v'] as const) {
          const st = norm[m];
          if (st) standardizeInPlace(sp[m], sp.n, T, st, sp.stepMask![m], sp.present![m]);
        }
      }
    }
    return {
      meta: {
        T,
        dims,
        extractors: { l: modalities.l.extractor, a: modalities.a.extractor, v: modalities.v.extractor },
        source: `${this.spec.source.kind}: ${this.spec.source.description}`,
        modalitiesPresent: MODALITY_KEYS.filter((m) => SPLIT_NAMES.some((s) => splits[s].present![m].includes(1))),
        norm,
        standardized: standardize,
      },
      splits,
    };
  }
}

function assemble(list: DatasetSample[], T: number, dims: Record<'l' | 'a' | 'v', number>): SplitData {
  const n = list.length;
  const out: SplitData = {
    n,
    ids: list.map((s) => s.id),
    label: Float32Array.from(list, (s) => s.label),
    l: new Float32Array(n * T * dims.l),
    a: new Float32Array(n * T * dims.a),
    v: new Float32Array(n * T * dims.v),
    present: { l: new Uint8Array(n), a: new Uint8Array(n), v: new Uint8Array(n) },
    stepMask: { l: new Uint8Array(n * T), a: new Uint8Array(n * T), v: new Uint8Array(n * T) },
  };
  list.forEach((s, i) => {
    for (const m of MODALITY_KEYS) {
      const mat = s[m];
      if (!mat) continue;
      out[m].set(mat.data, i * T * dims[m]);
      out.stepMask![m].set(mat.stepMask, i * T);
      out.present![m][i] = 1;
    }
  });
  return out;
}

function trainNorm(train: SplitData, m: 'a' | 'v', T: number, d: number): { mean: number[]; std: number[] } | null {
  if (!train.present![m].includes(1)) return null;
  const acc = new NormAccumulator(d);
  for (let i = 0; i < train.n; i++) {
    if (train.present![m][i] !== 1) continue;
    acc.add(train[m].subarray(i * T * d, (i + 1) * T * d), T, train.stepMask![m].subarray(i * T, (i + 1) * T));
  }
  const r = acc.result();
  return { mean: r.mean, std: r.std };
}
