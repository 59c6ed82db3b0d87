/**
 * Masks of the evaluation protocols (DESIGN 6), in the same representation MRM produces:
 * - fixed missing: one kept-set for the whole batch, every step of a kept modality kept;
 * - random step-missing: every step of every modality zeroed independently with probability p
 *   (modal stays 1; p = 1 zeroes everything). Use one seed for every model being compared.
 */
import { AppError } from '../../core/errors.ts';
import type { Rng } from '../../core/rng.ts';
import { keptModalities, type Condition } from './conditions.ts';
import { checkBatchShape, type ModalityMasks } from './masks.ts';

export function fixedConditionMasks(cond: Condition, B: number, T: number): ModalityMasks {
  checkBatchShape('fixedConditionMasks', B, T);
  const kept = keptModalities(cond);
  const modal = new Uint8Array(B * 3);
  const steps = new Uint8Array(B * 3 * T);
  for (let b = 0; b < B; b++) {
    for (let m = 0; m < 3; m++) {
      if (!kept[m]) continue;
      modal[b * 3 + m] = 1;
      steps.fill(1, (b * 3 + m) * T, (b * 3 + m + 1) * T);
    }
  }
  return { B, T, modal, steps };
}

export function randomStepMasks(rng: Rng, B: number, T: number, p: number): ModalityMasks {
  checkBatchShape('randomStepMasks', B, T);
  if (!(p >= 0 && p <= 1)) throw new AppError('InvalidArgument', `randomStepMasks: missing rate p must be in [0, 1], got ${p}.`);
  const modal = new Uint8Array(B * 3).fill(1);
  const steps = new Uint8Array(B * 3 * T);
  // rng.uniform() is in [0, 1): p = 0 never drops, p = 1 always drops.
  for (let i = 0; i < steps.length; i++) steps[i] = rng.uniform() < p ? 0 : 1;
  return { B, T, modal, steps };
}
