/**
 * Which modalities are kept, by name (DESIGN 6): a condition names the KEPT set, in l, a, v order.
 * The same six incomplete sets drive MRM during training and the fixed-missing evaluation protocol.
 */
import { AppError } from '../../core/errors.ts';

export type ModalityKey = 'l' | 'a' | 'v';
/** Mask layout order of the modalities: index 0 = l (text), 1 = a (audio), 2 = v (visual). */
export const MODALITY_ORDER: readonly ModalityKey[] = ['l', 'a', 'v'];

export type Condition = 'l' | 'a' | 'v' | 'la' | 'lv' | 'av' | 'lav';
/** Fixed-missing protocol: the six incomplete kept-sets, then complete. */
export const FIXED_CONDITIONS: readonly Condition[] = ['l', 'a', 'v', 'la', 'lv', 'av', 'lav'];
/** The six incomplete kept-sets: the MRM subsets and the conditions averaged as "Avg". */
export const INCOMPLETE_CONDITIONS: readonly Exclude<Condition, 'lav'>[] = ['l', 'a', 'v', 'la', 'lv', 'av'];

/** Random step-missing protocol rates p = 0.0, 0.1, ..., 1.0, written as exact decimals (not accumulated sums). */
export const RANDOM_RATES: readonly number[] = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

export function isCondition(x: string): x is Condition {
  return (FIXED_CONDITIONS as readonly string[]).includes(x);
}

/** [l, a, v] kept flags of a condition. */
export function keptModalities(cond: Condition): [boolean, boolean, boolean] {
  if (!isCondition(cond)) {
    throw new AppError('InvalidArgument', `Unknown modality condition '${String(cond)}'; allowed: ${FIXED_CONDITIONS.join(', ')}.`);
  }
  return [cond.includes('l'), cond.includes('a'), cond.includes('v')];
}
