/**
 * The mask representation shared by MRM and the evaluation protocols.
 * Layouts (row-major, modality order l, a, v):
 *   modal[b*3 + m]           1 = modality m of sample b is kept at the modality level
 *   steps[(b*3 + m)*T + t]   1 = step t is fed to the model. This is the EFFECTIVE mask: it is 0 for
 *                            every step of a modality dropped at the modality level, so zero-filling
 *                            needs `steps` only.
 */
import { AppError } from '../../core/errors.ts';

export interface ModalityMasks {
  B: number;
  T: number;
  modal: Uint8Array;
  steps: Uint8Array;
}

export function checkBatchShape(fn: string, b: number, t: number): void {
  if (!Number.isInteger(b) || b < 0 || !Number.isInteger(t) || t < 1) {
    throw new AppError('InvalidArgument', `${fn}: batch size must be an integer >= 0 and T an integer >= 1 (got B=${b}, T=${t}).`);
  }
}

/** Masks with every modality and step kept. */
export function allKeptMasks(b: number, t: number): ModalityMasks {
  checkBatchShape('allKeptMasks', b, t);
  return { B: b, T: t, modal: new Uint8Array(b * 3).fill(1), steps: new Uint8Array(b * 3 * t).fill(1) };
}

/** The [B*T] step mask of one modality (index m in l, a, v order), e.g. for a [B, T, 1] multiplier. */
export function modalityStepMask(masks: ModalityMasks, m: number): Uint8Array {
  const { B, T, steps } = masks;
  const out = new Uint8Array(B * T);
  for (let b = 0; b < B; b++) out.set(steps.subarray((b * 3 + m) * T, (b * 3 + m + 1) * T), b * T);
  return out;
}
