import { describe, expect, it } from 'vitest';
import { balancedAccuracy, fitBinary, fitSoftmax, predictBinary, predictSoftmax, standardiser } from '../../../../bench/probes/fer-logistic.ts';
import { createRng } from '../../../../main/core/rng.ts';

/** The probes' hand-written logistic regression: checked against its own optimality conditions. */
describe('probe logistic regression', () => {
  const rng = createRng(7);
  const n = 400;
  const X = Array.from({ length: n }, () => Float64Array.from([rng.uniform() * 2 - 1, rng.uniform() * 2 - 1, rng.uniform() * 2 - 1]));
  // a noisy linear rule with a 1:3 class imbalance
  const y = Uint8Array.from(X, (x) => (1.5 * x[0]! - x[1]! + 0.3 * (rng.uniform() - 0.5) > 0.6 ? 1 : 0));

  it('binary Newton fit: the weighted, regularised gradient is zero at the solution', () => {
    const lambda = 0.01;
    const m = fitBinary(X, y, lambda);
    const pos = y.reduce((a, v) => a + v, 0);
    const wPos = n / (2 * pos);
    const wNeg = n / (2 * (n - pos));
    const g = new Float64Array(4);
    X.forEach((x, i) => {
      const z = m.b + x.reduce((a, v, k) => a + v * m.w[k]!, 0);
      const r = (1 / (1 + Math.exp(-z)) - y[i]!) * (y[i] ? wPos : wNeg);
      x.forEach((v, k) => (g[k] = g[k]! + r * v));
      g[3] = g[3]! + r;
    });
    for (let k = 0; k < 3; k++) expect(g[k]! / n + lambda * m.w[k]!).toBeCloseTo(0, 8);
    expect(g[3]! / n).toBeCloseTo(0, 8);
    expect(m.w[0]!).toBeGreaterThan(0);
    expect(m.w[1]!).toBeLessThan(0);
    expect(balancedAccuracy(y, predictBinary(m, X))).toBeGreaterThan(0.9);
  });

  it('balanced accuracy is the mean of the two recalls', () => {
    expect(balancedAccuracy(Uint8Array.from([1, 1, 0, 0, 0, 0]), Uint8Array.from([1, 0, 0, 0, 0, 1]))).toBeCloseTo((0.5 + 0.75) / 2, 12);
  });

  it('softmax fit separates three classes and standardiser gives zero mean, unit std', () => {
    const y3 = Uint8Array.from(X, (x) => (x[0]! > 0.3 ? 2 : x[0]! < -0.3 ? 0 : 1));
    const st = standardiser(X);
    const Z = st.apply(X);
    for (let k = 0; k < 3; k++) {
      const col = Z.map((r) => r[k]!);
      expect(col.reduce((a, b) => a + b, 0) / n).toBeCloseTo(0, 10);
      expect(Math.sqrt(col.reduce((a, b) => a + b * b, 0) / n)).toBeCloseTo(1, 10);
    }
    const m = fitSoftmax(Z, y3, 3, 1e-4, 300);
    const p = predictSoftmax(m, Z);
    expect(p.reduce((a, v, i) => a + (v === y3[i] ? 1 : 0), 0) / n).toBeGreaterThan(0.9);
  });
});
