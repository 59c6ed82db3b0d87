/** Small deterministic test signals (made at test time, never stored). */
import { createRng } from '../../../../../main/core/rng.ts';

/** A seeded uniform generator in [0, 1) (the project's mulberry32 Rng). */
export function seededRandom(seed: number): () => number {
  const rng = createRng(seed);
  return () => rng.uniform();
}

export function sine(freqHz: number, seconds: number, amplitude = 0.5, sampleRate = 16000): Float32Array {
  const out = new Float32Array(Math.round(seconds * sampleRate));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * freqHz * i) / sampleRate);
  return out;
}

/** Gaussian white noise (Box-Muller) with the given standard deviation. */
export function whiteNoise(seconds: number, sigma: number, seed = 1, sampleRate = 16000): Float32Array {
  const rnd = seededRandom(seed);
  const out = new Float32Array(Math.round(seconds * sampleRate));
  for (let i = 0; i < out.length; i++) {
    const u = 1 - rnd();
    const v = rnd();
    out[i] = sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  return out;
}

/**
 * A sine-shaped "voice" whose consecutive cycles last periods[i % periods.length] samples and
 * have peak amplitudes amps[i % amps.length]: known jitter and shimmer.
 */
export function cycles(periods: number[], amps: number[], seconds: number, sampleRate = 16000): Float32Array {
  const out = new Float32Array(Math.round(seconds * sampleRate));
  let at = 0;
  for (let c = 0; at < out.length; c++) {
    const p = periods[c % periods.length]!;
    const a = amps[c % amps.length]!;
    for (let j = 0; j < p && at < out.length; j++, at++) out[at] = a * Math.sin((2 * Math.PI * j) / p);
  }
  return out;
}

/** Column `c` of a row-major n x dim matrix. */
export function column(data: Float32Array, dim: number, c: number): number[] {
  const out: number[] = [];
  for (let i = c; i < data.length; i += dim) out.push(data[i]!);
  return out;
}

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}
