import { AppError } from '../errors.ts';
import type { SplitName } from './format.ts';
import { LABEL_MAX, LABEL_MIN, SPLIT_NAMES } from './format.ts';
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

/** Explicit group lists per split (a dataset config's "split" field). */
export interface GroupLists {
  train?: readonly string[];
  valid?: readonly string[];
  test?: readonly string[];
}

export interface GroupSplit {
  /** split per row, in the input order */
  splits: SplitName[];
  /** the groups of each split, sorted */
  groups: Record<SplitName, string[]>;
}

/**
 * Splits rows by group (a speaker, an actor, a person, a video), so that no group has rows in two
 * splits (DESIGN 10). Per group, in this order: the rows' own split column (all rows of a group must
 * agree, else InvalidDataset naming the group and its rows), the explicit lists (when any list is
 * given, the groups it leaves out are train), else a seeded 80/10/10 split of the remaining groups
 * (seededSplit over the group names in sorted order, so the result depends only on the seed and the
 * set of groups, not on row order).
 */
export function splitByGroup(
  rows: ReadonlyArray<{ group: string; given: SplitName | null; row?: number }>,
  seed: number,
  lists: GroupLists = {},
): GroupSplit {
  const fromRows = new Map<string, { split: SplitName; row: number | undefined }>();
  const conflicts: string[] = [];
  for (const r of rows) {
    if (r.given === null) continue;
    const seen = fromRows.get(r.group);
    if (!seen) fromRows.set(r.group, { split: r.given, row: r.row });
    else if (seen.split !== r.given) {
      conflicts.push(`group '${r.group}' is ${seen.split} at row ${seen.row ?? '?'} and ${r.given} at row ${r.row ?? '?'}`);
    }
  }
  const listed = new Map<string, SplitName>();
  for (const s of SPLIT_NAMES) {
    for (const g of lists[s] ?? []) {
      const prev = listed.get(g);
      if (prev && prev !== s) conflicts.push(`group '${g}' is listed under both ${prev} and ${s}`);
      listed.set(g, s);
    }
  }
  for (const [g, { split, row }] of fromRows) {
    const l = listed.get(g);
    if (l && l !== split) conflicts.push(`group '${g}' is ${split} in the split column (row ${row ?? '?'}) but listed under ${l}`);
  }
  if (conflicts.length) {
    throw new AppError('InvalidDataset', `the split would put one group in two splits: ${conflicts.slice(0, 10).join('; ')}${conflicts.length > 10 ? ` (and ${conflicts.length - 10} more)` : ''}.`);
  }
  const all = [...new Set(rows.map((r) => r.group))].sort();
  const open = all.filter((g) => !fromRows.has(g) && !listed.has(g));
  // explicit lists describe the whole split: the groups they leave out are train
  const drawn = listed.size > 0 ? open.map((): SplitName => 'train') : seededSplit(open.length, seed);
  const of = new Map<string, SplitName>();
  for (const g of all) {
    const fixed = fromRows.get(g)?.split ?? listed.get(g);
    if (fixed) of.set(g, fixed);
  }
  open.forEach((g, i) => of.set(g, drawn[i]!));
  const groups: Record<SplitName, string[]> = { train: [], valid: [], test: [] };
  for (const g of all) groups[of.get(g)!].push(g);
  return { splits: rows.map((r) => of.get(r.group)!), groups };
}
