import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../../../main/core/errors.ts';
import {
  AUDIO_V1_DIM,
  AUDIO_V1_DIMS,
  AUDIO_V1_INDEX,
  AudioV1Stream,
  concatFrameSeries,
  extractAudioV1,
} from '../../../../../main/core/features/audio/audio-v1.ts';
import type { FrameSeries } from '../../../../../main/core/types.ts';
import { cycles, column, quantile, seededRandom, sine, whiteNoise } from './signals.ts';

const col = (fs: FrameSeries, name: string): number[] => column(fs.data, fs.dim, AUDIO_V1_INDEX[name]!);
/** Frames whose YIN / jitter context lies wholly inside the signal (away from the zero padding). */
const inner = (values: number[]): number[] => values.slice(5, -5);
const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

function expectAppError(fn: () => unknown, kind: string): void {
  try {
    fn();
  } catch (e) {
    expect(isAppError(e)).toBe(true);
    expect((e as { kind: string }).kind).toBe(kind);
    return;
  }
  throw new Error('expected an AppError');
}

describe('audio-v1 frame layout', () => {
  it('has one frame per 10 ms hop, stamped at the 25 ms window centre', () => {
    const fs = extractAudioV1(sine(220, 1));
    expect(fs.extractor).toBe('audio-v1');
    expect(fs.dim).toBe(AUDIO_V1_DIM);
    expect(AUDIO_V1_DIM).toBe(AUDIO_V1_DIMS.length);
    expect(fs.times.length).toBe(Math.floor((16000 - 400) / 160) + 1);
    expect(fs.data.length).toBe(fs.times.length * AUDIO_V1_DIM);
    expect(fs.valid.length).toBe(fs.times.length);
    expect(fs.times[0]).toBeCloseTo(0.0125, 12);
    expect(fs.times[1]! - fs.times[0]!).toBeCloseTo(0.01, 12);
  });

  it('offsets frame times by startSec', () => {
    const a = extractAudioV1(sine(220, 0.5));
    const b = extractAudioV1(sine(220, 0.5), 16000, { startSec: 12.5 });
    expect(b.times[0]).toBeCloseTo(12.5125, 9);
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
  });

  it('gives no frames for an empty or shorter-than-one-window signal', () => {
    expect(extractAudioV1(new Float32Array(0)).times.length).toBe(0);
    expect(extractAudioV1(new Float32Array(399)).times.length).toBe(0);
    expect(extractAudioV1(new Float32Array(400)).times.length).toBe(1);
  });

  it('rejects input that is not a Float32Array, a bad rate or start time, and push after end', () => {
    expectAppError(() => extractAudioV1([0.1, 0.2] as unknown as Float32Array), 'InvalidArgument');
    expectAppError(() => extractAudioV1(new Float32Array(10), 44100.5), 'InvalidArgument');
    expectAppError(() => extractAudioV1(new Float32Array(10), 16000, { startSec: Number.NaN }), 'InvalidArgument');
    const s = new AudioV1Stream();
    s.end();
    expectAppError(() => s.push(new Float32Array(10)), 'Internal');
  });
});

describe('audio-v1 pitch and voicing', () => {
  it('finds 220 Hz in a pure 220 Hz sine, fully voiced, with no jitter or shimmer', () => {
    const fs = extractAudioV1(sine(220, 1));
    for (const f of inner(col(fs, 'f0_hz'))) expect(Math.abs(f - 220)).toBeLessThan(2);
    for (const f of inner(col(fs, 'log_f0'))) expect(f).toBeCloseTo(Math.log(220), 2);
    expect(Math.min(...inner(col(fs, 'voicing_prob')))).toBeGreaterThan(0.95);
    expect(inner(col(fs, 'voiced')).every((v) => v === 1)).toBe(true);
    expect(Math.max(...inner(col(fs, 'jitter_local')))).toBeLessThan(0.005);
    expect(Math.max(...inner(col(fs, 'shimmer_local')))).toBeLessThan(0.01);
    // Level and zero crossings of a 0.5-amplitude sine: RMS 0.5/sqrt(2) = -9.03 dBFS; 2 x 220 crossings/s.
    expect(quantile(col(fs, 'rms_dbfs'), 0.5)).toBeCloseTo(-9.03, 1);
    expect(quantile(col(fs, 'zcr'), 0.5)).toBeCloseTo((2 * 220) / 16000, 3);
  });

  it('gives zeros and valid = 0 for digital silence, also with +-1 LSB of 16-bit dither', () => {
    const lsbDither = new Float32Array(16000).map((_, i) => ((i % 3) - 1) / 32768);
    for (const x of [new Float32Array(16000), lsbDither]) {
      const fs = extractAudioV1(x);
      expect(fs.valid.every((v) => v === 0)).toBe(true);
      for (const name of ['f0_hz', 'log_f0', 'voicing_prob', 'voiced', 'jitter_local', 'shimmer_local']) {
        expect(col(fs, name).every((v) => v === 0)).toBe(true);
      }
      expect(fs.data.every(Number.isFinite)).toBe(true);
    }
  });

  it('keeps quiet but real signal (-60 dBFS noise) valid', () => {
    const fs = extractAudioV1(whiteNoise(1, 0.001));
    expect(fs.valid.every((v) => v === 1)).toBe(true);
    expect(quantile(col(fs, 'rms_dbfs'), 0.5)).toBeCloseTo(-60, 0);
  });

  it('finds white noise unvoiced: low voicing probability, no F0', () => {
    const fs = extractAudioV1(whiteNoise(2, 0.1));
    expect(quantile(col(fs, 'voicing_prob'), 0.9)).toBeLessThan(0.5);
    expect(mean(col(fs, 'voiced'))).toBeLessThan(0.02);
    // White noise spreads evenly to 8 kHz: centroid near 4 kHz, 85% roll-off near 6.8 kHz, ZCR near 0.5.
    expect(quantile(col(fs, 'spectral_centroid_hz'), 0.5)).toBeGreaterThan(3500);
    expect(quantile(col(fs, 'spectral_centroid_hz'), 0.5)).toBeLessThan(4500);
    expect(quantile(col(fs, 'spectral_rolloff_hz'), 0.5)).toBeGreaterThan(6300);
    expect(quantile(col(fs, 'zcr'), 0.5)).toBeCloseTo(0.5, 1);
  });

  it('measures known jitter and shimmer of synthetic voice cycles', () => {
    // Periods alternating 98/102 samples of a sine shape: the peaks (a quarter period into each cycle)
    // are 99 and 101 samples apart, so local jitter = mean |dT| / mean T = 2 / 100.
    const jit = extractAudioV1(cycles([98, 102], [0.5], 2));
    expect(quantile(inner(col(jit, 'f0_hz')), 0.5)).toBeCloseTo(160, 0);
    expect(quantile(inner(col(jit, 'jitter_local')), 0.5)).toBeCloseTo(0.02, 3);
    expect(quantile(inner(col(jit, 'shimmer_local')), 0.5)).toBeLessThan(0.005);
    // Peak amplitudes alternating 0.5/0.45: shimmer = 0.05 / 0.475.
    const shim = extractAudioV1(cycles([100], [0.5, 0.45], 2));
    expect(quantile(inner(col(shim, 'shimmer_local')), 0.5)).toBeCloseTo(0.05 / 0.475, 3);
    expect(quantile(inner(col(shim, 'jitter_local')), 0.5)).toBeLessThan(0.005);
  });
});

