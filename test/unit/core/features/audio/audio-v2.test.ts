import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../../../main/core/errors.ts';
import { AUDIO_V2_DIM, AUDIO_V2_DIMS, AUDIO_V2_INDEX, AudioV2Stream, extractAudioV2 } from '../../../../../main/core/features/audio/audio-v2.ts';
import { concatFrameSeries } from '../../../../../main/core/features/audio/frame-stream.ts';
import type { FrameSeries } from '../../../../../main/core/types.ts';
import { column, cycles, quantile, seededRandom, sine, vowel, whiteNoise } from './signals.ts';

const col = (fs: FrameSeries, name: string): number[] => column(fs.data, fs.dim, AUDIO_V2_INDEX[name]!);
/** Frames whose whole +-150 ms context lies inside the signal and away from its edges. */
const inner = (values: number[]): number[] => values.slice(20, -20);
const median = (v: number[]): number => quantile(v, 0.5);

/** A sine whose frequency glides exponentially: f(t) = f0 * 2^(t * octavesPerSec). */
function glide(f0: number, octavesPerSec: number, seconds: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(seconds * 16000));
  const k = octavesPerSec * Math.LN2;
  for (let i = 0; i < out.length; i++) {
    const t = i / 16000;
    out[i] = amplitude * Math.sin((2 * Math.PI * f0 * (Math.exp(k * t) - 1)) / k);
  }
  return out;
}

describe('audio-v2 frame layout', () => {
  it('has one row of AUDIO_V2_DIM values per 10 ms, stamped at the 25 ms window centre', () => {
    const fs = extractAudioV2(sine(220, 1));
    expect(fs.extractor).toBe('audio-v2');
    expect(fs.dim).toBe(AUDIO_V2_DIM);
    expect(AUDIO_V2_DIM).toBe(AUDIO_V2_DIMS.length);
    expect(fs.times.length).toBe(Math.floor((16000 - 400) / 160) + 1);
    expect(fs.data.length).toBe(fs.times.length * AUDIO_V2_DIM);
    expect(fs.times[0]).toBeCloseTo(0.0125, 12);
    expect(fs.times[1]! - fs.times[0]!).toBeCloseTo(0.01, 12);
    const shifted = extractAudioV2(sine(220, 1), 16000, { startSec: 3 });
    expect(shifted.times[0]).toBeCloseTo(3.0125, 9);
    expect(Array.from(shifted.data)).toEqual(Array.from(fs.data));
  });

  it('rejects a bad input type or sample rate, and push after end', () => {
    const kind = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        return isAppError(e) ? e.kind : 'not an AppError';
      }
      return 'no error';
    };
    expect(kind(() => extractAudioV2([0.1] as unknown as Float32Array))).toBe('InvalidArgument');
    expect(kind(() => extractAudioV2(new Float32Array(10), 22050.5))).toBe('InvalidArgument');
    const s = new AudioV2Stream();
    s.end();
    expect(kind(() => s.push(new Float32Array(10)))).toBe('Internal');
  });

  it('gives zeros with valid = 0 for digital silence, and finite values for NaN/infinite samples', () => {
    const fs = extractAudioV2(new Float32Array(16000));
    expect(fs.valid.every((v) => v === 0)).toBe(true);
    expect(fs.data.every((v) => v === 0)).toBe(true);
    const x = sine(150, 1);
    x[4000] = Number.NaN;
    x[4001] = Number.POSITIVE_INFINITY;
    expect(extractAudioV2(x).data.every(Number.isFinite)).toBe(true);
  });
});

