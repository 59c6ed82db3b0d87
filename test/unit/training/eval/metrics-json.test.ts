import { describe, expect, it } from 'vitest';
import { METRIC_KEYS, averageMetrics, toMetricsJson } from '../../../../main/training/eval/metrics-json.ts';
import { regressionMetrics } from '../../../../main/training/metrics/regression-metrics.ts';

describe('metrics JSON (DESIGN 8 keys)', () => {
  it('has exactly the nine DESIGN keys in order, as fractions', () => {
    const m = toMetricsJson(regressionMetrics([1.2, -0.4, 0.3, -2], [1, -1, 0.5, 0.6]));
    expect(Object.keys(m)).toEqual(['n', 'acc2_has0', 'f1_has0', 'acc2_non0', 'f1_non0', 'acc7', 'acc5', 'mae', 'corr']);
    expect(m.n).toBe(4);
    expect(m.acc2_has0).toBe(0.75);
    expect(m.mae).toBeCloseTo((0.2 + 0.6 + 0.2 + 2.6) / 4, 12);
  });

  it('writes an undefined Non0 metric (every truth 0) as null, and Avg of anything with a null is null', () => {
    const m = toMetricsJson(regressionMetrics([0.5, -0.5], [0, 0]));
    expect(m.acc2_non0).toBeNull();
    expect(m.f1_non0).toBeNull();
    const other = toMetricsJson(regressionMetrics([0.5, -0.5], [1, -1]));
    const avg = averageMetrics([m, other]);
    expect(avg.f1_non0).toBeNull();
    expect(avg.acc2_has0).toBeCloseTo((m.acc2_has0! + other.acc2_has0!) / 2, 12);
    expect(Object.keys(avg)).toEqual([...METRIC_KEYS]);
  });
});
