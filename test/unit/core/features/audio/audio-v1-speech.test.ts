import { YIN } from 'pitchfinder';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeContext } from '../../../../../main/core/context.ts';
import { AUDIO_V1_INDEX, AudioV1Stream, concatFrameSeries, extractAudioV1 } from '../../../../../main/core/features/audio/audio-v1.ts';
import { streamAudio } from '../../../../../main/core/media/decode-audio.ts';
import { Yin } from '../../../../../main/core/features/audio/yin.ts';
import type { FrameSeries } from '../../../../../main/core/types.ts';
import { dataPath } from '../../../../helpers/data.ts';
import { decodeShared } from './decode-helper.ts';
import { column, quantile } from './signals.ts';

// Five utterances read by one LibriVox reader (Sense and Sensibility, chapter 1), 16 kHz.
const FILES = ['0870', '0880', '0890', '0920', '0930'].map((n) => `sense_and_sensibility_01_austen_64kb-${n}.wav`);

interface Decoded {
  name: string;
  x: Float32Array;
  fs: FrameSeries;
}
const decoded: Decoded[] = [];

beforeAll(async () => {
  for (const name of FILES) {
    const x = await decodeShared('audio/speech/librivox', name);
    decoded.push({ name, x, fs: extractAudioV1(x) });
  }
});

const col = (fs: FrameSeries, name: string): number[] => column(fs.data, fs.dim, AUDIO_V1_INDEX[name]!);
const voicedF0 = (fs: FrameSeries): number[] => col(fs, 'f0_hz').filter((_, i) => col(fs, 'voiced')[i] === 1);

describe('audio-v1 on real read speech (LibriVox)', () => {
  it('finds an adult F0 range and one speaker, without octave jumps', () => {
    const medians: number[] = [];
    for (const { name, fs } of decoded) {
      const f0 = voicedF0(fs);
      const voicedShare = f0.length / fs.times.length;
      // Read speech is voiced for roughly half of its frames (vowels, voiced consonants).
      expect(voicedShare, name).toBeGreaterThan(0.15);
      expect(voicedShare, name).toBeLessThan(0.85);
      const median = quantile(f0, 0.5);
      expect(median, name).toBeGreaterThan(70);
      expect(median, name).toBeLessThan(350);
      // One speaker's intonation: 10th to 90th percentile well within an octave-and-a-bit.
      expect(quantile(f0, 0.9) / quantile(f0, 0.1), name).toBeLessThan(2.5);
      medians.push(median);
      // Speech with pauses, but a continuous recording: no frame is digital silence.
      expect(fs.valid.every((v) => v === 1), name).toBe(true);
      expect(fs.data.every(Number.isFinite), name).toBe(true);
    }
    // The same reader in every file: medians within half an octave of each other.
    expect(Math.max(...medians) / Math.min(...medians)).toBeLessThan(Math.SQRT2);
  });

  it('agrees with pitchfinder YIN where both call a frame voiced in 65-500 Hz', () => {
    const detect = YIN({ sampleRate: 16000, threshold: 0.1 });
    for (const { name, x, fs } of decoded) {
      const f0 = col(fs, 'f0_hz');
      const voiced = col(fs, 'voiced');
      let both = 0;
      let close = 0;
      for (let i = 0; i < fs.times.length; i++) {
        // pitchfinder analyses the first 512 of a 1024-sample buffer: centre it on our frame.
        const c = Math.round(fs.times[i]! * 16000);
        if (voiced[i] !== 1 || c - 256 < 0 || c + 768 > x.length) continue;
        const theirs = detect(x.subarray(c - 256, c + 768));
        if (theirs === null || theirs < 65 || theirs > 500) continue;
        both++;
        if (Math.abs(f0[i]! / theirs - 1) < 0.05) close++;
      }
      expect(both, name).toBeGreaterThan(30);
      expect(close / both, name).toBeGreaterThan(0.95);
    }
  });

  it('gives the one-shot frames when the file is decoded and analysed in 0.37 s chunks', async () => {
    const { name, fs: whole } = decoded[0]!;
    const stream = new AudioV1Stream(16000);
    const parts: FrameSeries[] = [];
    for await (const chunk of streamAudio(dataPath('audio/speech/librivox', name), makeContext(), { chunkSec: 0.37 })) {
      parts.push(stream.push(chunk.samples));
    }
    parts.push(stream.end());
    const chunked = concatFrameSeries(parts);
    expect(chunked.times.length).toBe(whole.times.length);
    expect(Array.from(chunked.times)).toEqual(Array.from(whole.times));
    expect(Array.from(chunked.valid)).toEqual(Array.from(whole.valid));
    for (let i = 0; i < whole.data.length; i++) expect(chunked.data[i]).toBeCloseTo(whole.data[i]!, 4);
  });

  it('computes the YIN difference function through the FFT exactly as the direct sum would', () => {
    const { x } = decoded[0]!;
    const yin = new Yin(16000, 65, 500, 400);
    let compared = 0;
    for (let start = 0; start + yin.span <= x.length; start += 800) {
      const got = yin.analyse(x, start);
      const want = directYin(x, start, 400, Math.floor(16000 / 500), Math.ceil(16000 / 65));
      expect(got.aperiodicity).toBeCloseTo(want.aperiodicity, 6);
      expect(got.periodSamples).toBeCloseTo(want.period, 4);
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
  });
});

/** Reference YIN with the direct O(W * tauMax) difference function (steps 2-5 as in the paper). */
function directYin(x: Float32Array, start: number, w: number, tauMin: number, tauMax: number): { period: number; aperiodicity: number } {
  const d = new Float64Array(tauMax + 2);
  d[0] = 1;
  let running = 0;
  for (let tau = 1; tau <= tauMax + 1; tau++) {
    let s = 0;
    for (let j = 0; j < w; j++) s += (x[start + j]! - x[start + j + tau]!) ** 2;
    running += s;
    d[tau] = running > 0 ? (s * tau) / running : 1;
  }
  let tau = -1;
  for (let t = tauMin; t <= tauMax; t++) {
    if (d[t]! < 0.1) {
      while (t + 1 <= tauMax && d[t + 1]! < d[t]!) t++;
      tau = t;
      break;
    }
  }
  if (tau < 0) {
    tau = tauMin;
    for (let t = tauMin + 1; t <= tauMax; t++) if (d[t]! < d[tau]!) tau = t;
  }
  const [s0, s1, s2] = [d[tau - 1]!, d[tau]!, d[tau + 1]!];
  const denom = s0 - 2 * s1 + s2;
  const shift = denom > 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (s0 - s2)) / denom)) : 0;
  const value = denom > 0 ? s1 - 0.25 * (s0 - s2) * shift : s1;
  return { period: tau + shift, aperiodicity: Math.min(1, Math.max(0, value)) };
}
