/**
 * Linear tools for the face-hog probe, on flat row-major matrices (no ML library):
 * - standardisation with train statistics (a constant column keeps std 1, as fer-logistic.ts does);
 * - L2 logistic regression, binary with balanced class weights and multinomial, minimising exactly
 *   fer-logistic.ts's loss (mean weighted log-loss + lambda/2 |w|^2, bias not penalised) but by
 *   L-BFGS, so that 900-1800 dims cost O(n d) per step instead of the O(n d^2) Newton Hessian;
 * - PCA (top k eigenvectors of the train covariance) by randomised subspace iteration.
 */
import { Rng } from '../../../main/core/rng.ts';

export interface Mat {
  data: Float32Array;
  n: number;
  d: number;
}

export function mat(n: number, d: number): Mat {
  return { data: new Float32Array(n * d), n, d };
}

/** Rows `idx` of m. */
export function rows(m: Mat, idx: ArrayLike<number>): Mat {
  const out = mat(idx.length, m.d);
  for (let i = 0; i < idx.length; i++) out.data.set(m.data.subarray(idx[i]! * m.d, (idx[i]! + 1) * m.d), i * m.d);
  return out;
}

/** Columns side by side. */
export function hcat(...ms: Mat[]): Mat {
  const n = ms[0]!.n;
  const d = ms.reduce((a, m) => a + m.d, 0);
  const out = mat(n, d);
  for (let i = 0; i < n; i++) {
    let off = i * d;
    for (const m of ms) {
      out.data.set(m.data.subarray(i * m.d, (i + 1) * m.d), off);
      off += m.d;
    }
  }
  return out;
}

export interface Standardiser {
  mean: Float64Array;
  std: Float64Array;
  apply: (m: Mat) => Mat;
}

export function standardiser(train: Mat): Standardiser {
  const { n, d, data } = train;
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] = mean[j]! + data[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j] = mean[j]! / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) std[j] = std[j]! + (data[i * d + j]! - mean[j]!) ** 2;
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j]! / n) < 1e-6 ? 1 : Math.sqrt(std[j]! / n);
  const apply = (m: Mat): Mat => {
    const out = mat(m.n, m.d);
    for (let i = 0; i < m.n; i++) for (let j = 0; j < d; j++) out.data[i * d + j] = (m.data[i * d + j]! - mean[j]!) / std[j]!;
    return out;
  };
  return { mean, std, apply };
}

// ---------------------------------------------------------------------------------------------
// L-BFGS

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  iters: number;
  /** function + gradient evaluations */
  evals: number;
  converged: boolean;
}

