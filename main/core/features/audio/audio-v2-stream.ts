/**
 * Streaming audio-v2: samples -> stage-1 rows (audio-v2-lld.ts, through the generic sample stream)
 * -> stage-2 context statistics (frame-context.ts) -> the published rows (audio-v2-dims.ts).
 * Stage 2 holds a frame back until the rows CONTEXT_MAX_HALF frames after it (1.5 s) have arrived,
 * or the stream ends, so chunked output equals one-shot output exactly; it keeps only the rows a
 * later frame can still read (about 3 s).
 */
import { AppError } from '../../errors.ts';
import type { FrameSeries } from '../../types.ts';
import { AUDIO_V2_DIMS, AUDIO_V2_EXTRACTOR, CONTEXT_MAX_HALF, type AudioV2Dim } from './audio-v2-dims.ts';
import { AudioV2LldAnalyzer, LLD_DIM } from './audio-v2-lld.ts';
import { FrameContext } from './frame-context.ts';
import { checkSampleRate, emptySeries, SampleFrameStream } from './frame-stream.ts';

export interface AudioV2Options {
  /** Time of the first sample, in seconds from the clip start (default 0). */
  startSec?: number;
  /** The dimensions to compute (default AUDIO_V2_DIMS); other lists are for feature probes only. */
  dims?: readonly AudioV2Dim[];
}

export class AudioV2Stream {
  private readonly lld: SampleFrameStream;
  private readonly dims: readonly AudioV2Dim[];
  private readonly ctx: FrameContext;
  /** stage-1 rows kept: absolute frames base .. base + count - 1 */
  private rows = new Float32Array(0);
  private times = new Float64Array(0);
  private valid = new Uint8Array(0);
  private base = 0;
  private kept = 0;
  /** next absolute frame to publish */
  private next = 0;
  private ended = false;

  constructor(sampleRate = 16000, opts: AudioV2Options = {}) {
    checkSampleRate(AUDIO_V2_EXTRACTOR, sampleRate);
    this.lld = new SampleFrameStream(new AudioV2LldAnalyzer(sampleRate), `${AUDIO_V2_EXTRACTOR} (frame stage)`, opts.startSec ?? 0);
    this.dims = opts.dims ?? AUDIO_V2_DIMS;
    this.ctx = new FrameContext(LLD_DIM, CONTEXT_MAX_HALF);
  }

  get dim(): number {
    return this.dims.length;
  }

  /** Adds the next chunk; returns the frames it completed (possibly none). */
  push(chunk: Float32Array): FrameSeries {
    if (this.ended) throw new AppError('Internal', `${AUDIO_V2_EXTRACTOR} stream: push() after end().`);
    if (!(chunk instanceof Float32Array)) {
      throw new AppError('InvalidArgument', `${AUDIO_V2_EXTRACTOR} expects mono samples as a Float32Array.`);
    }
    this.take(this.lld.push(chunk));
    return this.publish(this.base + this.kept - CONTEXT_MAX_HALF);
  }

  /** Flushes the last frames. */
  end(): FrameSeries {
    if (this.ended) return emptySeries(AUDIO_V2_EXTRACTOR, this.dim);
    this.take(this.lld.end());
    this.ended = true;
    return this.publish(this.base + this.kept);
  }

  private take(s: FrameSeries): void {
    const n = s.times.length;
    if (n === 0) return;
    // Drop rows no frame still to publish reads.
    const keepFrom = Math.max(this.base, this.next - CONTEXT_MAX_HALF);
    const drop = keepFrom - this.base;
    const kept = this.kept - drop;
    const rows = new Float32Array((kept + n) * LLD_DIM);
    rows.set(this.rows.subarray(drop * LLD_DIM, this.kept * LLD_DIM));
    rows.set(s.data, kept * LLD_DIM);
    const times = new Float64Array(kept + n);
    times.set(this.times.subarray(drop, this.kept));
    times.set(s.times, kept);
    const valid = new Uint8Array(kept + n);
    valid.set(this.valid.subarray(drop, this.kept));
    valid.set(s.valid, kept);
    this.rows = rows;
    this.times = times;
    this.valid = valid;
    this.base = keepFrom;
    this.kept = kept + n;
  }

  /** Publishes frames next .. upTo - 1 (those whose whole context is known). */
  private publish(upTo: number): FrameSeries {
    const n = Math.max(0, upTo - this.next);
    const D = this.dim;
    if (n === 0) return emptySeries(AUDIO_V2_EXTRACTOR, D);
    const total = this.ended ? this.base + this.kept : Number.MAX_SAFE_INTEGER;
    const out: FrameSeries = { extractor: AUDIO_V2_EXTRACTOR, dim: D, times: new Float64Array(n), data: new Float32Array(n * D), valid: new Uint8Array(n) };
    for (let k = 0; k < n; k++) {
      const i = this.next + k;
      const local = i - this.base;
      out.times[k] = this.times[local]!;
      const v = this.valid[local]!;
      out.valid[k] = v;
      if (!v) continue; // digital silence: zeros
      this.ctx.at(i, this.rows, this.valid, this.base, Math.min(total, this.base + this.kept));
      for (let d = 0; d < D; d++) {
        const x = this.dims[d]!.compute(this.ctx);
        out.data[k * D + d] = Number.isFinite(x) ? x : 0;
      }
    }
    this.next += n;
    return out;
  }
}