describe('audio-v1 spectral features', () => {
  it('gives finite MFCC 1..13 shaped [n, 13], unchanged by the recording level', () => {
    const x = whiteNoise(1, 0.05, 7);
    const loud = extractAudioV1(x);
    const quiet = extractAudioV1(x.map((v) => v * 0.01)); // -40 dB
    const m0 = AUDIO_V1_INDEX['mfcc_1']!;
    expect(AUDIO_V1_INDEX['mfcc_13']).toBe(m0 + 12);
    expect(AUDIO_V1_INDEX['mfcc_0']).toBeUndefined();
    const n = loud.times.length;
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < 13; k++) {
        const a = loud.data[i * AUDIO_V1_DIM + m0 + k]!;
        expect(Number.isFinite(a)).toBe(true);
        // A level change only moves coefficient 0, which audio-v1 leaves out.
        expect(quiet.data[i * AUDIO_V1_DIM + m0 + k]!).toBeCloseTo(a, 3);
      }
    }
    expect(quantile(col(quiet, 'rms_dbfs'), 0.5) - quantile(col(loud, 'rms_dbfs'), 0.5)).toBeCloseTo(-40, 1);
  });

  it('gives zero flux for a steady tone and high flux where the spectrum changes', () => {
    const steady = extractAudioV1(sine(440, 0.5));
    expect(Math.max(...inner(col(steady, 'spectral_flux')))).toBeLessThan(0.01);
    const x = new Float32Array(16000);
    x.set(sine(300, 0.5), 0);
    x.set(sine(3000, 0.5), 8000);
    const fs = extractAudioV1(x);
    const flux = col(fs, 'spectral_flux');
    const peak = flux.indexOf(Math.max(...flux));
    // The switch spreads over the frames whose 25 ms window straddles it; the largest step is there.
    expect(flux[peak]).toBeGreaterThan(0.2);
    expect(Math.abs(fs.times[peak]! - 0.5)).toBeLessThanOrEqual(0.0125);
    expect(col(fs, 'spectral_flux')[0]).toBe(0); // no previous frame
  });

  it('treats non-finite samples as zero', () => {
    const x = sine(220, 0.5);
    x[3000] = Number.NaN;
    x[3001] = Number.POSITIVE_INFINITY;
    expect(extractAudioV1(x).data.every(Number.isFinite)).toBe(true);
  });
});

describe('audio-v1 streaming', () => {
  it('gives exactly the one-shot result when fed in uneven chunks', () => {
    const rnd = seededRandom(3);
    const x = new Float32Array(3 * 16000);
    x.set(cycles([95, 105, 99], [0.4, 0.3], 1), 0);
    x.set(whiteNoise(1, 0.05, 5), 16000);
    x.set(sine(180, 1, 0.3), 32000);
    const whole = extractAudioV1(x, 16000, { startSec: 4 });
    for (const maxChunk of [1, 170, 5000]) {
      const stream = new AudioV1Stream(16000, { startSec: 4 });
      const parts: FrameSeries[] = [];
      for (let at = 0; at < x.length; ) {
        const len = 1 + Math.floor(rnd() * maxChunk);
        parts.push(stream.push(x.subarray(at, at + len)));
        at += len;
      }
      parts.push(stream.end());
      const chunked = concatFrameSeries(parts);
      expect(Array.from(chunked.times)).toEqual(Array.from(whole.times));
      expect(Array.from(chunked.valid)).toEqual(Array.from(whole.valid));
      expect(Array.from(chunked.data)).toEqual(Array.from(whole.data));
    }
  });
});
