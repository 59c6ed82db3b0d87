/**
 * Streaming audio-v1: feed consecutive chunks of one mono signal, get the frames each chunk
 * completes. A frame is emitted once every sample it reads (the 25 ms window plus the wider YIN
 * and jitter context around its centre) has arrived, so chunked output equals one-shot output
 * exactly; the stream keeps only the samples later frames still need (under 0.1 s).
 *
 * Frame i covers samples [i*hop, i*hop + window) of the stream and is stamped at its centre:
 * startSec + (i*hop + window/2) / sampleRate. There are floor((N - window)/hop) + 1 frames for N
 * samples (none when N < window). Samples before the stream start and after its end read as zeros.
 */
import { AppError } from '../../errors.ts';
import type { FrameSeries } from '../../types.ts';
import { AUDIO_V1_DIM, AUDIO_V1_EXTRACTOR } from './audio-v1-dims.ts';
import { AudioV1FrameAnalyzer, type FrameGeometry } from './audio-v1-frame.ts';

export interface AudioV1Options {
  /** Time of the first sample, in seconds from the clip start (default 0). */
  startSec?: number;
}

export function emptyAudioV1Series(): FrameSeries {
  return { extractor: AUDIO_V1_EXTRACTOR, dim: AUDIO_V1_DIM, times: new Float64Array(0), data: new Float32Array(0), valid: new Uint8Array(0) };
}

export class AudioV1Stream {
  readonly geometry: FrameGeometry;
  private readonly analyzer: AudioV1FrameAnalyzer;
  private readonly startSec: number;
  /** Samples kept, buf[0] being stream sample bufAbs (negative while still in the leading zeros). */
  private buf: Float32Array;
  private bufAbs: number;
  private received = 0;
  private nextFrame = 0;
  private ended = false;

  constructor(sampleRate = 16000, opts: AudioV1Options = {}) {
    if (!Number.isInteger(sampleRate) || sampleRate < 8000 || sampleRate > 192000) {
      throw new AppError('InvalidArgument', `audio-v1 needs an integer sample rate of 8000-192000 Hz, got ${sampleRate}.`);
    }
    const startSec = opts.startSec ?? 0;
    if (!Number.isFinite(startSec)) throw new AppError('InvalidArgument', `audio-v1 startSec must be finite, got ${startSec}.`);
    this.startSec = startSec;
    this.analyzer = new AudioV1FrameAnalyzer(sampleRate);
    this.geometry = this.analyzer.geometry;
    this.bufAbs = this.geometry.readFrom; // leading zeros for the context of the first frames
    this.buf = new Float32Array(-this.geometry.readFrom);
  }

  /** Adds the next chunk; returns the frames it completed (possibly none). */
  push(chunk: Float32Array): FrameSeries {
    if (this.ended) throw new AppError('Internal', 'audio-v1 stream: push() after end().');
    if (!(chunk instanceof Float32Array)) {
      throw new AppError('InvalidArgument', 'audio-v1 expects mono samples as a Float32Array.');
    }
    this.append(chunk, chunk.length);
    this.received += chunk.length;
    const { hop, readTo } = this.geometry;
    // Frames whose whole right context has arrived (readTo >= window, so they exist).
    const ready = this.received >= readTo ? Math.floor((this.received - readTo) / hop) + 1 : 0;
    return this.compute(ready);
  }

  /** Flushes the last frames, reading zeros past the end of the signal. */
  end(): FrameSeries {
    if (this.ended) return emptyAudioV1Series();
    const { window, hop, readTo } = this.geometry;
    const total = this.received >= window ? Math.floor((this.received - window) / hop) + 1 : 0;
    this.append(new Float32Array(0), readTo);
    const out = this.compute(total);
    this.ended = true;
    return out;
  }

  /** Appends `chunk` (non-finite samples become 0) followed by zeros up to `length` samples. */
  private append(chunk: Float32Array, length: number): void {
    const { hop, readFrom } = this.geometry;
    // Drop samples no future frame reads.
    const keepFrom = Math.max(this.bufAbs, this.nextFrame * hop + readFrom);
    const drop = keepFrom - this.bufAbs;
    const kept = this.buf.length - drop;
    const next = new Float32Array(kept + Math.max(length, chunk.length));
    next.set(this.buf.subarray(drop));
    for (let i = 0; i < chunk.length; i++) {
      const v = chunk[i]!;
      next[kept + i] = Number.isFinite(v) ? v : 0;
    }
    this.buf = next;
    this.bufAbs = keepFrom;
  }

  private compute(upTo: number): FrameSeries {
    const n = Math.max(0, upTo - this.nextFrame);
    if (n === 0) return emptyAudioV1Series();
    const { hop, window, sampleRate } = this.geometry;
    const times = new Float64Array(n);
    const data = new Float32Array(n * AUDIO_V1_DIM);
    const valid = new Uint8Array(n);
    for (let k = 0; k < n; k++) {
      const frameStart = (this.nextFrame + k) * hop;
      times[k] = this.startSec + (frameStart + window / 2) / sampleRate;
      valid[k] = this.analyzer.analyse(this.buf, frameStart - this.bufAbs, data, k * AUDIO_V1_DIM);
    }
    this.nextFrame += n;
    return { extractor: AUDIO_V1_EXTRACTOR, dim: AUDIO_V1_DIM, times, data, valid };
  }
}

/** Concatenates consecutive series of one extractor (e.g. the outputs of a stream). */
export function concatFrameSeries(parts: readonly FrameSeries[], extractor = AUDIO_V1_EXTRACTOR, dim = AUDIO_V1_DIM): FrameSeries {
  let n = 0;
  for (const p of parts) {
    if (p.extractor !== extractor || p.dim !== dim) {
      throw new AppError('Internal', `Cannot concatenate ${p.extractor}/${p.dim} frames with ${extractor}/${dim}.`);
    }
    n += p.times.length;
  }
  const out: FrameSeries = { extractor, dim, times: new Float64Array(n), data: new Float32Array(n * dim), valid: new Uint8Array(n) };
  let at = 0;
  for (const p of parts) {
    out.times.set(p.times, at);
    out.data.set(p.data, at * dim);
    out.valid.set(p.valid, at);
    at += p.times.length;
  }
  return out;
}
