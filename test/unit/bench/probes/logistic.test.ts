import { describe, expect, it } from 'vitest';
import { nestedActorCv } from '../../../../bench/probes/actor-cv.ts';
import { balancedAccuracy, fitLogistic, predictClass, predictProba } from '../../../../bench/probes/logistic.ts';
import { createRng } from '../../../../main/core/rng.ts';

/** Two Gaussian classes in 3-d, class 1 shifted along the first axis. */
function blobs(n: number, seed: number, shift = 2) {
  const rng = createRng(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rng.uniform())) * Math.cos(2 * Math.PI * rng.uniform());
  const X: Float64Array[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 4 === 0 ? 1 : 0; // imbalanced: a quarter positive
    X.push(Float64Array.from([gauss() + c * shift, gauss(), 5 + 3 * gauss()]));
    y.push(c);
  }
  return { X, y: Int32Array.from(y) };
}

describe('probe logistic regression', () => {
  it('reaches the optimum: the L2-penalised gradient vanishes (checked by finite differences of the loss)', () => {
    const { X, y } = blobs(200, 1);
    const lambda = 0.1;
    const m = fitLogistic(X, y, 2, { lambda, tol: 1e-8, maxIter: 20000 });
    expect(m.gradNorm).toBeLessThan(1e-8);
    // Objective on the model's standardised inputs; perturbing any weight must not lower it.
    const objective = (w: Float64Array): number => {
      let loss = 0;
      X.forEach((x, i) => {
        const p = predictProba({ ...m, w }, x);
        loss -= Math.log(p[y[i]!]!);
      });
      let pen = 0;
      for (let k = 0; k < 2; k++) for (let d = 0; d < 3; d++) pen += w[k * 4 + d]! ** 2;
      return loss / X.length + (lambda / 2) * pen;
    };
    const base = objective(m.w);
    for (let j = 0; j < m.w.length; j++) {
      for (const h of [1e-3, -1e-3]) {
        const w = m.w.slice();
        w[j] = w[j]! + h;
        expect(objective(w)).toBeGreaterThanOrEqual(base - 1e-10);
      }
    }
  });

  it('separates shifted classes, with balanced weights, far above chance; balanced accuracy averages recalls', () => {
    const train = blobs(400, 2);
    const test = blobs(400, 3);
    const m = fitLogistic(train.X, train.y, 2, { lambda: 0.01, weights: 'balanced' });
    const pred = Int32Array.from(test.X, (x) => predictClass(m, x));
    expect(balancedAccuracy(test.y, pred, 2)).toBeGreaterThan(0.8);
    expect(balancedAccuracy(Int32Array.from([0, 0, 0, 1]), Int32Array.from([0, 0, 0, 0]), 2)).toBe(0.5);
  });

  it('nested actor CV gives chance on label noise and high accuracy on signal', () => {
    const rng = createRng(4);
    const samples = Array.from({ length: 280 }, (_, i) => {
      const y = i % 2;
      return { actor: 1 + (i % 14), y, x: Float64Array.from([rng.uniform() + (y ? 1.5 : 0), rng.uniform()]) };
    });
    expect(nestedActorCv(samples, 2).balancedAccuracy).toBeGreaterThan(0.9);
    const noise = samples.map((s) => ({ ...s, y: rng.uniform() < 0.5 ? 1 : 0 }));
    expect(nestedActorCv(noise, 2).balancedAccuracy).toBeLessThan(0.65);
  });
});
