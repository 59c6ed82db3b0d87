/**
 * Per-dimension mean/std over the valid steps of one modality (DESIGN 4: audio and visual are
 * standardised with the training set's statistics). Streaming: samples are added one at a time.
 *
 * A step counts when its mask is 1; without a mask (research pickles) a step counts when its row
 * is not all zeros, because those files zero-pad the steps past the end of an utterance.
 */

/** Below this std a dimension is treated as constant: std is stored as 1 so (x - mean) / std = 0. */
export const MIN_STD = 1e-6;

export interface NormResult {
  mean: number[];
  std: number[];
  count: number;
}

export class NormAccumulator {
  readonly dim: number;
  private readonly shift: Float64Array;
  private readonly sum: Float64Array;
  private readonly sumSq: Float64Array;
  private count = 0;

  constructor(dim: number) {
    this.dim = dim;
    this.shift = new Float64Array(dim);
    this.sum = new Float64Array(dim);
    this.sumSq = new Float64Array(dim);
  }

  /** data is [steps, dim] row-major; mask (length steps) or null (then non-zero rows count). */
  add(data: Float32Array, steps: number, mask: Uint8Array | null): void {
    const d = this.dim;
    for (let s = 0; s < steps; s++) {
      const off = s * d;
      if (mask ? mask[s] !== 1 : isZeroRow(data, off, d)) continue;
      if (this.count === 0) {
        // Sums of (x - first value) keep the variance exact when |mean| >> std (e.g. F0 in Hz).
        for (let j = 0; j < d; j++) this.shift[j] = data[off + j]!;
      }
      for (let j = 0; j < d; j++) {
        const x = data[off + j]! - this.shift[j]!;
        this.sum[j]! += x;
        this.sumSq[j]! += x * x;
      }
      this.count += 1;
    }
  }

  /** Population mean/std; with no valid step at all: mean 0, std 1 (identity). */
  result(): NormResult {
    const d = this.dim;
    const mean: number[] = new Array<number>(d).fill(0);
    const std: number[] = new Array<number>(d).fill(1);
    if (this.count > 0) {
      for (let j = 0; j < d; j++) {
        const m = this.sum[j]! / this.count;
        const variance = Math.max(0, this.sumSq[j]! / this.count - m * m);
        mean[j] = m + this.shift[j]!;
        const s = Math.sqrt(variance);
        std[j] = s < MIN_STD ? 1 : s;
      }
    }
    return { mean, std, count: this.count };
  }
}

function isZeroRow(data: Float32Array, off: number, d: number): boolean {
  for (let j = 0; j < d; j++) if (data[off + j] !== 0) return false;
  return true;
}

/**
 * In place: x = (x - mean) / std at every valid step of every present sample; other steps stay 0
 * (zero means "missing" to the model, DESIGN 3.7). arr is [n, T, dim]; mask [n, T] or null.
 */
export function standardizeInPlace(
  arr: Float32Array,
  n: number,
  T: number,
  stats: { mean: number[]; std: number[] },
  mask: Uint8Array | null,
  present: Uint8Array | null,
): void {
  const d = stats.mean.length;
  for (let i = 0; i < n; i++) {
    if (present && present[i] !== 1) continue;
    for (let s = 0; s < T; s++) {
      const off = (i * T + s) * d;
      if (mask ? mask[i * T + s] !== 1 : isZeroRow(arr, off, d)) continue;
      for (let j = 0; j < d; j++) arr[off + j] = (arr[off + j]! - stats.mean[j]!) / stats.std[j]!;
    }
  }
}
