/**
 * One-modality training sources for the multi-source tests, built through the sample sinks
 * `corrkd dataset build` uses (MemorySink in memory, DatasetWriter on disk): an audio-only and a
 * visual-only set whose per-step features are seeded noise around a label-dependent pattern, and
 * a variable number of valid steps per sample. Text comes from real MOSI rows
 * (test/unit/training/trainer/mosi-subset.ts).
 */
import { AUDIO_V1_DIM, AUDIO_V1_EXTRACTOR } from '../../main/core/features/audio/audio-v1-dims.ts';
import { TEXT_EXTRACTOR } from '../../main/core/features/text/text-v2.ts';
import { VISUAL_V1_DIM } from '../../main/core/features/visual/visual-v1-dims.ts';
import type { DatasetSample, DatasetSpec, SplitName } from '../../main/core/dataset/format.ts';
import { DatasetWriter } from '../../main/core/dataset/writer.ts';
import { Rng } from '../../main/core/rng.ts';
import { MemorySink } from '../../main/training/data/memory-sink.ts';
import type { FeatureDataset } from '../../main/core/dataset/feature-dataset.ts';

export type Sizes = Record<SplitName, number>;

export interface OneModalityOptions {
  T: number;
  sizes: Sizes;
  seed: number;
  /** mean of every feature (different sets, different means: pooled statistics differ from each one's) */
  offset?: number;
  /** override a declaration (e.g. another extractor for the modality the set does not have) */
  declare?: Partial<DatasetSpec['modalities']>;
}

export function oneModalitySpec(which: 'a' | 'v', o: OneModalityOptions): DatasetSpec {
  return {
    T: o.T,
    modalities: {
      l: { extractor: TEXT_EXTRACTOR.id, dim: TEXT_EXTRACTOR.dims },
      a: { extractor: AUDIO_V1_EXTRACTOR, dim: AUDIO_V1_DIM },
      v: { extractor: 'visual-v1', dim: VISUAL_V1_DIM },
      ...o.declare,
    },
    source: { kind: 'clips', path: `${which}-only-${o.seed}.csv`, description: `${which === 'a' ? 'audio' : 'visual'}-only test set (seed ${o.seed})` },
  };
}

function* samples(which: 'a' | 'v', spec: DatasetSpec, o: OneModalityOptions): Generator<[SplitName, DatasetSample]> {
  const rng = new Rng(o.seed);
  const dim = spec.modalities[which].dim;
  const pattern = Float32Array.from({ length: dim }, () => rng.normal());
  for (const split of ['train', 'valid', 'test'] as const) {
    for (let i = 0; i < o.sizes[split]; i++) {
      const label = Math.round((6 * rng.uniform() - 3) * 10) / 10;
      const steps = Math.max(2, Math.ceil(o.T * (0.4 + 0.6 * rng.uniform())));
      const data = new Float32Array(o.T * dim);
      const stepMask = new Uint8Array(o.T);
      for (let t = 0; t < steps; t++) {
        stepMask[t] = 1;
        for (let j = 0; j < dim; j++) data[t * dim + j] = (o.offset ?? 0) + label * pattern[j]! + 0.5 * rng.normal();
      }
      const mat = { dim, steps: o.T, data, stepMask };
      yield [split, { id: `${which}-${o.seed}-${split}-${i}`, label, l: null, a: which === 'a' ? mat : null, v: which === 'v' ? mat : null }];
    }
  }
}

/** In memory, not standardised unless asked (merge-datasets wants raw sources). */
export function oneModalityDataset(which: 'a' | 'v', o: OneModalityOptions, standardize = false): FeatureDataset {
  const spec = oneModalitySpec(which, o);
  const sink = new MemorySink(spec);
  for (const [split, s] of samples(which, spec, o)) sink.append(split, s);
  return sink.toDataset({ standardize });
}

/** On disk, as `corrkd dataset build` writes it; returns the folder. */
export function writeOneModalityDataset(dir: string, which: 'a' | 'v', o: OneModalityOptions): string {
  const spec = oneModalitySpec(which, o);
  const w = new DatasetWriter(dir, spec);
  for (const [split, s] of samples(which, spec, o)) w.append(split, s);
  w.finish({ tool: 'test', failed: 0 });
  return dir;
}
