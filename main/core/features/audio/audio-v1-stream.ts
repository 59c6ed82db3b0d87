/**
 * Streaming audio-v1: feed consecutive chunks of one mono signal, get the frames each chunk
 * completes (frame-stream.ts: chunked output equals one-shot output exactly; the stream keeps only
 * the samples later frames still need, under 0.1 s).
 */
import type { FrameSeries } from '../../types.ts';
import { AUDIO_V1_DIM, AUDIO_V1_EXTRACTOR } from './audio-v1-dims.ts';
import { AudioV1FrameAnalyzer } from './audio-v1-frame.ts';
import { checkSampleRate, concatFrameSeries as concatSeries, emptySeries, SampleFrameStream, type FrameGeometry } from './frame-stream.ts';

export interface AudioV1Options {
  /** Time of the first sample, in seconds from the clip start (default 0). */
  startSec?: number;
}

export function emptyAudioV1Series(): FrameSeries {
  return emptySeries(AUDIO_V1_EXTRACTOR, AUDIO_V1_DIM);
}

export class AudioV1Stream {
  readonly geometry: FrameGeometry;
  private readonly stream: SampleFrameStream;

  constructor(sampleRate = 16000, opts: AudioV1Options = {}) {
    checkSampleRate(AUDIO_V1_EXTRACTOR, sampleRate);
    this.stream = new SampleFrameStream(new AudioV1FrameAnalyzer(sampleRate), AUDIO_V1_EXTRACTOR, opts.startSec ?? 0);
    this.geometry = this.stream.geometry;
  }

  /** Adds the next chunk; returns the frames it completed (possibly none). */
  push(chunk: Float32Array): FrameSeries {
    return this.stream.push(chunk);
  }

  /** Flushes the last frames, reading zeros past the end of the signal. */
  end(): FrameSeries {
    return this.stream.end();
  }
}

/** Concatenates consecutive series of one extractor (e.g. the outputs of a stream). */
export function concatFrameSeries(parts: readonly FrameSeries[], extractor = AUDIO_V1_EXTRACTOR, dim = AUDIO_V1_DIM): FrameSeries {
  return concatSeries(parts, extractor, dim);
}