/** Minimises f (returns value, writes the gradient into g) from x0; stops when max|g| < gtol. */
export function lbfgs(fg0: (x: Float64Array, g: Float64Array) => number, x0: Float64Array, maxIter = 300, gtol = 1e-4, m = 10): LbfgsResult {
  const P = x0.length;
  let evals = 0;
  const fg = (x: Float64Array, g: Float64Array): number => {
    evals++;
    return fg0(x, g);
  };
  let x = Float64Array.from(x0);
  let g = new Float64Array(P);
  let f = fg(x, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const dot = (a: Float64Array, b: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < P; i++) s += a[i]! * b[i]!;
    return s;
  };
  const maxAbs = (a: Float64Array): number => a.reduce((mx, v) => Math.max(mx, Math.abs(v)), 0);
  let it = 0;
  for (; it < maxIter; it++) {
    if (maxAbs(g) < gtol) return { x, f, iters: it, evals, converged: true };
    // two-loop recursion: dir = -H g
    const q = Float64Array.from(g);
    const alpha = new Array<number>(S.length);
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = rho[k]! * dot(S[k]!, q);
      for (let i = 0; i < P; i++) q[i] = q[i]! - alpha[k]! * Y[k]![i]!;
    }
    const gamma = S.length ? dot(S[S.length - 1]!, Y[Y.length - 1]!) / dot(Y[Y.length - 1]!, Y[Y.length - 1]!) : 1 / Math.max(1, Math.sqrt(dot(g, g)));
    for (let i = 0; i < P; i++) q[i] = q[i]! * gamma;
    for (let k = 0; k < S.length; k++) {
      const beta = rho[k]! * dot(Y[k]!, q);
      for (let i = 0; i < P; i++) q[i] = q[i]! + S[k]![i]! * (alpha[k]! - beta);
    }
    for (let i = 0; i < P; i++) q[i] = -q[i]!;
    let slope = dot(g, q);
    if (!(slope < 0)) {
      // not a descent direction: restart with steepest descent
      S.length = Y.length = rho.length = 0;
      for (let i = 0; i < P; i++) q[i] = -g[i]! / Math.max(1, Math.sqrt(dot(g, g)));
      slope = dot(g, q);
    }
    // backtracking Armijo line search
    let t = 1;
    const xn = new Float64Array(P);
    const gn = new Float64Array(P);
    let fn = Infinity;
    for (let ls = 0; ls < 12; ls++) {
      for (let i = 0; i < P; i++) xn[i] = x[i]! + t * q[i]!;
      fn = fg(xn, gn);
      if (fn <= f + 1e-4 * t * slope) break;
      t *= 0.5;
    }
    if (!(fn <= f + 1e-4 * t * slope)) return { x, f, iters: it, evals, converged: false };
    const s = new Float64Array(P);
    const y = new Float64Array(P);
    for (let i = 0; i < P; i++) {
      s[i] = xn[i]! - x[i]!;
      y[i] = gn[i]! - g[i]!;
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
      if (S.length > m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
    }
    const rel = (f - fn) / Math.max(1e-12, Math.abs(f));
    x = xn;
    g = gn;
    f = fn;
    if (rel < 1e-10) return { x, f, iters: it + 1, evals, converged: true };
  }
  return { x, f, iters: it, evals, converged: maxAbs(g) < gtol };
}

// ---------------------------------------------------------------------------------------------
// logistic regression

export interface BinaryModel {
  /** d weights then the bias */
  theta: Float64Array;
  iters: number;
  evals: number;
  converged: boolean;
}

/** Balanced-weight binary L2 logistic regression (y in {0, 1}); warm start from `init`. */
export function fitBinary(X: Mat, y: Uint8Array, lambda: number, init?: Float64Array): BinaryModel {
  const { n, d, data } = X;
  const pos = y.reduce((a, v) => a + v, 0);
  const wPos = n / (2 * Math.max(1, pos));
  const wNeg = n / (2 * Math.max(1, n - pos));
  const fg = (th: Float64Array, g: Float64Array): number => {
    g.fill(0);
    let loss = 0;
    const b = th[d]!;
    for (let i = 0; i < n; i++) {
      const off = i * d;
      let z = b;
      for (let k = 0; k < d; k++) z += th[k]! * data[off + k]!;
      const sw = y[i] ? wPos : wNeg;
      // log(1 + e^-z) for y = 1, log(1 + e^z) for y = 0, computed stably
      const s = y[i] ? -z : z;
      loss += sw * (s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s)));
      const p = 1 / (1 + Math.exp(-z));
      const r = (p - y[i]!) * sw;
      for (let k = 0; k < d; k++) g[k] = g[k]! + r * data[off + k]!;
      g[d] = g[d]! + r;
    }
    let reg = 0;
    for (let k = 0; k < d; k++) {
      g[k] = g[k]! / n + lambda * th[k]!;
      reg += th[k]! * th[k]!;
    }
    g[d] = g[d]! / n;
    return loss / n + (lambda / 2) * reg;
  };
  const r = lbfgs(fg, init ?? new Float64Array(d + 1));
  return { theta: r.x, iters: r.iters, evals: r.evals, converged: r.converged };
}

export function predictBinary(m: BinaryModel, X: Mat): Uint8Array {
  const { n, d, data } = X;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let z = m.theta[d]!;
    for (let k = 0; k < d; k++) z += m.theta[k]! * data[i * d + k]!;
    out[i] = z > 0 ? 1 : 0;
  }
  return out;
}

export interface SoftmaxModel {
  /** K x d weights, then K biases */
  theta: Float64Array;
  K: number;
  iters: number;
  evals: number;
  converged: boolean;
}

