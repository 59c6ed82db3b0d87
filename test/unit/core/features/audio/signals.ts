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

/**
 * A synthetic vowel: an impulse train at f0Hz through cascaded two-pole resonators at the given
 * formant frequencies and bandwidths (Klatt's cascade), normalised to a 0.3 peak.
 */
export function vowel(f0Hz: number, formantsHz: number[], bandwidthsHz: number[], seconds: number, sampleRate = 16000): Float32Array {
  let x = new Float64Array(Math.round(seconds * sampleRate));
  const period = sampleRate / f0Hz;
  for (let t = 0; t < x.length; t += period) x[Math.round(t)] = 1;
  formantsHz.forEach((f, k) => {
    const r = Math.exp((-Math.PI * bandwidthsHz[k]!) / sampleRate);
    const a1 = 2 * r * Math.cos((2 * Math.PI * f) / sampleRate);
    const a2 = -r * r;
    const y = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) y[i] = x[i]! + a1 * (y[i - 1] ?? 0) + a2 * (y[i - 2] ?? 0);
    x = y;
  });
  const peak = x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  return Float32Array.from(x, (v) => (0.3 * v) / peak);
}
