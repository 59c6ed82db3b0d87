import { describe, expect, it } from 'vitest';
import { SpeechSegmenter, resolveSegmenterOptions } from '../../../../../main/core/features/vad/speech-segmenter.ts';

// 16 kHz, 512-sample windows (32 ms), as Silero v5.
const SR = 16000;
const W = 512;
const sec = (windows: number): number => (windows * W) / SR;

function run(probs: number[], opts = {}): { start: number; end: number }[] {
  const s = new SpeechSegmenter(SR, W, opts);
  for (const p of probs) s.push(p);
  return s.finish(probs.length * W);
}
const rep = (p: number, n: number): number[] => Array.from({ length: n }, () => p);

describe('SpeechSegmenter (Silero get_speech_timestamps rules)', () => {
  it("uses Silero's documented defaults", () => {
    expect(resolveSegmenterOptions()).toEqual({ threshold: 0.5, negThreshold: 0.35, minSpeechMs: 250, minSilenceMs: 100, speechPadMs: 30 });
  });

  it('finds one padded segment in silence-speech-silence', () => {
    const segs = run([...rep(0.01, 20), ...rep(0.9, 30), ...rep(0.01, 20)]);
    expect(segs).toHaveLength(1);
    expect(segs[0]?.start).toBeCloseTo(sec(20) - 0.03, 6);
    expect(segs[0]?.end).toBeCloseTo(sec(50) + 0.03, 6);
  });

  it('hysteresis: values between 0.35 and 0.5 keep speech going but do not start it', () => {
    expect(run(rep(0.45, 100))).toEqual([]);
    const segs = run([...rep(0.9, 10), ...rep(0.45, 40), ...rep(0.0, 20)]);
    expect(segs).toHaveLength(1);
    expect(segs[0]?.end).toBeCloseTo(sec(50) + 0.03, 6);
  });

  it('a pause shorter than 100 ms does not split; a longer one does', () => {
    // 3 windows = 96 ms < 100 ms: one segment.
    expect(run([...rep(0.9, 20), ...rep(0.0, 3), ...rep(0.9, 20), ...rep(0, 10)])).toHaveLength(1);
    // 10 windows = 320 ms: two segments.
    expect(run([...rep(0.9, 20), ...rep(0.0, 10), ...rep(0.9, 20), ...rep(0, 10)])).toHaveLength(2);
  });

  it('drops bursts not longer than 250 ms', () => {
    expect(run([...rep(0, 10), ...rep(0.9, 7), ...rep(0, 20)])).toEqual([]); // 224 ms
    expect(run([...rep(0, 10), ...rep(0.9, 9), ...rep(0, 20)])).toHaveLength(1); // 288 ms
  });

  it('closes a segment still open at the end at the end of the audio', () => {
    const segs = run([...rep(0, 10), ...rep(0.9, 20)]);
    expect(segs).toHaveLength(1);
    expect(segs[0]?.end).toBeCloseTo(sec(30), 6);
  });

  it('pads both sides by 30 ms, or meets in the middle of a gap shorter than two pads', () => {
    // The silence must last >= 100 ms when checked at a window start: 5 windows (160 ms) split.
    const probs = [...rep(0.9, 20), ...rep(0.0, 5), ...rep(0.9, 20), ...rep(0, 10)];
    const segs = run(probs);
    expect(segs).toHaveLength(2);
    expect((segs[1]?.start ?? 0) - (segs[0]?.end ?? 0)).toBeCloseTo(sec(5) - 0.06, 6);
    // With 100 ms pads the 160 ms gap is shorter than two pads: each side takes half, they touch.
    const wide = run(probs, { speechPadMs: 100 });
    expect(wide).toHaveLength(2);
    expect(wide[0]?.end).toBeCloseTo(wide[1]?.start ?? -1, 6);
    expect(wide[0]?.end).toBeCloseTo(sec(20) + sec(5) / 2, 6);
  });
});
