/**
 * L2-regularised multinomial logistic regression (softmax; K = 2 is the binary case), written by
 * hand for the audio probe: a few hundred samples of a few hundred pooled features, fitted hundreds
 * of times in nested cross-validation, where pulling in an ML library (and its tensors) would cost
 * more than these ~100 lines. Not used by the app.
 *
 * Features are standardised with the training rows' mean/std. Loss = weighted mean cross-entropy
 * + lambda/2 ||W||^2 (intercepts not penalised), minimised by accelerated gradient descent (FISTA
 * with gradient restart) with step 1/L, L = 0.5 * largest eigenvalue of X'DX/sum(w) + lambda (a bound on the
 * softmax Hessian), until the gradient's max-norm is below `tol` (default 1e-4: far below what moves a prediction).
 */

export interface LogisticOptions {
  lambda: number;
  /** per-sample weights (default 1); 'balanced' = n / (K * n_class) */
  weights?: Float64Array | 'balanced';
  maxIter?: number;
  tol?: number;
}

export interface LogisticModel {
  classes: number;
  dim: number;
  mean: Float64Array;
  std: Float64Array;
  /** K x (dim + 1): weights then intercept, per class */
  w: Float64Array;
  iterations: number;
  gradNorm: number;
}

function standardiser(X: readonly Float64Array[], dim: number) {
  const mean = new Float64Array(dim);
  const std = new Float64Array(dim);
  for (const x of X) for (let d = 0; d < dim; d++) mean[d] = mean[d]! + x[d]!;
  for (let d = 0; d < dim; d++) mean[d] = mean[d]! / Math.max(1, X.length);
  for (const x of X) for (let d = 0; d < dim; d++) std[d] = std[d]! + ((x[d]! - mean[d]!) ** 2);
  for (let d = 0; d < dim; d++) {
    const s = Math.sqrt(std[d]! / Math.max(1, X.length));
    std[d] = s > 1e-9 ? s : 1;
  }
  return { mean, std };
}

function softmaxRow(w: Float64Array, x: Float64Array, K: number, dim: number, p: Float64Array): void {
  let max = -Infinity;
  for (let k = 0; k < K; k++) {
    const base = k * (dim + 1);
    let z = w[base + dim]!;
    for (let d = 0; d < dim; d++) z += w[base + d]! * x[d]!;
    p[k] = z;
    if (z > max) max = z;
  }
  let s = 0;
  for (let k = 0; k < K; k++) {
    p[k] = Math.exp(p[k]! - max);
    s += p[k]!;
  }
  for (let k = 0; k < K; k++) p[k] = p[k]! / s;
}

/** Loss and gradient at w over standardised rows Z. */
function lossGrad(w: Float64Array, Z: readonly Float64Array[], y: Int32Array, sw: Float64Array, K: number, dim: number, lambda: number, g: Float64Array): number {
  g.fill(0);
  const p = new Float64Array(K);
  let wsum = 0;
  let loss = 0;
  for (let i = 0; i < Z.length; i++) {
    const z = Z[i]!;
    softmaxRow(w, z, K, dim, p);
    const wi = sw[i]!;
    wsum += wi;
    loss -= wi * Math.log(Math.max(1e-300, p[y[i]!]!));
    for (let k = 0; k < K; k++) {
      const r = wi * (p[k]! - (y[i] === k ? 1 : 0));
      const base = k * (dim + 1);
      for (let d = 0; d < dim; d++) g[base + d] = g[base + d]! + (r * z[d]!);
      g[base + dim] = g[base + dim]! + r;
    }
  }
  for (let j = 0; j < g.length; j++) g[j] = g[j]! / wsum;
  loss /= wsum;
  for (let k = 0; k < K; k++) {
    const base = k * (dim + 1);
    for (let d = 0; d < dim; d++) {
      g[base + d] = g[base + d]! + (lambda * w[base + d]!);
      loss += 0.5 * lambda * w[base + d]! ** 2;
    }
  }
  return loss;
}

