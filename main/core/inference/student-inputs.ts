import { MODALITIES, type Modality, type StepMatrix } from '../types.ts';
import { AppError } from '../errors.ts';
import { SUBSETS, type Subset } from '../result/schema.ts';
import { SHORT_OF, type PackInfo, type ShortModality } from './pack-info.ts';

/**
 * Builds the student's [B, T, dim] inputs for a list of (utterance steps, kept subset) rows:
 * standardises audio/visual with the pack's statistics on real steps only (padding and missing
 * steps stay exactly zero, as in training), and zeroes every modality that the row's subset drops
 * or that the pack never learned.
 */
export interface StudentRow {
  steps: Record<Modality, StepMatrix>;
  subset: Subset;
}

export function keptBy(subset: Subset): Set<ShortModality> {
  return new Set(subset.split('') as ShortModality[]);
}

export function buildInputs(pack: PackInfo, rows: readonly StudentRow[]): Record<ShortModality, Float32Array> {
  const { T } = pack;
  const out = {} as Record<ShortModality, Float32Array>;
  for (const m of MODALITIES) {
    const s = SHORT_OF[m];
    const D = pack.dims[s];
    const buf = new Float32Array(rows.length * T * D);
    const norm = pack.normalisation[s];
    const trained = pack.trainedModalities.includes(s);
    rows.forEach((row, b) => {
      if (!trained || !keptBy(row.subset).has(s)) return;
      const st = row.steps[m];
      if (st.dim !== D) {
        throw new AppError('ModelContractMismatch', `Model pack ${pack.id} expects ${D}-d ${m} features, the extractor gave ${st.dim}-d.`, { file: pack.dir });
      }
      const steps = Math.min(T, st.steps);
      for (let t = 0; t < steps; t++) {
        if (!st.stepMask[t]) continue;
        const base = (b * T + t) * D;
        for (let d = 0; d < D; d++) {
          const x = st.data[t * D + d] ?? 0;
          buf[base + d] = norm ? (x - (norm.mean[d] ?? 0)) / (norm.std[d] || 1) : x;
        }
      }
    });
    out[s] = buf;
  }
  return out;
}

export { SUBSETS };