/** Multinomial L2 logistic regression (labels 0..K-1, unweighted); warm start from `init`. */
export function fitSoftmax(X: Mat, y: Uint8Array, K: number, lambda: number, init?: Float64Array): SoftmaxModel {
  const { n, d, data } = X;
  const z = new Float64Array(K);
  const fg = (th: Float64Array, g: Float64Array): number => {
    g.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const off = i * d;
      let max = -Infinity;
      for (let c = 0; c < K; c++) {
        let s = th[K * d + c]!;
        const w = c * d;
        for (let k = 0; k < d; k++) s += th[w + k]! * data[off + k]!;
        z[c] = s;
        if (s > max) max = s;
      }
      let sum = 0;
      for (let c = 0; c < K; c++) sum += Math.exp(z[c]! - max);
      loss += max + Math.log(sum) - z[y[i]!]!;
      for (let c = 0; c < K; c++) {
        const r = Math.exp(z[c]! - max) / sum - (y[i] === c ? 1 : 0);
        const w = c * d;
        for (let k = 0; k < d; k++) g[w + k] = g[w + k]! + r * data[off + k]!;
        g[K * d + c] = g[K * d + c]! + r;
      }
    }
    let reg = 0;
    for (let p = 0; p < K * d; p++) {
      g[p] = g[p]! / n + lambda * th[p]!;
      reg += th[p]! * th[p]!;
    }
    for (let c = 0; c < K; c++) g[K * d + c] = g[K * d + c]! / n;
    return loss / n + (lambda / 2) * reg;
  };
  const r = lbfgs(fg, init ?? new Float64Array(K * d + K));
  return { theta: r.x, K, iters: r.iters, evals: r.evals, converged: r.converged };
}

export function predictSoftmax(m: SoftmaxModel, X: Mat): Uint8Array {
  const { n, d, data } = X;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestZ = -Infinity;
    for (let c = 0; c < m.K; c++) {
      let s = m.theta[m.K * d + c]!;
      for (let k = 0; k < d; k++) s += m.theta[c * d + k]! * data[i * d + k]!;
      if (s > bestZ) {
        bestZ = s;
        best = c;
      }
    }
    out[i] = best;
  }
  return out;
}

/** the FER probe's (mean of the per-class recalls of a binary prediction) */
export { balancedAccuracy } from '../fer-logistic.ts';

export function accuracy(y: Uint8Array, p: Uint8Array): number {
  let hit = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === p[i]) hit++;
  return hit / Math.max(1, y.length);
}

// ---------------------------------------------------------------------------------------------
// PCA

/** Deterministic uniform numbers for the PCA start (core/rng.ts: mulberry32). */
function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.uniform();
}

/** Orthonormalises the columns of Q (d x k, row-major) in place (modified Gram-Schmidt, twice). */
function orthonormalise(Q: Float64Array, d: number, k: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let c = 0; c < k; c++) {
      for (let p = 0; p < c; p++) {
        let s = 0;
        for (let i = 0; i < d; i++) s += Q[i * k + c]! * Q[i * k + p]!;
        for (let i = 0; i < d; i++) Q[i * k + c] = Q[i * k + c]! - s * Q[i * k + p]!;
      }
      let s = 0;
      for (let i = 0; i < d; i++) s += Q[i * k + c]! ** 2;
      s = Math.sqrt(Math.max(s, 1e-300));
      for (let i = 0; i < d; i++) Q[i * k + c] = Q[i * k + c]! / s;
    }
  }
}

