import { deflateSync } from 'node:zlib';
import type { SpeechSegment, Word } from '../../types.ts';

/**
 * A confidence in [0, 1] for a Whisper transcript. The transformers.js pipeline returns no token
 * probabilities, so this scores the failure modes Whisper is known for instead (a plausibility
 * score, not a probability):
 * - words where the VAD heard no speech (hallucination on silence/music: "Thank you.");
 * - repetition loops: the gzip compression ratio of the text; openai/whisper's transcribe() treats
 *   a ratio above 2.4 as a failed decode (compression_ratio_threshold), we use the same number;
 * - impossible speech rate: fast conversational speech is about 3-4 words/s; above 6 words per
 *   second of speech the words cannot all have been said.
 * The three factors multiply; each is 1 when its check passes.
 */

export const COMPRESSION_RATIO_THRESHOLD = 2.4;
export const MAX_WORDS_PER_SEC = 6;
/** VAD segment edges and Whisper word times are each off by up to a few hundred ms. */
export const SPEECH_TOLERANCE_SEC = 0.5;

export function compressionRatio(text: string): number {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length === 0) return 0;
  return bytes.length / deflateSync(bytes).length; // zlib format, default level: as Python's zlib.compress
}

function inSpeech(t: number, speech: readonly SpeechSegment[]): boolean {
  return speech.some((s) => t >= s.start - SPEECH_TOLERANCE_SEC && t <= s.end + SPEECH_TOLERANCE_SEC);
}

export interface ConfidenceParts {
  confidence: number;
  speechFraction: number;
  compression: number;
  wordsPerSec: number;
}

export function asrConfidence(words: readonly Word[], opts: { speech?: readonly SpeechSegment[]; durationSec: number }): ConfidenceParts {
  if (words.length === 0) return { confidence: 0, speechFraction: 0, compression: 0, wordsPerSec: 0 };
  const speech = opts.speech;
  const speechFraction = speech ? words.filter((w) => inSpeech((w.start + w.end) / 2, speech)).length / words.length : 1;
  const compression = compressionRatio(words.map((w) => w.text).join(' '));
  const spokenSec = speech ? speech.reduce((n, s) => n + Math.max(0, s.end - s.start), 0) : opts.durationSec;
  const wordsPerSec = spokenSec > 0 ? words.length / spokenSec : Infinity;
  const repetitionFactor = compression <= COMPRESSION_RATIO_THRESHOLD ? 1 : COMPRESSION_RATIO_THRESHOLD / compression;
  const rateFactor = wordsPerSec <= MAX_WORDS_PER_SEC ? 1 : MAX_WORDS_PER_SEC / wordsPerSec;
  return { confidence: speechFraction * repetitionFactor * rateFactor, speechFraction, compression, wordsPerSec };
}
