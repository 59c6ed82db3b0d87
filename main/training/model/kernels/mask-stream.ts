/**
 * The dropout mask stream (model/ops.ts `dropout`): one 32-bit draw from the run's Rng seeds an
 * inline mulberry32 stream (the generator of core/rng.ts without a call per element), and element i
 * of a tensor, in row-major order, is kept with value `keep` = 1 / (1 - rate) when its draw is at
 * least rate * 2^32, else 0. The fused kernels regenerate the same stream chunk by chunk (forward
 * and backward), so they drop exactly what the tensor-op version drops.
 */

/** What a dropout of `rate` multiplies kept elements by, as float32 (the value a mask tensor would hold). */
export function keepScale(rate: number): number {
  return Math.fround(1 / (1 - rate));
}

/** uint32 draws below this are dropped */
export function dropThreshold(rate: number): number {
  return rate * 4294967296;
}

/**
 * Fills out[0 .. n-1] with the next n mask values of the stream whose state is `state`; returns the
 * new state (pass it to the next call to continue the stream).
 */
export function fillMask(out: Float32Array, n: number, state: number, threshold: number, keep: number): number {
  let s = state >>> 0;
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (t ^ (t >>> 14)) >>> 0 >= threshold ? keep : 0;
  }
  return s;
}
