/**
 * Hand-written L2-regularised logistic regression for the FER face probes (no ML library): binary
 * with balanced class weights (Newton / IRLS, exact for these small dims), and multinomial (softmax,
 * full-batch gradient descent with Adam). Inputs are standardised by the caller. The bias is not
 * penalised. Loss = mean weighted log-loss + lambda/2 * |w|^2.
 */

export type Matrix = Float64Array[];

/** Solves A x = b (A symmetric positive definite, n x n, row-major) by Cholesky. */
function solveSpd(A: Float64Array, b: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j]!;
      for (let k = 0; k < j; k++) s -= L[i * n + k]! * L[j * n + k]!;
      L[i * n + j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / L[j * n + j]!;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * n + k]! * y[k]!;
    y[i] = s / L[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= L[k * n + i]! * x[k]!;
    x[i] = s / L[i * n + i]!;
  }
  return x;
}

export interface BinaryModel {
  w: Float64Array;
  b: number;
}

/** Balanced-weight binary logistic regression (y in {0, 1}) by Newton's method. */
export function fitBinary(X: Matrix, y: Uint8Array, lambda: number, iters = 25): BinaryModel {
  const n = X.length;
  const d = X[0]!.length;
  const pos = y.reduce((a, v) => a + v, 0);
  const wPos = n / (2 * Math.max(1, pos));
  const wNeg = n / (2 * Math.max(1, n - pos));
  const D = d + 1;
  let theta = new Float64Array(D);
  for (let it = 0; it < iters; it++) {
    const g = new Float64Array(D);
    const H = new Float64Array(D * D);
    for (let i = 0; i < n; i++) {
      const x = X[i]!;
      let z = theta[d]!;
      for (let k = 0; k < d; k++) z += theta[k]! * x[k]!;
      const p = 1 / (1 + Math.exp(-z));
      const sw = y[i] ? wPos : wNeg;
      const r = (p - y[i]!) * sw;
      const h = p * (1 - p) * sw;
      for (let a = 0; a < D; a++) {
        const xa = a < d ? x[a]! : 1;
        g[a] = g[a]! + r * xa;
        const row = a * D;
        for (let c = 0; c <= a; c++) H[row + c] = H[row + c]! + h * xa * (c < d ? x[c]! : 1);
      }
    }
    for (let a = 0; a < D; a++) {
      g[a] = g[a]! / n + (a < d ? lambda * theta[a]! : 0);
      for (let c = 0; c <= a; c++) {
        const v = H[a * D + c]! / n + (a === c && a < d ? lambda : 0) + (a === c ? 1e-9 : 0);
        H[a * D + c] = v;
        H[c * D + a] = v;
      }
    }
    const step = solveSpd(H, g, D);
    let delta = 0;
    theta = theta.map((t, k) => {
      delta = Math.max(delta, Math.abs(step[k]!));
      return t - step[k]!;
    });
    if (delta < 1e-7) break;
  }
  return { w: theta.subarray(0, d), b: theta[d]! };
}

export function predictBinary(m: BinaryModel, X: Matrix): Uint8Array {
  return Uint8Array.from(X, (x) => {
    let z = m.b;
    for (let k = 0; k < x.length; k++) z += m.w[k]! * x[k]!;
    return z > 0 ? 1 : 0;
  });
}

/** Mean of the per-class recalls (balanced accuracy) of a binary prediction. */
export function balancedAccuracy(y: Uint8Array, p: Uint8Array): number {
  let tp = 0;
  let pos = 0;
  let tn = 0;
  let neg = 0;
  y.forEach((v, i) => {
    if (v) {
      pos++;
      if (p[i]) tp++;
    } else {
      neg++;
      if (!p[i]) tn++;
    }
  });
  return (tp / Math.max(1, pos) + tn / Math.max(1, neg)) / 2;
}

export interface SoftmaxModel {
  W: Float64Array; // K x d
  b: Float64Array; // K
  K: number;
  d: number;
}

/** Multinomial logistic regression (labels 0..K-1), full-batch Adam. */
export function fitSoftmax(X: Matrix, y: Uint8Array, K: number, lambda: number, iters = 400, lr = 0.05): SoftmaxModel {
  const n = X.length;
  const d = X[0]!.length;
  const P = K * d + K;
  const theta = new Float64Array(P);
  const m1 = new Float64Array(P);
  const m2 = new Float64Array(P);
  const logits = new Float64Array(K);
  for (let t = 1; t <= iters; t++) {
    const g = new Float64Array(P);
    for (let i = 0; i < n; i++) {
      const x = X[i]!;
      let max = -Infinity;
      for (let k = 0; k < K; k++) {
        let z = theta[K * d + k]!;
        for (let j = 0; j < d; j++) z += theta[k * d + j]! * x[j]!;
        logits[k] = z;
        max = Math.max(max, z);
      }
      let sum = 0;
      for (let k = 0; k < K; k++) sum += (logits[k] = Math.exp(logits[k]! - max));
      for (let k = 0; k < K; k++) {
        const r = logits[k]! / sum - (y[i] === k ? 1 : 0);
        for (let j = 0; j < d; j++) g[k * d + j] = g[k * d + j]! + r * x[j]!;
        g[K * d + k] = g[K * d + k]! + r;
      }
    }
    for (let p = 0; p < P; p++) {
      const gp = g[p]! / n + (p < K * d ? lambda * theta[p]! : 0);
      m1[p] = 0.9 * m1[p]! + 0.1 * gp;
      m2[p] = 0.999 * m2[p]! + 0.001 * gp * gp;
      theta[p] = theta[p]! - (lr * (m1[p]! / (1 - 0.9 ** t))) / (Math.sqrt(m2[p]! / (1 - 0.999 ** t)) + 1e-8);
    }
  }
  return { W: theta.subarray(0, K * d), b: theta.subarray(K * d), K, d };
}

export function predictSoftmax(m: SoftmaxModel, X: Matrix): Uint8Array {
  return Uint8Array.from(X, (x) => {
    let best = 0;
    let bestZ = -Infinity;
    for (let k = 0; k < m.K; k++) {
      let z = m.b[k]!;
      for (let j = 0; j < m.d; j++) z += m.W[k * m.d + j]! * x[j]!;
      if (z > bestZ) {
        bestZ = z;
        best = k;
      }
    }
    return best;
  });
}

/**
 * Per-column mean and std of the rows, and a standardiser using them. A constant column (std < 1e-6)
 * gets std 1, as the dataset writer's normalisation stats do (core/dataset/norm-stats.ts).
 */
export function standardiser(rows: Matrix): { mean: Float64Array; std: Float64Array; apply: (X: Matrix) => Matrix } {
  const d = rows[0]!.length;
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j] = mean[j]! + r[j]! / rows.length;
  for (const r of rows) for (let j = 0; j < d; j++) std[j] = std[j]! + (r[j]! - mean[j]!) ** 2 / rows.length;
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j]!) < 1e-6 ? 1 : Math.sqrt(std[j]!);
  return { mean, std, apply: (X) => X.map((r) => r.map((v, j) => (v - mean[j]!) / std[j]!)) };
}
