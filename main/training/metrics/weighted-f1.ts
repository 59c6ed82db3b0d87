/**
 * scikit-learn f1_score(truth, pred, average='weighted', zero_division=0) for integer labels:
 * sum over labels in union(truth, pred) of (support_c / N) * 2TP_c / (2TP_c + FP_c + FN_c), where a
 * class with 2TP + FP + FN = 0 scores 0. Labels never in truth have support 0, so weight 0.
 */
import { AppError } from '../../core/errors.ts';

export function weightedF1(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  const n = truth.length;
  if (pred.length !== n) {
    throw new AppError('InvalidArgument', `weightedF1: truth has ${n} labels but pred has ${pred.length}.`);
  }
  if (n === 0) return Number.NaN;
  const tp = new Map<number, number>();
  const fp = new Map<number, number>();
  const fn = new Map<number, number>();
  const support = new Map<number, number>();
  const inc = (m: Map<number, number>, k: number): void => {
    m.set(k, (m.get(k) ?? 0) + 1);
  };
  for (let i = 0; i < n; i++) {
    const t = truth[i] as number;
    const p = pred[i] as number;
    inc(support, t);
    if (t === p) inc(tp, t);
    else {
      inc(fp, p);
      inc(fn, t);
    }
  }
  let f1 = 0;
  for (const [c, s] of support) {
    const tpc = tp.get(c) ?? 0;
    const denom = 2 * tpc + (fp.get(c) ?? 0) + (fn.get(c) ?? 0);
    if (denom > 0) f1 += (s / n) * ((2 * tpc) / denom);
  }
  return f1;
}

/** Fraction of positions where truth and pred agree. */
export function accuracy(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  const n = truth.length;
  if (pred.length !== n) {
    throw new AppError('InvalidArgument', `accuracy: truth has ${n} labels but pred has ${pred.length}.`);
  }
  if (n === 0) return Number.NaN;
  let ok = 0;
  for (let i = 0; i < n; i++) if (truth[i] === pred[i]) ok++;
  return ok / n;
}
