import { readFeatureDataset } from '../../core/dataset/reader.ts';
import { standardizeInPlace } from '../../core/dataset/norm-stats.ts';
import { SPLIT_NAMES } from '../../core/dataset/format.ts';
import type { FeatureDataset } from '../../core/dataset/feature-dataset.ts';

export interface LoadOptions {
  /**
   * Standardise audio/visual with the train stats in dataset.json (default true): the model pack
   * carries the same stats and the app standardises its inputs with them (DESIGN 4), so training
   * must see standardised features. Masked steps and absent modalities stay 0.
   */
  standardize?: boolean;
  /** check each file's sha256 against dataset.json (default true) */
  verify?: boolean;
}

/** Reads a folder written by `corrkd dataset build` (core/dataset/FORMAT.md). */
export function loadFeatureDataset(dir: string, opts: LoadOptions = {}): FeatureDataset {
  const ds = readFeatureDataset(dir, { verify: opts.verify ?? true });
  if (opts.standardize ?? true) standardizeDataset(ds);
  return ds;
}

/** In place, once: (x - mean) / std for audio/visual at valid steps of present samples. */
export function standardizeDataset(ds: FeatureDataset): void {
  if (ds.meta.standardized) return;
  for (const s of SPLIT_NAMES) {
    const sp = ds.splits[s];
    for (const m of ['a', 'v'] as const) {
      const stats = ds.meta.norm[m];
      if (stats) standardizeInPlace(sp[m], sp.n, ds.meta.T, stats, sp.stepMask?.[m] ?? null, sp.present?.[m] ?? null);
    }
  }
  ds.meta.standardized = true;
}
