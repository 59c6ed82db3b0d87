/**
 * audio-v1 (DESIGN 4): per 10 ms frame, level, pitch and voicing, voice quality, MFCC 1-13 and
 * spectral shape of a 16 kHz mono signal. The dimensions are listed once in audio-v1-dims.ts and
 * explained in README.md beside this file.
 *
 * A pure, synchronous function over a Float32Array: a worker can call it as is, or hold an
 * AudioV1Stream and feed it decoded chunks of a long file.
 */
import { AppError } from '../../errors.ts';
import type { FrameSeries } from '../../types.ts';
import { AudioV1Stream, concatFrameSeries, type AudioV1Options } from './audio-v1-stream.ts';

export { AUDIO_V1_DIM, AUDIO_V1_DIMS, AUDIO_V1_EXTRACTOR, AUDIO_V1_INDEX, audioV1Column } from './audio-v1-dims.ts';
export { AudioV1Stream, concatFrameSeries, type AudioV1Options } from './audio-v1-stream.ts';

/** Samples handed to the stream at a time: bounds the working copy for long inputs. */
const CHUNK_SECONDS = 10;

/**
 * Extracts audio-v1 frames from `samples` (mono, [-1, 1] full scale). `opts.startSec` is the time
 * of samples[0] in the clip, so segments of a clip get clip times.
 */
export function extractAudioV1(samples: Float32Array, sampleRate = 16000, opts: AudioV1Options = {}): FrameSeries {
  if (!(samples instanceof Float32Array)) {
    throw new AppError('InvalidArgument', 'audio-v1 expects mono samples as a Float32Array.');
  }
  const stream = new AudioV1Stream(sampleRate, opts);
  const parts: FrameSeries[] = [];
  const step = CHUNK_SECONDS * sampleRate;
  for (let at = 0; at < samples.length; at += step) {
    parts.push(stream.push(samples.subarray(at, Math.min(samples.length, at + step))));
  }
  parts.push(stream.end());
  return concatFrameSeries(parts);
}
