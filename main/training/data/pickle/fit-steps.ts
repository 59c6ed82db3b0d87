import type { NumericArray } from './numpy-unpickle.ts';

/**
 * Brings a [n, L, d] feature array to [n, T, d] float32 (the model's fixed step count, DESIGN 3.6).
 *
 * Per sample, only its first `len` frames are real (len = the pickle's *_lengths entry when it has
 * one, else L; frames past len are padding):
 *  - len <= T: frames 0..len-1 go to steps 0..len-1, the remaining steps are zero (pad);
 *  - len >  T, method 'pool' (default): step s is the mean of frames [floor(s len / T), floor((s+1) len / T)),
 *    so the whole utterance is kept, as the app averages frames inside each step's interval;
 *  - len >  T, method 'cut': the first T frames (MMSA's truncation of unaligned sequences).
 * Aligned files (L == T, no lengths) are copied unchanged. Non-finite values (COVAREP writes -inf
 * for log-energy of silent frames; MMSA and MulT zero them) become 0 BEFORE pooling, and are counted.
 */

export type FitMethod = 'pool' | 'cut';

export interface FitResult {
  data: Float32Array;
  /** how many non-finite input values were replaced by 0 */
  nonFinite: number;
}

export function fitToSteps(
  src: NumericArray,
  n: number,
  L: number,
  d: number,
  T: number,
  lengths: ArrayLike<number> | null,
  method: FitMethod,
): FitResult {
  if (L === T && lengths === null) return copyFinite(src);
  const out = new Float32Array(n * T * d);
  const acc = new Float64Array(d);
  let nonFinite = 0;
  const at = (i: number, f: number, j: number): number => {
    const x = src[(i * L + f) * d + j]!;
    if (Number.isFinite(x)) return x;
    nonFinite += 1;
    return 0;
  };
  for (let i = 0; i < n; i++) {
    const raw = lengths ? Math.round(Number(lengths[i])) : L;
    const len = Math.max(0, Math.min(L, Number.isFinite(raw) ? raw : L));
    if (len <= T || method === 'cut') {
      const steps = Math.min(len, T);
      for (let s = 0; s < steps; s++) {
        const o = (i * T + s) * d;
        for (let j = 0; j < d; j++) out[o + j] = at(i, s, j);
      }
      // frames past the copied ones may still hold non-finite padding: count them too
      for (let f = steps; f < L; f++) for (let j = 0; j < d; j++) if (!Number.isFinite(src[(i * L + f) * d + j]!)) nonFinite++;
      continue;
    }
    for (let s = 0; s < T; s++) {
      const a = Math.floor((s * len) / T);
      const b = Math.floor(((s + 1) * len) / T);
      acc.fill(0);
      for (let f = a; f < b; f++) for (let j = 0; j < d; j++) acc[j]! += at(i, f, j);
      const o = (i * T + s) * d;
      for (let j = 0; j < d; j++) out[o + j] = acc[j]! / (b - a);
    }
    for (let f = len; f < L; f++) for (let j = 0; j < d; j++) if (!Number.isFinite(src[(i * L + f) * d + j]!)) nonFinite++;
  }
  return { data: out, nonFinite };
}

/** Aligned data (L == T, no lengths): a float32 copy with non-finite values set to 0. */
function copyFinite(src: NumericArray): FitResult {
  const data = new Float32Array(src);
  let nonFinite = 0;
  for (let i = 0; i < data.length; i++) {
    const x = data[i]!;
    if (x - x !== 0) {
      data[i] = 0;
      nonFinite += 1;
    }
  }
  return { data, nonFinite };
}