/** Eigen-decomposition of a small symmetric matrix (cyclic Jacobi); returns values and vectors (columns). */
function jacobiEigen(A0: Float64Array, k: number): { values: Float64Array; vectors: Float64Array } {
  const A = Float64Array.from(A0);
  const V = new Float64Array(k * k);
  for (let i = 0; i < k; i++) V[i * k + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < k; p++) for (let q = p + 1; q < k; q++) off += A[p * k + q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < k; p++) {
      for (let q = p + 1; q < k; q++) {
        const apq = A[p * k + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (A[q * k + q]! - A[p * k + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < k; r++) {
          const arp = A[r * k + p]!;
          const arq = A[r * k + q]!;
          A[r * k + p] = c * arp - s * arq;
          A[r * k + q] = s * arp + c * arq;
        }
        for (let r = 0; r < k; r++) {
          const apr = A[p * k + r]!;
          const aqr = A[q * k + r]!;
          A[p * k + r] = c * apr - s * aqr;
          A[q * k + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < k; r++) {
          const vrp = V[r * k + p]!;
          const vrq = V[r * k + q]!;
          V[r * k + p] = c * vrp - s * vrq;
          V[r * k + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const values = new Float64Array(k);
  for (let i = 0; i < k; i++) values[i] = A[i * k + i]!;
  return { values, vectors: V };
}

export interface Pca {
  /** d x k, row-major, columns = components by decreasing variance */
  components: Float64Array;
  mean: Float64Array;
  /** variance along each component, and the total variance */
  variances: Float64Array;
  total: number;
  d: number;
  k: number;
  project: (m: Mat) => Mat;
}

/**
 * PCA of the rows of X (fit data only): covariance C (d x d), then randomised subspace iteration
 * (k + 16 columns, `iters` multiplications by C) and a Rayleigh-Ritz step. Enough for features;
 * the captured variance is reported so the reader can judge.
 */
export function fitPca(X: Mat, k: number, iters = 7, seed = 1): Pca {
  const { n, d, data } = X;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] = mean[j]! + data[i * d + j]! / n;
  const C = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = data[i * d + j]! - mean[j]!;
    for (let a = 0; a < d; a++) {
      const ra = row[a]!;
      const off = a * d;
      for (let b = 0; b <= a; b++) C[off + b] = C[off + b]! + ra * row[b]!;
    }
  }
  let total = 0;
  for (let a = 0; a < d; a++) {
    for (let b = 0; b <= a; b++) {
      const v = C[a * d + b]! / n;
      C[a * d + b] = v;
      C[b * d + a] = v;
    }
    total += C[a * d + a]!;
  }
  const L = Math.min(d, k + 16);
  let Q: Float64Array = new Float64Array(d * L);
  const r = rng(seed);
  for (let i = 0; i < Q.length; i++) Q[i] = r() - 0.5;
  orthonormalise(Q, d, L);
  const mul = (M: Float64Array): Float64Array => {
    const out = new Float64Array(d * L);
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        const c = C[a * d + b]!;
        if (c === 0) continue;
        const ob = b * L;
        const oa = a * L;
        for (let l = 0; l < L; l++) out[oa + l] = out[oa + l]! + c * M[ob + l]!;
      }
    }
    return out;
  };
  for (let it = 0; it < iters; it++) {
    Q = mul(Q);
    orthonormalise(Q, d, L);
  }
  const CQ = mul(Q);
  const B = new Float64Array(L * L);
  for (let p = 0; p < L; p++) {
    for (let q = 0; q < L; q++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += Q[i * L + p]! * CQ[i * L + q]!;
      B[p * L + q] = s;
    }
  }
  for (let p = 0; p < L; p++) for (let q = 0; q < p; q++) B[p * L + q] = B[q * L + p] = (B[p * L + q]! + B[q * L + p]!) / 2;
  const { values, vectors } = jacobiEigen(B, L);
  const order = Array.from({ length: L }, (_, i) => i).sort((a, b) => values[b]! - values[a]!).slice(0, k);
  const components = new Float64Array(d * k);
  for (let i = 0; i < d; i++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      const e = order[c]!;
      for (let l = 0; l < L; l++) s += Q[i * L + l]! * vectors[l * L + e]!;
      components[i * k + c] = s;
    }
  }
  const variances = Float64Array.from(order, (e) => values[e]!);
  const project = (m: Mat): Mat => {
    const out = mat(m.n, k);
    const acc = new Float64Array(k);
    for (let i = 0; i < m.n; i++) {
      acc.fill(0);
      for (let j = 0; j < d; j++) {
        const v = m.data[i * d + j]! - mean[j]!;
        if (v === 0) continue;
        const off = j * k;
        for (let c = 0; c < k; c++) acc[c] = acc[c]! + v * components[off + c]!;
      }
      out.data.set(acc, i * k);
    }
    return out;
  };
  return { components, mean, variances, total, d, k, project };
}
