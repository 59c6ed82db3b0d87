/**
 * Streaming frames over a mono signal, for any per-frame analyzer (audio-v1, the audio-v2 frame
 * stage): feed consecutive chunks, get the frames each chunk completes. A frame is emitted once
 * every sample it reads (its window plus any wider context around its centre, the analyzer's
 * geometry) has arrived, so chunked output equals one-shot output exactly; the stream keeps only
 * the samples later frames still need.
 *
 * Frame i covers samples [i*hop, i*hop + window) of the stream and is stamped at its centre:
 * startSec + (i*hop + window/2) / sampleRate. There are floor((N - window)/hop) + 1 frames for N
 * samples (none when N < window). Samples before the stream start and after its end read as zeros.
 */
import { AppError } from '../../errors.ts';
import type { FrameSeries } from '../../types.ts';

/** Frame geometry in samples for one sample rate. Offsets are relative to the frame start. */
export interface FrameGeometry {
  sampleRate: number;
  window: number;
  hop: number;
  fftSize: number;
  /** Earliest sample (relative to the frame start, <= 0) and one past the last one a frame reads. */
  readFrom: number;
  readTo: number;
}

export interface SampleFrameAnalyzer {
  readonly geometry: FrameGeometry;
  /** values written per frame */
  readonly dim: number;
  /**
   * Computes the frame whose window starts at buf[start] (buf holds start + readFrom .. start +
   * readTo - 1) into out[offset .. offset + dim). Returns 1 when the frame carries signal.
   * Called once per frame, in order (an analyzer may keep state such as the previous spectrum).
   */
  analyse(buf: Float32Array, start: number, out: Float32Array, offset: number): 0 | 1;
}

export function checkSampleRate(extractor: string, sampleRate: number): void {
  if (!Number.isInteger(sampleRate) || sampleRate < 8000 || sampleRate > 192000) {
    throw new AppError('InvalidArgument', `${extractor} needs an integer sample rate of 8000-192000 Hz, got ${sampleRate}.`);
  }
}

export function checkStartSec(extractor: string, startSec: number): void {
  if (!Number.isFinite(startSec)) throw new AppError('InvalidArgument', `${extractor} startSec must be finite, got ${startSec}.`);
}

export function emptySeries(extractor: string, dim: number): FrameSeries {
  return { extractor, dim, times: new Float64Array(0), data: new Float32Array(0), valid: new Uint8Array(0) };
}

export class SampleFrameStream {
  readonly geometry: FrameGeometry;
  /** Samples kept, buf[0] being stream sample bufAbs (negative while still in the leading zeros). */
  private buf: Float32Array;
  private bufAbs: number;
  private received = 0;
  private nextFrame = 0;
  private ended = false;

  constructor(
    private readonly analyzer: SampleFrameAnalyzer,
    private readonly extractor: string,
    private readonly startSec: number,
  ) {
    checkStartSec(extractor, startSec);
    this.geometry = analyzer.geometry;
    this.bufAbs = this.geometry.readFrom; // leading zeros for the context of the first frames
    this.buf = new Float32Array(-this.geometry.readFrom);
  }

  /** Adds the next chunk; returns the frames it completed (possibly none). */
  push(chunk: Float32Array): FrameSeries {
    if (this.ended) throw new AppError('Internal', `${this.extractor} stream: push() after end().`);
    if (!(chunk instanceof Float32Array)) {
      throw new AppError('InvalidArgument', `${this.extractor} expects mono samples as a Float32Array.`);
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
    if (this.ended) return emptySeries(this.extractor, this.analyzer.dim);
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
    const dim = this.analyzer.dim;
    if (n === 0) return emptySeries(this.extractor, dim);
    const { hop, window, sampleRate } = this.geometry;
    const times = new Float64Array(n);
    const data = new Float32Array(n * dim);
    const valid = new Uint8Array(n);
    for (let k = 0; k < n; k++) {
      const frameStart = (this.nextFrame + k) * hop;
      times[k] = this.startSec + (frameStart + window / 2) / sampleRate;
      valid[k] = this.analyzer.analyse(this.buf, frameStart - this.bufAbs, data, k * dim);
    }
    this.nextFrame += n;
    return { extractor: this.extractor, dim, times, data, valid };
  }
}

/** Concatenates consecutive series of one extractor (e.g. the outputs of a stream). */
export function concatFrameSeries(parts: readonly FrameSeries[], extractor: string, dim: number): FrameSeries {
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