describe('audio-v2 pitch and voicing', () => {
  it('reads a 220 Hz sine as 36 semitones re 27.5 Hz, flat and fully voiced', () => {
    const fs = extractAudioV2(sine(220, 1));
    for (const v of inner(col(fs, 'f0_st'))) expect(v).toBeCloseTo(36, 1); // 12 log2(220 / 27.5) = 36
    expect(Math.max(...inner(col(fs, 'f0_range_st')))).toBeLessThan(0.1);
    expect(Math.max(...inner(col(fs, 'f0_slope_st_s')).map(Math.abs))).toBeLessThan(0.5);
    expect(Math.min(...inner(col(fs, 'voiced_ratio')))).toBe(1);
    expect(Math.min(...inner(col(fs, 'hnr_db')))).toBeGreaterThan(20);
  });

  it('measures the slope and local range of a glide rising one octave per second', () => {
    const fs = extractAudioV2(glide(110, 1, 2));
    // 12 semitones per second; within +-150 ms the 10th-90th percentile spans 0.8 x 0.3 s x 12 st/s.
    expect(median(inner(col(fs, 'f0_slope_st_s')))).toBeCloseTo(12, 0);
    expect(median(inner(col(fs, 'f0_range_st')))).toBeCloseTo(0.8 * 0.3 * 12, 0);
    // F0 itself follows the glide: at t = 1 s it is 220 Hz = 36 st.
    const at1s = fs.times.findIndex((t) => t >= 1);
    expect(col(fs, 'f0_st')[at1s]!).toBeCloseTo(36, 0);
  });

  it('counts voiced segments per second: 150 ms tone bursts every 400 ms give 2.5/s', () => {
    const x = whiteNoise(4, 0.001, 7); // a quiet floor keeps the gaps valid (not digital silence)
    const tone = sine(180, 0.15, 0.4);
    for (let t = 0.1; t + 0.15 < 4; t += 0.4) x.set(tone.map((v, i) => v + x[Math.round(t * 16000) + i]!), Math.round(t * 16000));
    const fs = extractAudioV2(x);
    // A +-0.5 s window holds 2 or 3 onsets depending on where it falls: 2.5 per second on average.
    const mid = col(fs, 'voiced_onsets_s').slice(100, -100);
    const mean = mid.reduce((a, b) => a + b, 0) / mid.length;
    expect(mean).toBeGreaterThan(2.3);
    expect(mean).toBeLessThan(2.7);
    // Within +-150 ms of a burst centre, about 150/310 of the frames are voiced.
    expect(median(col(fs, 'voiced_ratio').slice(100, -100))).toBeGreaterThan(0.3);
    expect(median(col(fs, 'voiced_ratio').slice(100, -100))).toBeLessThan(0.7);
  });

  it('reports jitter of known alternating periods (audio-v1 definition, averaged over voiced frames)', () => {
    const fs = extractAudioV2(cycles([98, 102], [0.5], 2));
    expect(median(inner(col(fs, 'jitter')))).toBeCloseTo(0.02, 3);
    expect(median(inner(col(fs, 'shimmer')))).toBeLessThan(0.005);
  });
});

describe('audio-v2 formants and spectral balance', () => {
  it('finds F1-F3 of a synthetic vowel', () => {
    const fs = extractAudioV2(vowel(120, [700, 1220, 2600], [80, 90, 120], 1));
    expect(median(inner(col(fs, 'f1_hz')))).toBeGreaterThan(665);
    expect(median(inner(col(fs, 'f1_hz')))).toBeLessThan(735);
    expect(median(inner(col(fs, 'f2_hz')))).toBeGreaterThan(1160);
    expect(median(inner(col(fs, 'f2_hz')))).toBeLessThan(1280);
    expect(median(inner(col(fs, 'f3_hz')))).toBeGreaterThan(2470);
    expect(median(inner(col(fs, 'f3_hz')))).toBeLessThan(2730);
  });

  it('gives white noise its flat-spectrum balance: alpha ratio = 10 log10(950 / 4000), zero slopes', () => {
    const fs = extractAudioV2(whiteNoise(2, 0.1));
    expect(median(col(fs, 'alpha_ratio_db'))).toBeGreaterThan(-6.24 - 1);
    expect(median(col(fs, 'alpha_ratio_db'))).toBeLessThan(-6.24 + 1);
    expect(Math.abs(median(col(fs, 'hammarberg_db')))).toBeLessThan(3);
    expect(Math.abs(median(col(fs, 'slope_500_1500_db_khz')))).toBeLessThan(3);
    expect(median(col(fs, 'voiced_ratio'))).toBeLessThan(0.05);
  });
});

describe('audio-v2 streaming', () => {
  it('gives exactly the one-shot result when fed in uneven chunks (the 1.5 s context included)', () => {
    const rnd = seededRandom(5);
    const x = new Float32Array(4 * 16000);
    x.set(glide(120, 0.5, 1.5), 0);
    x.set(whiteNoise(1, 0.05, 9), 24000);
    x.set(vowel(140, [500, 1500, 2500], [60, 80, 100], 1.5), 40000);
    const whole = extractAudioV2(x, 16000, { startSec: 2 });
    for (const maxChunk of [7, 900, 30000]) {
      const stream = new AudioV2Stream(16000, { startSec: 2 });
      const parts: FrameSeries[] = [];
      for (let at = 0; at < x.length; ) {
        const len = 1 + Math.floor(rnd() * maxChunk);
        parts.push(stream.push(x.subarray(at, at + len)));
        at += len;
      }
      parts.push(stream.end());
      const chunked = concatFrameSeries(parts, 'audio-v2', AUDIO_V2_DIM);
      expect(Array.from(chunked.times)).toEqual(Array.from(whole.times));
      expect(Array.from(chunked.valid)).toEqual(Array.from(whole.valid));
      expect(Array.from(chunked.data)).toEqual(Array.from(whole.data));
    }
  });
});
