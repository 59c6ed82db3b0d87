/**
 * audio-v2: per 10 ms frame, valence-oriented voice features designed to survive changes of
 * recording set-up (an eGeMAPS-like set: pitch in semitones with its local range, slope and
 * level relative to the phrase, voicing and syllable rate, HNR/jitter/shimmer, formants F1-F3,
 * spectral balance, mean-normalised MFCC 1-4), each frame carrying statistics of its +-150 ms
 * context; none depends on the recording gain. The
 * dimensions are listed once in audio-v2-dims.ts and explained in README.md beside this file.
 *
 * A pure, synchronous function over a Float32Array: a worker can call it as is, or hold an
 * AudioV2Stream and feed it decoded chunks of a long file.
 */
import { AppError } from '../../errors.ts';
import type { FrameSeries } from '../../types.ts';
import { AUDIO_V2_EXTRACTOR } from './audio-v2-dims.ts';
import { AudioV2Stream, type AudioV2Options } from './audio-v2-stream.ts';
import { concatFrameSeries } from './frame-stream.ts';

export { AUDIO_V2_DIM, AUDIO_V2_DIMS, AUDIO_V2_EXTRACTOR, AUDIO_V2_INDEX, AUDIO_V2_VERSION, audioV2Column } from './audio-v2-dims.ts';
export { AudioV2Stream, type AudioV2Options } from './audio-v2-stream.ts';

/** Samples handed to the stream at a time: bounds the working copy for long inputs. */
const CHUNK_SECONDS = 10;

/** Extracts audio-v2 frames from `samples` (mono, [-1, 1] full scale); `opts.startSec` = time of samples[0]. */
export function extractAudioV2(samples: Float32Array, sampleRate = 16000, opts: AudioV2Options = {}): FrameSeries {
  if (!(samples instanceof Float32Array)) {
    throw new AppError('InvalidArgument', `${AUDIO_V2_EXTRACTOR} expects mono samples as a Float32Array.`);
  }
  const stream = new AudioV2Stream(sampleRate, opts);
  const parts: FrameSeries[] = [];
  const step = CHUNK_SECONDS * sampleRate;
  for (let at = 0; at < samples.length; at += step) {
    parts.push(stream.push(samples.subarray(at, Math.min(samples.length, at + step))));
  }
  parts.push(stream.end());
  return concatFrameSeries(parts, AUDIO_V2_EXTRACTOR, stream.dim);
}
