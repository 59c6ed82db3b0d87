import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../../../main/core/errors.ts';
import { SignalStatsAccumulator, audioSignalStats } from '../../../../../main/core/features/audio/signal-stats.ts';
import { decodeShared } from './decode-helper.ts';
import { seededRandom, sine, whiteNoise } from './signals.ts';

describe('audioSignalStats on real files', () => {
  it('reports the digital-silence track of the Pexels sample clip as silent', async () => {
    const x = await decodeShared('videos/sample/pyfeat_WolfgangLanger_Pexels.mp4');
    const s = audioSignalStats(x, 16000);
    expect(s.durationSec).toBeGreaterThan(19);
    expect(s.durationSec).toBeLessThan(20.5);
    expect(s.silentRatio).toBeGreaterThan(0.99);
    expect(s.peakDbfs).toBeLessThan(-90);
    expect(s.clippedRatio).toBe(0);
  });

  it('reports read speech as neither silent nor clipped', async () => {
    const x = await decodeShared('audio/speech/librivox', 'sense_and_sensibility_01_austen_64kb-0870.wav');
    const s = audioSignalStats(x, 16000);
    expect(s.durationSec).toBeCloseTo(x.length / 16000, 9);
    expect(s.silentRatio).toBeLessThan(0.05);
    expect(s.clippedRatio).toBeLessThan(0.001);
    expect(s.rmsDbfs).toBeGreaterThan(-50);
    expect(s.rmsDbfs).toBeLessThan(s.peakDbfs);
  });
});

describe('audioSignalStats on made signals', () => {
  it('measures level in dBFS: a 0.5 sine has RMS -9.03 and peak -6.02 dBFS', () => {
    const s = audioSignalStats(sine(1000, 1, 0.5));
    expect(s.rmsDbfs).toBeCloseTo(-9.03, 2);
    expect(s.peakDbfs).toBeCloseTo(-6.02, 2);
    expect(s.silentRatio).toBe(0);
    expect(s.clippedRatio).toBe(0);
  });

  it('counts runs held at full scale, not single full-scale peaks', () => {
    // A 220 Hz sine of amplitude 2 clipped to +-1 sits at the rail while |sin| >= 0.4995:
    // 1 - (2/pi) asin(0.4995) = 66.7% of the time, in runs of ~24 samples.
    const clipped = sine(220, 1, 2).map((v) => Math.max(-1, Math.min(1, v)));
    expect(audioSignalStats(clipped).clippedRatio).toBeCloseTo(1 - (2 / Math.PI) * Math.asin(0.999 / 2), 2);
    // Isolated full-scale clicks in noise, and a full-scale 1 kHz sine (16 samples a cycle, one
    // sample per crest above 0.999): peaks, not clipping.
    const clicks = whiteNoise(1, 0.05);
    for (let i = 100; i < clicks.length; i += 997) clicks[i] = 1;
    expect(audioSignalStats(clicks).clippedRatio).toBe(0);
    expect(audioSignalStats(sine(1000, 1, 1)).clippedRatio).toBe(0);
  });

  it('counts the share of 10 ms blocks that are digital silence', () => {
    const x = new Float32Array(16000);
    x.set(whiteNoise(0.25, 0.01), 0); // first quarter has signal
    x[12000] = 1 / 32768; // one LSB does not break silence
    expect(audioSignalStats(x).silentRatio).toBeCloseTo(0.75, 6);
  });

  it('treats an empty signal as silent and rejects bad input', () => {
    expect(audioSignalStats(new Float32Array(0))).toEqual({ durationSec: 0, rmsDbfs: -120, peakDbfs: -120, clippedRatio: 0, silentRatio: 1 });
    for (const bad of [() => audioSignalStats(new Float32Array(1), 0), () => audioSignalStats([1] as unknown as Float32Array)]) {
      let err: unknown;
      try {
        bad();
      } catch (e) {
        err = e;
      }
      expect(isAppError(err) && err.kind).toBe('InvalidArgument');
    }
  });

  it('gives the whole-signal result when fed in chunks (runs and blocks straddle chunk edges)', () => {
    const x = new Float32Array(32000);
    x.set(sine(150, 1, 1.5).map((v) => Math.max(-1, Math.min(1, v))), 8000);
    x[30000] = 0.3;
    const whole = audioSignalStats(x);
    const rnd = seededRandom(9);
    const acc = new SignalStatsAccumulator(16000);
    for (let at = 0; at < x.length; ) {
      const len = 1 + Math.floor(rnd() * 700);
      acc.push(x.subarray(at, at + len));
      at += len;
    }
    const chunked = acc.result();
    expect(chunked.clippedRatio).toBe(whole.clippedRatio);
    expect(chunked.silentRatio).toBe(whole.silentRatio);
    expect(chunked.peakDbfs).toBe(whole.peakDbfs);
    expect(chunked.rmsDbfs).toBeCloseTo(whole.rmsDbfs, 9);
    expect(whole.clippedRatio).toBeGreaterThan(0.1);
    expect(whole.silentRatio).toBeGreaterThan(0.2);
  });
});
