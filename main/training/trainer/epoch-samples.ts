/**
 * Which training rows an epoch uses, in which order (README "Several datasets in one run"). Source i
 * (DatasetMeta.sources) contributes round(w_i * n_i) rows per epoch: all of them once when w_i = 1;
 * otherwise the next rows of an endless stream that walks through seeded permutations of the
 * source's rows, one permutation per cycle (w < 1: a different subset each epoch, every row within
 * ceil(1 / w) epochs; w > 1: every row at least floor(w) times). The rows of all sources are then
 * shuffled together with the epoch's own generator, into mixed batches.
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

/** The epoch's rows (indices into the train split) in batch order; `rng` is the epoch's generator (one permutation drawn). */
export function epochSamples(n: number, sources: readonly SourceInfo[] | undefined, seed: number, stage: StageName, epoch: number, rng: Rng): Int32Array {
  if (!sources || sources.every((s) => s.weight === 1)) return rng.permutation(n);
  const counts = epochCounts(sources);
  const rows = new Int32Array(epochSize(n, sources));
  let at = 0;
  let offset = 0;
  sources.forEach((s, i) => {
    const ni = s.n.train;
    const k = counts[i]!;
    if (s.weight === 1) {
      for (let r = 0; r < ni; r++) rows[at++] = offset + r;
    } else if (k > 0) {
      const cycles = new Map<number, Int32Array>();
      for (let j = 0, p = (epoch - 1) * k; j < k; j++, p++) {
        const c = Math.floor(p / ni);
        let perm = cycles.get(c);
        if (!perm) {
          perm = new Rng(deriveSeed(seed, `${stage}-source-${i}-cycle-${c}`)).permutation(ni);
          cycles.set(c, perm);
        }
        rows[at++] = offset + perm[p - c * ni]!;
      }
    }
    offset += ni;
  });
  const order = rng.permutation(rows.length);
  return Int32Array.from(order, (o) => rows[o]!);
}
