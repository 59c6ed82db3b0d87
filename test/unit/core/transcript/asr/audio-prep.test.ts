import { describe, expect, it } from 'vitest';
import { planWindows, resample, toMono16k, WHISPER_RATE } from '../../../../../main/core/transcript/asr/audio-prep.ts';

function sine(freq: number, rate: number, sec: number, amp = 0.5): Float32Array {
  const x = new Float32Array(Math.round(rate * sec));
  for (let i = 0; i < x.length; i++) x[i] = amp * Math.sin((2 * Math.PI * freq * i) / rate);
  return x;
}
function rms(x: Float32Array, skip = 200): number {
  let s = 0;
  for (let i = skip; i < x.length - skip; i++) s += (x[i] ?? 0) ** 2;
  return Math.sqrt(s / (x.length - 2 * skip));
}
function zeroCrossings(x: Float32Array): number {
  let n = 0;
  for (let i = 1; i < x.length; i++) if ((x[i - 1] ?? 0) < 0 !== (x[i] ?? 0) < 0) n++;
  return n;
}

describe('toMono16k', () => {
  it('averages interleaved channels', () => {
    const stereo = new Float32Array([0.2, 0.4, -1, 1, 0.5, 0.5]);
    expect(Array.from(toMono16k(stereo, 16000, 2))).toEqual([expect.closeTo(0.3, 6), 0, 0.5]);
  });
  it('replaces NaN/Infinity by 0 and clamps to [-1, 1]', () => {
    expect(Array.from(toMono16k(new Float32Array([NaN, Infinity, 2, -3]), 16000))).toEqual([0, 0, 1, -1]);
  });
  it('resamples 44.1 kHz to 16 kHz keeping a 1 kHz tone (pitch and level)', () => {
    const y = toMono16k(sine(1000, 44100, 1), 44100);
    expect(y.length).toBe(WHISPER_RATE);
    expect(zeroCrossings(y)).toBeGreaterThanOrEqual(1998);
    expect(zeroCrossings(y)).toBeLessThanOrEqual(2001);
    expect(rms(y)).toBeCloseTo(0.5 / Math.SQRT2, 2);
  });
  it('removes a tone above the new Nyquist frequency instead of folding it into speech', () => {
    const y = resample(sine(11000, 44100, 1), 44100, 16000); // 11 kHz would alias to 5 kHz
    expect(rms(y)).toBeLessThan(0.01);
  });
  it('upsamples 8 kHz telephone audio', () => {
    const y = toMono16k(sine(440, 8000, 0.5), 8000);
    expect(y.length).toBe(8000);
    expect(rms(y)).toBeCloseTo(0.5 / Math.SQRT2, 2);
  });
  it('rejects impossible formats', () => {
    expect(() => toMono16k(new Float32Array(4), 0)).toThrow(expect.objectContaining({ kind: 'InvalidArgument' }));
    expect(() => toMono16k(new Float32Array(4), 16000, 0)).toThrow(expect.objectContaining({ kind: 'InvalidArgument' }));
  });
});

describe('planWindows (30 s windows, 5 s stride)', () => {
  it('uses one window for audio up to 30 s', () => {
    expect(planWindows(16000 * 12)).toEqual([{ start: 0, end: 192000, ownStart: 0, ownEnd: 192000 }]);
    expect(planWindows(16000 * 30)).toHaveLength(1);
    expect(planWindows(0)).toEqual([]);
  });
  it('advances by 20 s; owned ranges tile the audio without gaps or overlaps', () => {
    const n = 16000 * 65;
    const w = planWindows(n);
    expect(w.map((x) => [x.start / 16000, x.end / 16000])).toEqual([
      [0, 30],
      [20, 50],
      [40, 65],
    ]);
    expect(w.map((x) => [x.ownStart / 16000, x.ownEnd / 16000])).toEqual([
      [0, 25],
      [25, 45],
      [45, 65],
    ]);
    for (const x of w) expect(x.end - x.start).toBeLessThanOrEqual(30 * 16000);
  });
  it('tiles any length exactly', () => {
    for (const sec of [30.01, 47, 50, 123.4, 3600]) {
      const n = Math.round(sec * 16000);
      const w = planWindows(n);
      expect(w[0]?.ownStart).toBe(0);
      expect(w[w.length - 1]?.ownEnd).toBe(n);
      for (let i = 1; i < w.length; i++) expect(w[i]?.ownStart).toBe(w[i - 1]?.ownEnd);
    }
  });
  it('refuses a stride that leaves no progress', () => {
    expect(() => planWindows(16000 * 60, 16000, 10, 5)).toThrow(expect.objectContaining({ kind: 'InvalidArgument' }));
  });
});
