import Meyda from 'meyda';
import { describe, expect, it } from 'vitest';
import { Fft, MagnitudeFft } from '../../../../../main/core/features/audio/fft.ts';
import { MfccAnalyzer } from '../../../../../main/core/features/audio/mfcc.ts';
import { SpectralShapeAnalyzer } from '../../../../../main/core/features/audio/spectral-shape.ts';
import { seededRandom } from './signals.ts';

describe('FFT', () => {
  it('matches a direct DFT and inverts', () => {
    const rnd = seededRandom(11);
    const n = 64;
    const x = Array.from({ length: n }, () => rnd() - 0.5);
    const re = Float64Array.from(x);
    const im = new Float64Array(n);
    new Fft(n).transform(re, im);
    for (let k = 0; k < n; k++) {
      let dr = 0;
      let di = 0;
      for (let t = 0; t < n; t++) {
        dr += x[t]! * Math.cos((2 * Math.PI * k * t) / n);
        di -= x[t]! * Math.sin((2 * Math.PI * k * t) / n);
      }
      expect(re[k]).toBeCloseTo(dr, 10);
      expect(im[k]).toBeCloseTo(di, 10);
    }
    new Fft(n).transform(re, im, true);
    for (let t = 0; t < n; t++) expect(re[t]! / n).toBeCloseTo(x[t]!, 12);
    const mag = new Float32Array(n / 2 + 1);
    new MagnitudeFft(n).magnitudes(x, mag);
    expect(mag[0]).toBeCloseTo(Math.abs(x.reduce((a, b) => a + b, 0)), 5);
  });
});

describe('MFCC', () => {
  it('equals meyda mfcc coefficients 1..13 on spectra loud enough that ln(E + 1) = ln(E)', () => {
    const M = Meyda as unknown as {
      bufferSize: number;
      sampleRate: number;
      melBands: number;
      numberOfMFCCCoefficients: number;
      melFilterBank: number[][];
      extract: (f: string, s: Float32Array) => unknown;
      featureExtractors: { mfcc: (a: object) => number[] };
    };
    Object.assign(M, { bufferSize: 512, sampleRate: 16000, melBands: 26, numberOfMFCCCoefficients: 14 });
    M.extract('mfcc', new Float32Array(512)); // builds meyda's mel filter bank for these settings
    const ours = new MfccAnalyzer(16000, 512, 26, 13);
    const rnd = seededRandom(5);
    for (let trial = 0; trial < 5; trial++) {
      const amp = new Float32Array(257).map(() => 1e3 * (0.1 + rnd()));
      const theirs = M.featureExtractors.mfcc({
        ampSpectrum: amp.subarray(0, 256),
        melFilterBank: M.melFilterBank,
        numberOfMFCCCoefficients: 14,
        bufferSize: 512,
      });
      const out = new Float64Array(13);
      ours.compute(amp, out, 0);
      for (let k = 0; k < 13; k++) expect(out[k]).toBeCloseTo(theirs[k + 1]!, 4);
    }
  });
});

describe('spectral shape', () => {
  it('puts centroid and roll-off of a single-bin spectrum on that bin, in Hz', () => {
    const shape = new SpectralShapeAnalyzer(16000, 512);
    const mag = new Float32Array(257);
    mag[32] = 1; // 32 * 16000 / 512 = 1000 Hz
    const a = shape.analyse(mag);
    expect(a.centroidHz).toBeCloseTo(1000, 6);
    expect(a.rolloffHz).toBeCloseTo(1000, 6);
    expect(a.flux).toBe(0);
    expect(a.loudness).toBeGreaterThan(0);
    mag[32] = 0;
    mag[64] = 2;
    const b = shape.analyse(mag); // all weight moved: unit-sum spectra differ by sqrt(2)
    expect(b.flux).toBeCloseTo(Math.SQRT2, 6);
    expect(b.centroidHz).toBeCloseTo(2000, 6);
  });

  it('places the roll-off where 85% of the magnitude lies below', () => {
    const shape = new SpectralShapeAnalyzer(16000, 512);
    const mag = new Float32Array(257);
    for (let k = 0; k < 100; k++) mag[k] = 1;
    // Cumulative magnitude reaches 85 of 100 at bin 84.
    expect(shape.analyse(mag).rolloffHz).toBeCloseTo((84 * 16000) / 512, 6);
  });
});
