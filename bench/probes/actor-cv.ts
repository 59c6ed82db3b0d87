import { balancedAccuracy, fitLogistic, predictClass } from './logistic.ts';

/**
 * Leave-actors-out cross-validation for the audio probe. Outer folds: actor pairs (1,2), (3,4), ...
 * (13,14), each one male (odd) and one female (even) actor: a fold's test actors are never seen in
 * its training. The L2 strength is chosen inside each outer fold by the same leave-pair-out CV over
 * its training actors only (nested), so the reported figure involves no choice made on its own
 * test actors. Balanced accuracy is over the pooled out-of-fold predictions; per-fold values give
 * the spread.
 */

export const LAMBDA_GRID = [1e-3, 1e-2, 1e-1, 1] as const;

export interface CvSample {
  actor: number;
  x: Float64Array;
  /** the features a test fold sees instead of x (e.g. of a perturbed recording); training uses x */
  xTest?: Float64Array;
  y: number;
}

export interface CvResult {
  balancedAccuracy: number;
  perFold: number[];
  lambdas: number[];
  n: number;
}

const pairOf = (actor: number): number => Math.ceil(actor / 2);

function fitPredict(train: readonly CvSample[], test: readonly CvSample[], K: number, lambda: number): Int32Array {
  const m = fitLogistic(
    train.map((s) => s.x),
    Int32Array.from(train, (s) => s.y),
    K,
    { lambda, weights: 'balanced' },
  );
  return Int32Array.from(test, (s) => predictClass(m, s.xTest ?? s.x));
}

/** Pooled out-of-fold balanced accuracy of leave-pair-out CV over `samples` at a fixed lambda. */
function innerScore(samples: readonly CvSample[], K: number, lambda: number): number {
  const pairs = [...new Set(samples.map((s) => pairOf(s.actor)))];
  const truth: number[] = [];
  const pred: number[] = [];
  for (const p of pairs) {
    const test = samples.filter((s) => pairOf(s.actor) === p).map(({ xTest: _t, ...s }) => s);
    const out = fitPredict(
      samples.filter((s) => pairOf(s.actor) !== p),
      test,
      K,
      lambda,
    );
    test.forEach((s, i) => {
      truth.push(s.y);
      pred.push(out[i]!);
    });
  }
  return balancedAccuracy(Int32Array.from(truth), Int32Array.from(pred), K);
}

export function nestedActorCv(samples: readonly CvSample[], K: number, grid: readonly number[] = LAMBDA_GRID): CvResult {
  const pairs = [...new Set(samples.map((s) => pairOf(s.actor)))].sort((a, b) => a - b);
  const truth: number[] = [];
  const pred: number[] = [];
  const perFold: number[] = [];
  const lambdas: number[] = [];
  for (const p of pairs) {
    const train = samples.filter((s) => pairOf(s.actor) !== p);
    const test = samples.filter((s) => pairOf(s.actor) === p);
    let best = grid[0]!;
    let bestScore = -1;
    if (grid.length > 1) {
      for (const lambda of grid) {
        const score = innerScore(train, K, lambda);
        if (score > bestScore + 1e-12) {
          best = lambda;
          bestScore = score;
        }
      }
    }
    lambdas.push(best);
    const out = fitPredict(train, test, K, best);
    const t = Int32Array.from(test, (s) => s.y);
    perFold.push(balancedAccuracy(t, out, K));
    test.forEach((s, i) => {
      truth.push(s.y);
      pred.push(out[i]!);
    });
  }
  return { balancedAccuracy: balancedAccuracy(Int32Array.from(truth), Int32Array.from(pred), K), perFold, lambdas, n: samples.length };
}
