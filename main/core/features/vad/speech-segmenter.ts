import type { SpeechSegment } from '../../types.ts';

/**
 * Turns per-window speech probabilities into speech segments with hysteresis, fed one window at a
 * time so a long file never needs all its probabilities at once. This is the algorithm of Silero's
 * own `get_speech_timestamps` (snakers4/silero-vad, src/silero_vad/utils_vad.py), whose documented
 * defaults we use: speech starts at p >= 0.5 ("threshold"), ends only after p stayed below
 * neg_threshold = threshold - 0.15 = 0.35 for min_silence_duration_ms = 100 ms, segments not longer
 * than min_speech_duration_ms = 250 ms are dropped, and each kept segment is padded by
 * speech_pad_ms = 30 ms on both sides (half the gap when two segments are closer than 2 pads).
 * max_speech_duration_s (default infinity there) is not implemented.
 */

export interface SegmenterOptions {
  threshold?: number;
  /** Default max(threshold - 0.15, 0.01), as Silero. */
  negThreshold?: number;
  minSpeechMs?: number;
  minSilenceMs?: number;
  speechPadMs?: number;
}

export interface ResolvedSegmenterOptions {
  threshold: number;
  negThreshold: number;
  minSpeechMs: number;
  minSilenceMs: number;
  speechPadMs: number;
}

export function resolveSegmenterOptions(o: SegmenterOptions = {}): ResolvedSegmenterOptions {
  const threshold = o.threshold ?? 0.5;
  return {
    threshold,
    negThreshold: o.negThreshold ?? Math.max(threshold - 0.15, 0.01),
    minSpeechMs: o.minSpeechMs ?? 250,
    minSilenceMs: o.minSilenceMs ?? 100,
    speechPadMs: o.speechPadMs ?? 30,
  };
}

interface SampleSpan {
  start: number;
  end: number;
}

export class SpeechSegmenter {
  private readonly opts: ResolvedSegmenterOptions;
  private readonly minSpeech: number;
  private readonly minSilence: number;
  private readonly pad: number;
  private triggered = false;
  private start = 0;
  /** Sample where the current run of sub-negThreshold windows began; -1 when none. */
  private tempEnd = -1;
  private windows = 0;
  private readonly spans: SampleSpan[] = [];

  constructor(
    private readonly sampleRate: number,
    private readonly windowSamples: number,
    options: SegmenterOptions = {},
  ) {
    this.opts = resolveSegmenterOptions(options);
    this.minSpeech = (sampleRate * this.opts.minSpeechMs) / 1000;
    this.minSilence = (sampleRate * this.opts.minSilenceMs) / 1000;
    this.pad = (sampleRate * this.opts.speechPadMs) / 1000;
  }

  /** Feeds the probability of the next window. */
  push(p: number): void {
    const pos = this.windowSamples * this.windows;
    this.windows += 1;
    const { threshold, negThreshold } = this.opts;
    if (p >= threshold && this.tempEnd >= 0) this.tempEnd = -1;
    if (p >= threshold && !this.triggered) {
      this.triggered = true;
      this.start = pos;
      return;
    }
    if (p < negThreshold && this.triggered) {
      if (this.tempEnd < 0) this.tempEnd = pos;
      if (pos - this.tempEnd < this.minSilence) return;
      if (this.tempEnd - this.start > this.minSpeech) this.spans.push({ start: this.start, end: this.tempEnd });
      this.triggered = false;
      this.tempEnd = -1;
    }
  }

  /** Closes an open segment at `totalSamples` and returns padded segments in seconds. */
  finish(totalSamples: number): SpeechSegment[] {
    const spans = this.spans.map((s) => ({ ...s }));
    if (this.triggered && totalSamples - this.start > this.minSpeech) spans.push({ start: this.start, end: totalSamples });
    const pad = this.pad;
    for (let i = 0; i < spans.length; i++) {
      const s = spans[i] as SampleSpan;
      if (i === 0) s.start = Math.floor(Math.max(0, s.start - pad));
      const next = spans[i + 1];
      if (next) {
        const gap = next.start - s.end;
        if (gap < 2 * pad) {
          s.end += Math.floor(gap / 2);
          next.start = Math.floor(Math.max(0, next.start - Math.floor(gap / 2)));
        } else {
          s.end = Math.floor(Math.min(totalSamples, s.end + pad));
          next.start = Math.floor(Math.max(0, next.start - pad));
        }
      } else {
        s.end = Math.floor(Math.min(totalSamples, s.end + pad));
      }
    }
    return spans.map((s) => ({ start: s.start / this.sampleRate, end: s.end / this.sampleRate }));
  }
}
