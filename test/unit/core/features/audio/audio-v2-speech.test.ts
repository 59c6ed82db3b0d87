import { beforeAll, describe, expect, it } from 'vitest';
import { AUDIO_V2_DIMS, AUDIO_V2_INDEX, extractAudioV2 } from '../../../../../main/core/features/audio/audio-v2.ts';
import type { FrameSeries } from '../../../../../main/core/types.ts';
import { decodeShared } from './decode-helper.ts';
import { column, quantile } from './signals.ts';

// Real read speech (LibriVox, one reader) and RAVDESS acted speech (an actor, happy vs sad).
let libri: Float32Array;
let libriFs: FrameSeries;
beforeAll(async () => {
  libri = await decodeShared('audio/speech/librivox', 'sense_and_sensibility_01_austen_64kb-0870.wav');
  libriFs = extractAudioV2(libri);
});

const col = (fs: FrameSeries, name: string): number[] => column(fs.data, fs.dim, AUDIO_V2_INDEX[name]!);
const voiced = (fs: FrameSeries, name: string): number[] => col(fs, name).filter((_, i) => col(fs, 'voiced_ratio')[i]! > 0);

describe('audio-v2 on real speech', () => {
  it('finds an adult F0, ordered formants and a syllable rate of read speech', () => {
    const f0 = quantile(voiced(libriFs, 'f0_st'), 0.5);
    // 22-45 semitones re 27.5 Hz = 100-370 Hz.
    expect(f0).toBeGreaterThan(22);
    expect(f0).toBeLessThan(45);
    const [f1, f2, f3] = ['f1_hz', 'f2_hz', 'f3_hz'].map((n) => quantile(voiced(libriFs, n), 0.5));
    expect(f1!).toBeGreaterThan(250);
    expect(f1!).toBeLessThan(900);
    expect(f2!).toBeGreaterThan(f1! + 300);
    expect(f3!).toBeGreaterThan(f2! + 300);
    // Read English: about 3-6 syllables per second.
    const rate = quantile(col(libriFs, 'voiced_onsets_s'), 0.5);
    expect(rate).toBeGreaterThan(2);
    expect(rate).toBeLessThan(8);
    expect(libriFs.data.every(Number.isFinite)).toBe(true);
  });

  it('does not depend on the recording gain: a copy 20 dB quieter gives the same values', () => {
    const quiet = extractAudioV2(libri.map((v) => v * 0.1));
    expect(Array.from(quiet.valid)).toEqual(Array.from(libriFs.valid));
    for (const [d, info] of AUDIO_V2_DIMS.entries()) {
      const a = column(libriFs.data, libriFs.dim, d);
      const b = column(quiet.data, quiet.dim, d);
      const spread = quantile(a, 0.95) - quantile(a, 0.05) || 1;
      // Float rounding can flip a borderline voicing decision and so move a context mean on a few
      // frames; 98% of the frames must agree to 1% of the dimension's spread.
      const same = a.filter((v, i) => Math.abs(v - b[i]!) <= 0.01 * spread).length / a.length;
      expect(same, info.name).toBeGreaterThan(0.98);
    }
  });

  it('puts an actor\'s happy sentence above the sad one in F0 (RAVDESS actor 1, strong intensity)', async () => {
    const happy = extractAudioV2(await decodeShared('ravdess_speech', 'Actor_01', '03-01-03-02-01-01-01.flac'));
    const sad = extractAudioV2(await decodeShared('ravdess_speech', 'Actor_01', '03-01-04-02-01-01-01.flac'));
    expect(quantile(voiced(happy, 'f0_st'), 0.5)).toBeGreaterThan(quantile(voiced(sad, 'f0_st'), 0.5) + 1);
  });
});
