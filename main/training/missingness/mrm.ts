/**
 * Modality-random-missing (MRM, DESIGN 6), resampled per batch per sample:
 * 1. with p = 0.5, keep only a subset chosen uniformly from {l},{a},{v},{l,a},{l,v},{a,v} (whole
 *    modalities outside it are zeroed);
 * 2. independently, with p = 0.5, draw r ~ U(0, 1) for each kept modality and zero each of its steps
 *    with probability r.
 * Draw order per sample (fixed, so a seed reproduces the masks): u_drop, [subset index], u_step,
 * then per kept modality in l, a, v order: r, then T step draws.
 *
 * Samples with absent modalities (`present`, from the data; README "Samples with absent
 * modalities"): the subset is drawn uniformly among the kept-sets that keep at least one modality
 * the sample has (a drop that leaves nothing is pointless: the app never runs the model on empty
 * input), and only modalities that are kept AND present get step draws. For a complete sample both
 * rules are today's, so its draws, and every seed's masks, are unchanged.
 */
import { AppError } from '../../core/errors.ts';
import type { Rng } from '../../core/rng.ts';
import { INCOMPLETE_CONDITIONS, keptModalities } from './conditions.ts';
import { checkBatchShape, type ModalityMasks } from './masks.ts';

export const MRM_SUBSET_PROB = 0.5;
export const MRM_STEP_PROB = 0.5;
/** The MRM kept-sets, indexed by MrmMasks.subset. */
export const MRM_SUBSETS = INCOMPLETE_CONDITIONS;

export interface MrmMasks extends ModalityMasks {
  /** [B]: index into MRM_SUBSETS of the kept set, or -1 when no whole-modality drop happened */
  subset: Int8Array;
  /** [B]: 1 when the step-dropout branch fired for the sample */
  stepDrop: Uint8Array;
  /** [B*3]: the rate r drawn for each kept modality when stepDrop fired, else 0 */
  stepRate: Float32Array;
}

const SUBSET_KEPT = MRM_SUBSETS.map(keptModalities);

/** Indices into MRM_SUBSETS of the kept-sets that keep at least one modality of `has` ([l, a, v]). */
export function eligibleSubsets(has: readonly boolean[]): number[] {
  return SUBSET_KEPT.flatMap((kept, i) => (kept.some((k, m) => k && has[m]) ? [i] : []));
}

const ALL_SUBSETS = eligibleSubsets([true, true, true]);
/** eligibleSubsets by the 3-bit pattern l | a << 1 | v << 2 */
const ELIGIBLE = Array.from({ length: 8 }, (_, bits) => eligibleSubsets([(bits & 1) !== 0, (bits & 2) !== 0, (bits & 4) !== 0]));

/**
 * `present`, when given, is [B*3] (l, a, v per sample; 1 = the sample has that modality); without
 * it every sample is complete.
 */
export function sampleMrmMasks(rng: Rng, B: number, T: number, present?: Uint8Array): MrmMasks {
  checkBatchShape('sampleMrmMasks', B, T);
  if (present && present.length !== B * 3) {
    throw new AppError('InvalidArgument', `sampleMrmMasks: present has ${present.length} flags for a batch of ${B} (expected B*3).`);
  }
  const modal = new Uint8Array(B * 3);
  const steps = new Uint8Array(B * 3 * T);
  const subset = new Int8Array(B).fill(-1);
  const stepDrop = new Uint8Array(B);
  const stepRate = new Float32Array(B * 3);
  for (let b = 0; b < B; b++) {
    const has = present ? [present[b * 3] === 1, present[b * 3 + 1] === 1, present[b * 3 + 2] === 1] : [true, true, true];
    const eligible = present ? ELIGIBLE[(has[0] ? 1 : 0) | (has[1] ? 2 : 0) | (has[2] ? 4 : 0)]! : ALL_SUBSETS;
    let kept: readonly boolean[] = [true, true, true];
    if (rng.uniform() < MRM_SUBSET_PROB && eligible.length > 0) {
      const s = eligible[rng.int(eligible.length)]!;
      subset[b] = s;
      kept = SUBSET_KEPT[s] as readonly boolean[];
    }
    const dropSteps = rng.uniform() < MRM_STEP_PROB;
    stepDrop[b] = dropSteps ? 1 : 0;
    for (let m = 0; m < 3; m++) {
      if (!kept[m] || !has[m]) continue; // modal and steps stay 0 (an absent modality is zero anyway)
      modal[b * 3 + m] = 1;
      const row = (b * 3 + m) * T;
      if (!dropSteps) {
        steps.fill(1, row, row + T);
        continue;
      }
      const r = rng.uniform();
      stepRate[b * 3 + m] = r;
      for (let t = 0; t < T; t++) steps[row + t] = rng.uniform() < r ? 0 : 1;
    }
  }
  return { B, T, modal, steps, subset, stepDrop, stepRate };
}