/** Largest eigenvalue of [Z 1]' D [Z 1] / sum(w) by power iteration (the intercept column included). */
function lipschitz(Z: readonly Float64Array[], sw: Float64Array, dim: number): number {
  let v = new Float64Array(dim + 1).fill(1 / Math.sqrt(dim + 1));
  let lam = 0;
  const wsum = sw.reduce((a, b) => a + b, 0);
  for (let it = 0; it < 50; it++) {
    const u = new Float64Array(dim + 1);
    for (let i = 0; i < Z.length; i++) {
      const z = Z[i]!;
      let s = v[dim]!;
      for (let d = 0; d < dim; d++) s += z[d]! * v[d]!;
      s *= sw[i]!;
      for (let d = 0; d < dim; d++) u[d] = u[d]! + (s * z[d]!);
      u[dim] = u[dim]! + s;
    }
    let norm = 0;
    for (let d = 0; d <= dim; d++) norm += (u[d]! / wsum) ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) return 1;
    const next = u.map((x) => x / wsum / norm);
    if (Math.abs(norm - lam) < 1e-6 * norm) return norm;
    lam = norm;
    v = next;
  }
  return lam;
}

export function fitLogistic(X: readonly Float64Array[], y: Int32Array, K: number, opts: LogisticOptions): LogisticModel {
  const dim = X[0]?.length ?? 0;
  const { mean, std } = standardiser(X, dim);
  const Z = X.map((x) => x.map((v, d) => (v - mean[d]!) / std[d]!));
  let sw: Float64Array;
  if (opts.weights === 'balanced') {
    const counts = new Float64Array(K);
    for (const c of y) counts[c] = counts[c]! + 1;
    sw = Float64Array.from(y, (c) => y.length / (K * counts[c]!));
  } else sw = opts.weights ?? new Float64Array(y.length).fill(1);
  const step = 1 / (0.5 * lipschitz(Z, sw, dim) + opts.lambda);
  const n = K * (dim + 1);
  let w = new Float64Array(n);
  let yk = new Float64Array(n);
  let t = 1;
  const g = new Float64Array(n);
  const tol = opts.tol ?? 1e-4;
  const maxIter = opts.maxIter ?? 5000;
  let it = 0;
  let gradNorm = Infinity;
  for (; it < maxIter; it++) {
    lossGrad(yk, Z, y, sw, K, dim, opts.lambda, g);
    gradNorm = g.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    if (gradNorm < tol) {
      w = yk;
      break;
    }
    const next = yk.map((v, j) => v - step * g[j]!);
    // Gradient restart (O'Donoghue & Candes 2015): drop the momentum when it points uphill.
    let uphill = 0;
    for (let j = 0; j < n; j++) uphill += g[j]! * (next[j]! - w[j]!);
    const tNext = uphill > 0 ? 1 : (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    const beta = uphill > 0 ? 0 : (t - 1) / tNext;
    yk = next.map((v, j) => v + beta * (v - w[j]!));
    w = next;
    t = tNext;
  }
  return { classes: K, dim, mean, std, w, iterations: it, gradNorm };
}

/** Class probabilities of one raw (unstandardised) row. */
export function predictProba(m: LogisticModel, x: Float64Array): Float64Array {
  const z = x.map((v, d) => (v - m.mean[d]!) / m.std[d]!);
  const p = new Float64Array(m.classes);
  softmaxRow(m.w, z, m.classes, m.dim, p);
  return p;
}

export function predictClass(m: LogisticModel, x: Float64Array): number {
  const p = predictProba(m, x);
  let best = 0;
  for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
  return best;
}

/** Mean recall over the classes that occur in `truth`. */
export function balancedAccuracy(truth: Int32Array, pred: Int32Array, K: number): number {
  const hit = new Float64Array(K);
  const n = new Float64Array(K);
  for (let i = 0; i < truth.length; i++) {
    n[truth[i]!] = n[truth[i]!]! + 1;
    if (pred[i] === truth[i]) hit[truth[i]!] = hit[truth[i]!]! + 1;
  }
  let s = 0;
  let c = 0;
  for (let k = 0; k < K; k++) {
    if (n[k]! === 0) continue;
    s += hit[k]! / n[k]!;
    c += 1;
  }
  return c ? s / c : 0;
}
