/**
 * IEMOCAP-style categorical metrics (DESIGN 6; vectors/metrics.json kind 'iemocap'): for each class e,
 * the one-vs-rest binary problem t = (truth == e), p = (pred == e) scored with sklearn's weighted F1
 * and accuracy. Class ids are 0..labels.length-1.
 */
import { AppError } from '../../core/errors.ts';
import { accuracy, weightedF1 } from './weighted-f1.ts';

export const IEMOCAP_EMOTIONS = ['Neutral', 'Happy', 'Sad', 'Angry'] as const;

export interface ClassMetrics {
  emotion: string;
  f1: number;
  acc: number;
}

export function categoricalMetrics(
  pred: ArrayLike<number>,
  truth: ArrayLike<number>,
  labels: readonly string[] = IEMOCAP_EMOTIONS,
): ClassMetrics[] {
  const n = truth.length;
  if (pred.length !== n) {
    throw new AppError('InvalidArgument', `categoricalMetrics: ${pred.length} predictions for ${n} labels.`);
  }
  if (n === 0) throw new AppError('InvalidArgument', 'categoricalMetrics: no samples to score.');
  for (let i = 0; i < n; i++) {
    for (const [side, v] of [['pred', pred[i]], ['truth', truth[i]]] as const) {
      if (!Number.isInteger(v) || (v as number) < 0 || (v as number) >= labels.length) {
        throw new AppError('InvalidArgument', `categoricalMetrics: ${side}[${i}] = ${v} is not a class id in 0..${labels.length - 1}.`);
      }
    }
  }
  return labels.map((emotion, e) => {
    const t = new Int8Array(n);
    const p = new Int8Array(n);
    for (let i = 0; i < n; i++) {
      t[i] = truth[i] === e ? 1 : 0;
      p[i] = pred[i] === e ? 1 : 0;
    }
    return { emotion, f1: weightedF1(t, p), acc: accuracy(t, p) };
  });
}
