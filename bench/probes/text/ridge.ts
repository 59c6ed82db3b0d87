/**
 * Ridge regression for the text probes: features standardised with the training rows' mean/std,
 * closed form (X'X + lambda I) w = X'y solved by Cholesky, intercept = mean label. Float64.
 */

export interface Matrix {
  rows: number;
  cols: number;
  /** row-major */
  data: Float64Array;
}

export function matrixOf(rows: readonly ArrayLike<number>[]): Matrix {
  const cols = rows[0]?.length ?? 0;
  const data = new Float64Array(rows.length * cols);
  rows.forEach((r, i) => {
    if (r.length !== cols) throw new Error(`row ${i} has ${r.length} values, expected ${cols}`);
    for (let j = 0; j < cols; j++) data[i * cols + j] = r[j] ?? 0;
  });
  return { rows: rows.length, cols, data };
}

export interface RidgeFit {
  mean: Float64Array;
  std: Float64Array;
  w: Float64Array;
  b: number;
}

/** Gram matrix and X'y of the standardised X, computed once; a fit per lambda then costs one solve. */
export interface RidgeSystem {
  mean: Float64Array;
  std: Float64Array;
  gram: Float64Array;
  xty: Float64Array;
  yMean: number;
  cols: number;
}

export function ridgeSystem(x: Matrix, y: ArrayLike<number>): RidgeSystem {
  const { rows: n, cols: d, data } = x;
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += data[i * d + j]! / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) std[j]! += (data[i * d + j]! - mean[j]!) ** 2 / n;
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j]!) || 1;
  let yMean = 0;
  for (let i = 0; i < n; i++) yMean += (y[i] ?? 0) / n;
  const gram = new Float64Array(d * d);
  const xty = new Float64Array(d);
  const z = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) z[j] = (data[i * d + j]! - mean[j]!) / std[j]!;
    const yc = (y[i] ?? 0) - yMean;
    for (let j = 0; j < d; j++) {
      const zj = z[j]!;
      if (zj === 0) continue;
      xty[j]! += zj * yc;
      const row = j * d;
      for (let k = j; k < d; k++) gram[row + k]! += zj * z[k]!;
    }
  }
  for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) gram[j * d + k] = gram[k * d + j]!;
  return { mean, std, gram, xty, yMean, cols: d };
}

export function solveRidge(s: RidgeSystem, lambda: number): RidgeFit {
  const d = s.cols;
  const a = Float64Array.from(s.gram);
  for (let j = 0; j < d; j++) a[j * d + j]! += lambda;
  // Cholesky a = L L' (in place, lower triangle)
  for (let j = 0; j < d; j++) {
    let sum = a[j * d + j]!;
    for (let k = 0; k < j; k++) sum -= a[j * d + k]! ** 2;
    if (sum <= 0) throw new Error(`ridge system not positive definite at ${j} (lambda ${lambda})`);
    const ljj = Math.sqrt(sum);
    a[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let v = a[i * d + j]!;
      for (let k = 0; k < j; k++) v -= a[i * d + k]! * a[j * d + k]!;
      a[i * d + j] = v / ljj;
    }
  }
  const t = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let v = s.xty[i]!;
    for (let k = 0; k < i; k++) v -= a[i * d + k]! * t[k]!;
    t[i] = v / a[i * d + i]!;
  }
  const w = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let v = t[i]!;
    for (let k = i + 1; k < d; k++) v -= a[k * d + i]! * w[k]!;
    w[i] = v / a[i * d + i]!;
  }
  return { mean: s.mean, std: s.std, w, b: s.yMean };
}

export function predictRidge(f: RidgeFit, x: Matrix): Float64Array {
  const d = x.cols;
  const out = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let v = f.b;
    for (let j = 0; j < d; j++) v += ((x.data[i * d + j]! - f.mean[j]!) / f.std[j]!) * f.w[j]!;
    out[i] = v;
  }
  return out;
}
