/**
 * The metric object of `corrkd eval` (DESIGN 8), exactly these keys in this order, as fractions
 * (0..1) except mae and corr: `{n, acc2_has0, f1_has0, acc2_non0, f1_non0, acc7, acc5, mae, corr}`.
 * A metric that is undefined (the Non0 pair when every truth is 0) is null, so the document stays JSON.
 */
import { AppError } from '../../core/errors.ts';
import type { RegressionMetrics } from '../metrics/regression-metrics.ts';

export const METRIC_KEYS = ['n', 'acc2_has0', 'f1_has0', 'acc2_non0', 'f1_non0', 'acc7', 'acc5', 'mae', 'corr'] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];
export type MetricsJson = Record<MetricKey, number | null>;

export function toMetricsJson(m: RegressionMetrics): MetricsJson {
  const out = {} as MetricsJson;
  for (const k of METRIC_KEYS) out[k] = Number.isFinite(m[k]) ? m[k] : null;
  return out;
}

/** Key-wise mean (the fixed protocol's Avg over the six incomplete conditions); null if any is null. */
export function averageMetrics(list: readonly MetricsJson[]): MetricsJson {
  if (list.length === 0) throw new AppError('Internal', 'averageMetrics: nothing to average.');
  const out = {} as MetricsJson;
  for (const k of METRIC_KEYS) {
    let sum = 0;
    let ok = true;
    for (const m of list) {
      const v = m[k];
      if (v === null) ok = false;
      else sum += v;
    }
    out[k] = ok ? sum / list.length : null;
  }
  return out;
}
