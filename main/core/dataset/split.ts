import type { SplitName } from './format.ts';
import { LABEL_MAX, LABEL_MIN } from './format.ts';
import { createRng } from '../rng.ts';

/** Split names accepted in a CSV's mode/split column ('dev' is MOSI's name for valid). */
const SPLIT_ALIASES: Record<string, SplitName> = {
  train: 'train',
  training: 'train',
  valid: 'valid',
  validation: 'valid',
  val: 'valid',
  dev: 'valid',
  test: 'test',
};

export const SPLIT_VALUES_HELP = 'train, valid (or dev/val/validation), test, or empty';

/** '' -> null (assign by the seeded split); an unknown value -> undefined (a bad row). */
export function parseSplitValue(v: string): SplitName | null | undefined {
  const k = v.trim().toLowerCase();
  if (k === '') return null;
  return SPLIT_ALIASES[k];
}

/** A label cell -> number in [-3, 3], or a reason it is not one. */
export function parseLabel(v: string): number | string {
  const s = v.trim();
  if (s === '') return 'label is empty';
  const y = Number(s);
  if (!Number.isFinite(y)) return `label '${s}' is not a number`;
  if (y < LABEL_MIN || y > LABEL_MAX) return `label ${y} is outside [${LABEL_MIN}, ${LABEL_MAX}]`;
  return y;
}

export const DEFAULT_FRACTIONS = { train: 0.8, valid: 0.1, test: 0.1 } as const;

/**
 * Seeded 80/10/10 assignment of `count` items (DESIGN 8): a Fisher-Yates shuffle of the indices,
 * then the first round(0.8 n) are train, the next round(0.1 n) valid, the rest test. Same seed and
 * count -> same assignment, whatever the rows contain.
 */
export function seededSplit(count: number, seed: number): SplitName[] {
  const rng = createRng(seed);
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const nTrain = Math.round(count * DEFAULT_FRACTIONS.train);
  const nValid = Math.min(count - nTrain, Math.round(count * DEFAULT_FRACTIONS.valid));
  const out = new Array<SplitName>(count);
  order.forEach((idx, rank) => {
    out[idx] = rank < nTrain ? 'train' : rank < nTrain + nValid ? 'valid' : 'test';
  });
  return out;
}

/**
 * Final split per row: the column's value where given, the seeded split over the rows whose value
 * is empty (or every row when the CSV has no split column).
 */
export function assignSplits(given: (SplitName | null)[], seed: number): SplitName[] {
  const open = given.flatMap((s, i) => (s === null ? [i] : []));
  const drawn = seededSplit(open.length, seed);
  const out = given.map((s) => s ?? 'train');
  open.forEach((rowIdx, k) => {
    out[rowIdx] = drawn[k]!;
  });
  return out;
}
