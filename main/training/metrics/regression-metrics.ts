/**
 * Sentiment regression metrics in MMSA conventions (DESIGN 6; vectors/metrics.json spec), float64.
 * - Has0: negative (< 0) vs non-negative (>= 0) over all samples.
 * - Non0: samples whose TRUTH is exactly 0 are dropped; then positive (> 0) vs not (a pred of 0 is
 *   negative). NaN when every truth is 0 (nothing to score; JSON writes it as null).
 * - F1 is sklearn's weighted F1; Acc-7 / Acc-5 compare np.round (half to even) of the clipped values.
 * - corr is Pearson r, defined as 0 when either side is constant (np.corrcoef would give NaN).
 */
import { AppError } from '../../core/errors.ts';
import { roundHalfEven } from './round-half-even.ts';
import { accuracy, weightedF1 } from './weighted-f1.ts';

export interface RegressionMetrics {
  n: number;
  acc2_has0: number;
  f1_has0: number;
  acc2_non0: number;
  f1_non0: number;
  /** samples scored by the Non0 metrics (truth != 0) */
  n_non0: number;
  acc7: number;
  acc5: number;
  mae: number;
  corr: number;
}

function clip(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

function isConstant(x: ArrayLike<number>): boolean {
  for (let i = 1; i < x.length; i++) if (x[i] !== x[0]) return false;
  return true;
}

/** Pearson r with two-pass centring; 0 when either side has no variation. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (n < 2 || isConstant(a) || isConstant(b)) return 0;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] as number;
    mb += b[i] as number;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 || sbb === 0) return 0;
  const r = sab / Math.sqrt(saa * sbb);
  return clip(r, -1, 1);
}

function roundedAcc(pred: ArrayLike<number>, truth: ArrayLike<number>, bound: number): number {
  let ok = 0;
  for (let i = 0; i < pred.length; i++) {
    if (roundHalfEven(clip(pred[i] as number, -bound, bound)) === roundHalfEven(clip(truth[i] as number, -bound, bound))) ok++;
  }
  return ok / pred.length;
}

export function regressionMetrics(pred: ArrayLike<number>, truth: ArrayLike<number>): RegressionMetrics {
  const n = truth.length;
  if (pred.length !== n) {
    throw new AppError('InvalidArgument', `regressionMetrics: ${pred.length} predictions for ${n} labels.`);
  }
  if (n === 0) throw new AppError('InvalidArgument', 'regressionMetrics: no samples to score.');
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(pred[i]) || !Number.isFinite(truth[i])) {
      throw new AppError('InvalidArgument', `regressionMetrics: sample ${i} is not finite (pred ${pred[i]}, truth ${truth[i]}).`);
    }
  }
  const t2 = new Int8Array(n);
  const p2 = new Int8Array(n);
  const t0: number[] = [];
  const p0: number[] = [];
  let absSum = 0;
  for (let i = 0; i < n; i++) {
    const p = pred[i] as number;
    const t = truth[i] as number;
    t2[i] = t >= 0 ? 1 : 0;
    p2[i] = p >= 0 ? 1 : 0;
    if (t !== 0) {
      t0.push(t > 0 ? 1 : 0);
      p0.push(p > 0 ? 1 : 0);
    }
    absSum += Math.abs(p - t);
  }
  const hasNon0 = t0.length > 0;
  return {
    n,
    acc2_has0: accuracy(t2, p2),
    f1_has0: weightedF1(t2, p2),
    acc2_non0: hasNon0 ? accuracy(t0, p0) : Number.NaN,
    f1_non0: hasNon0 ? weightedF1(t0, p0) : Number.NaN,
    n_non0: t0.length,
    acc7: roundedAcc(pred, truth, 3),
    acc5: roundedAcc(pred, truth, 2),
    mae: absSum / n,
    corr: pearson(pred, truth),
  };
}
