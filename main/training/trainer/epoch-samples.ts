/**
 * Which training rows an epoch uses, in which order (README "Several datasets in one run"). Source i
 * (DatasetMeta.sources) contributes round(w_i * n_i) rows per epoch: all of them once when w_i = 1;
 * otherwise the next rows of an endless stream that walks through seeded permutations of the
 * source's rows, one permutation per cycle (w < 1: a different subset each epoch, every row within
 * ceil(1 / w) epochs; w > 1: every row at least floor(w) times). The rows of all sources are then
 * shuffled together with the epoch's own generator, into mixed batches.
 *
 * A source with `balance: 'sign'` splits its round(w_i * n_i) rows equally (the remainder to the
 * first classes) between the label signs it has (negative, zero, positive), each drawn from that
 * class's own endless stream of seeded permutations: a rare class repeats, a common one is
 * subsampled, a different subset each epoch (a corpus of four negative emotions and one positive
 * then teaches the sign, not the prior).
 *
 * Everything is a function of (seed, stage, epoch), so a resumed run repeats the epoch exactly; with
 * no sources, or every weight 1, the order is `rng.permutation(n)`, as with a single dataset.
 */
import { AppError } from '../../core/errors.ts';
import { deriveSeed, Rng } from '../../core/rng.ts';
import type { SourceInfo } from '../../core/dataset/feature-dataset.ts';
import type { StageName } from './types.ts';

/** Rows one epoch takes from each source. */
export function epochCounts(sources: readonly SourceInfo[]): number[] {
  return sources.map((s) => (s.weight === 1 ? s.n.train : Math.round(s.weight * s.n.train)));
}

/** Train rows per epoch (n without sources). */
export function epochSize(n: number, sources: readonly SourceInfo[] | undefined): number {
  if (!sources) return n;
  const size = epochCounts(sources).reduce((a, b) => a + b, 0);
  if (size < 2) {
    throw new AppError('InvalidArgument', `The sampling weights select ${size} training sample(s) per epoch (${sources.map((s) => `${s.name}: ${s.weight} x ${s.n.train}`).join(', ')}); training needs at least 2.`);
  }
  return size;
}

/**
 * `k` draws from an endless stream over `members` (indices), epoch after epoch: the stream walks
 * through seeded permutations of the members, one per cycle; draws of epoch e are positions
 * (e-1)k .. ek-1 of the stream.
 */
function streamDraws(members: Int32Array, k: number, epoch: number, seedOf: (cycle: number) => number, out: Int32Array, at: number): number {
  const ni = members.length;
  const cycles = new Map<number, Int32Array>();
  for (let j = 0, p = (epoch - 1) * k; j < k; j++, p++) {
    const c = Math.floor(p / ni);
    let perm = cycles.get(c);
    if (!perm) {
      perm = new Rng(seedOf(c)).permutation(ni);
      cycles.set(c, perm);
    }
    out[at++] = members[perm[p - c * ni]!]!;
  }
  return at;
}

const SIGNS = ['negative', 'zero', 'positive'] as const;

/** A source's train rows grouped by label sign (only the signs it has), as indices into the train split. */
function rowsBySign(labels: Float32Array, offset: number, ni: number): { sign: (typeof SIGNS)[number]; rows: Int32Array }[] {
  const groups: number[][] = [[], [], []];
  for (let r = 0; r < ni; r++) {
    const y = labels[offset + r]!;
    groups[y < 0 ? 0 : y > 0 ? 2 : 1]!.push(offset + r);
  }
  return SIGNS.map((sign, c) => ({ sign, rows: Int32Array.from(groups[c]!) })).filter((g) => g.rows.length > 0);
}

/**
 * The epoch's rows (indices into the train split) in batch order; `rng` is the epoch's generator (one
 * permutation drawn). `labels` (the train split's) are needed when a source is balanced by sign.
 */
export function epochSamples(
  n: number,
  sources: readonly SourceInfo[] | undefined,
  seed: number,
  stage: StageName,
  epoch: number,
  rng: Rng,
  labels?: Float32Array,
): Int32Array {
  if (!sources || sources.every((s) => s.weight === 1 && !s.balance)) return rng.permutation(n);
  const counts = epochCounts(sources);
  const rows = new Int32Array(epochSize(n, sources));
  let at = 0;
  let offset = 0;
  sources.forEach((s, i) => {
    const ni = s.n.train;
    const k = counts[i]!;
    if (s.balance === 'sign' && k > 0) {
      if (!labels) throw new AppError('Internal', `epochSamples: source ${s.name} is balanced by sign but no labels were given.`);
      const groups = rowsBySign(labels, offset, ni);
      groups.forEach((g, c) => {
        const kc = Math.floor(k / groups.length) + (c < k % groups.length ? 1 : 0);
        at = streamDraws(g.rows, kc, epoch, (cycle) => deriveSeed(seed, `${stage}-source-${i}-${g.sign}-cycle-${cycle}`), rows, at);
      });
    } else if (s.weight === 1) {
      for (let r = 0; r < ni; r++) rows[at++] = offset + r;
    } else if (k > 0) {
      const all = Int32Array.from({ length: ni }, (_, r) => offset + r);
      at = streamDraws(all, k, epoch, (cycle) => deriveSeed(seed, `${stage}-source-${i}-cycle-${cycle}`), rows, at);
    }
    offset += ni;
  });
  const order = rng.permutation(rows.length);
  return Int32Array.from(order, (o) => rows[o]!);
}
