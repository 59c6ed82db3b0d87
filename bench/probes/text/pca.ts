/**
 * Top-k principal components by orthogonal (subspace) iteration on the covariance: enough for the
 * few dozen components the probes project sentence vectors onto. Float64.
 */
export interface Pca {
  mean: Float64Array;
  /** k x d, row i = component i (unit length), by decreasing variance */
  components: Float64Array;
  /** variance along each component */
  variance: Float64Array;
  k: number;
  d: number;
}

export function fitPca(rows: readonly ArrayLike<number>[], k: number, iterations = 60): Pca {
  const n = rows.length;
  const d = rows[0]?.length ?? 0;
  const mean = new Float64Array(d);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j]! += (r[j] ?? 0) / n;
  const cov = new Float64Array(d * d);
  const z = new Float64Array(d);
  for (const r of rows) {
    for (let j = 0; j < d; j++) z[j] = (r[j] ?? 0) - mean[j]!;
    for (let j = 0; j < d; j++) {
      const zj = z[j]! / n;
      for (let l = j; l < d; l++) cov[j * d + l]! += zj * z[l]!;
    }
  }
  for (let j = 0; j < d; j++) for (let l = 0; l < j; l++) cov[j * d + l] = cov[l * d + j]!;
  // q: k x d, start from a deterministic basis
  let q = new Float64Array(k * d);
  for (let i = 0; i < k; i++) for (let j = 0; j < d; j++) q[i * d + j] = Math.sin((i + 1) * (j + 1) * 0.7) + (i === j % k ? 1 : 0);
  for (let it = 0; it < iterations; it++) {
    const next = new Float64Array(k * d);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < d; j++) {
        let v = 0;
        for (let l = 0; l < d; l++) v += cov[j * d + l]! * q[i * d + l]!;
        next[i * d + j] = v;
      }
    }
    orthonormalise(next, k, d);
    q = next;
  }
  const variance = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let v = 0;
    for (let j = 0; j < d; j++) {
      let cq = 0;
      for (let l = 0; l < d; l++) cq += cov[j * d + l]! * q[i * d + l]!;
      v += q[i * d + j]! * cq;
    }
    variance[i] = v;
  }
  return { mean, components: q, variance, k, d };
}

/** Gram-Schmidt (modified) on the k rows of q, in place. */
function orthonormalise(q: Float64Array, k: number, d: number): void {
  for (let i = 0; i < k; i++) {
    for (let p = 0; p < i; p++) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += q[i * d + j]! * q[p * d + j]!;
      for (let j = 0; j < d; j++) q[i * d + j]! -= dot * q[p * d + j]!;
    }
    let norm = 0;
    for (let j = 0; j < d; j++) norm += q[i * d + j]! ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < d; j++) q[i * d + j]! /= norm;
  }
}

export function project(p: Pca, x: ArrayLike<number>): Float64Array {
  const out = new Float64Array(p.k);
  for (let i = 0; i < p.k; i++) {
    let v = 0;
    for (let j = 0; j < p.d; j++) v += ((x[j] ?? 0) - p.mean[j]!) * p.components[i * p.d + j]!;
    out[i] = v;
  }
  return out;
}
