import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_VECTORS } from '../../../helpers/data.ts';
import { categoricalMetrics, regressionMetrics, roundHalfEven } from '../../../../main/training/metrics/index.ts';
import { AppError } from '../../../../main/core/errors.ts';

interface RegressionCase {
  name: string;
  kind: 'regression';
  pred: number[];
  truth: number[];
  intermediates: { pred_a7: number[]; truth_a7: number[]; pred_a5: number[]; truth_a5: number[] };
  metrics: Record<string, number>;
}
interface IemocapCase {
  name: string;
  kind: 'iemocap';
  pred: number[];
  truth: number[];
  metrics: { emotion: string; f1: number; acc: number }[];
}
const vectors = JSON.parse(readFileSync(path.join(SHARED_VECTORS, 'metrics.json'), 'utf8')) as {
  cases: (RegressionCase | IemocapCase)[];
};

/** float64 tolerance from vectors/README.md: 1e-9 absolute + relative. */
function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 + 1e-9 * Math.abs(b);
}

const regression = vectors.cases.filter((c): c is RegressionCase => c.kind === 'regression');
const iemocap = vectors.cases.filter((c): c is IemocapCase => c.kind === 'iemocap');

describe('regressionMetrics reproduces vectors/metrics.json', () => {
  it('has the expected cases', () => {
    expect(regression.length).toBe(5);
    expect(iemocap.length).toBe(2);
  });
  for (const c of regression) {
    it(c.name, () => {
      const m = regressionMetrics(c.pred, c.truth);
      expect(m.n).toBe(c.truth.length);
      for (const [k, want] of Object.entries(c.metrics)) {
        const got = (m as unknown as Record<string, number>)[k];
        expect(got, `${c.name}.${k}`).toBeTypeOf('number');
        expect(close(got as number, want), `${c.name}.${k}: got ${got}, want ${want}`).toBe(true);
      }
      const r7 = (x: number): number => roundHalfEven(Math.min(3, Math.max(-3, x)));
      const r5 = (x: number): number => roundHalfEven(Math.min(2, Math.max(-2, x)));
      expect(c.pred.map(r7)).toEqual(c.intermediates.pred_a7);
      expect(c.truth.map(r7)).toEqual(c.intermediates.truth_a7);
      expect(c.pred.map(r5)).toEqual(c.intermediates.pred_a5);
      expect(c.truth.map(r5)).toEqual(c.intermediates.truth_a5);
    });
  }
});

describe('categoricalMetrics reproduces vectors/metrics.json', () => {
  for (const c of iemocap) {
    it(c.name, () => {
      const m = categoricalMetrics(c.pred, c.truth);
      expect(m.map((x) => x.emotion)).toEqual(c.metrics.map((x) => x.emotion));
      m.forEach((x, i) => {
        const want = c.metrics[i]!;
        expect(close(x.f1, want.f1), `${c.name}.${x.emotion}.f1 ${x.f1} vs ${want.f1}`).toBe(true);
        expect(close(x.acc, want.acc), `${c.name}.${x.emotion}.acc ${x.acc} vs ${want.acc}`).toBe(true);
      });
    });
  }
});

describe('metric conventions', () => {
  it('rounds half to even like np.round, unlike Math.round', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999, 3.5].map(roundHalfEven)).toEqual([0, 2, 2, -0, -2, -2, 0, 4]);
    expect(Object.is(roundHalfEven(-0.5), -0)).toBe(true);
    expect(Math.round(2.5)).toBe(3); // the trap this function avoids
  });

  it('drops exact-zero truths from the Non0 metrics and gives NaN when none remain', () => {
    const m = regressionMetrics([1, -1, 0.5], [0, 0, 0]);
    expect(m.n_non0).toBe(0);
    expect(Number.isNaN(m.acc2_non0)).toBe(true);
    expect(m.acc2_has0).toBeCloseTo(2 / 3, 12);
    expect(m.corr).toBe(0); // truth constant
  });

  it('rejects mismatched, empty and non-finite inputs with InvalidArgument', () => {
    const kind = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return e instanceof AppError ? e.kind : 'not AppError';
      }
      return undefined;
    };
    expect(kind(() => regressionMetrics([1, 2], [1]))).toBe('InvalidArgument');
    expect(kind(() => regressionMetrics([], []))).toBe('InvalidArgument');
    expect(kind(() => regressionMetrics([Number.NaN], [1]))).toBe('InvalidArgument');
    expect(kind(() => categoricalMetrics([0, 4], [0, 1]))).toBe('InvalidArgument');
  });
});
