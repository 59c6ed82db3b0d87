/** Shared data types of the feature pipeline (DESIGN 3). Times are in seconds from the clip start. */

export const MODALITIES = ['text', 'audio', 'visual'] as const;
export type Modality = (typeof MODALITIES)[number];

/** Model-side short names (DESIGN 6/8): l = language/text, a = audio, v = visual. */
export const MODALITY_SHORT: Record<Modality, 'l' | 'a' | 'v'> = { text: 'l', audio: 'a', visual: 'v' };

/** Steps per utterance fed to the model (DESIGN 3.6). */
export const T_STEPS = 50;

export interface Word {
  text: string;
  start: number;
  end: number;
}

export type TranscriptSourceId = 'sidecar-srt' | 'sidecar-vtt' | 'sidecar-txt' | 'embedded' | 'whisper' | 'cli' | 'none';

export interface Transcript {
  source: TranscriptSourceId;
  text: string;
  /** Words with times. When the source has no times, words are spread over speech segments. */
  words: Word[];
  /** true when the times came from the source itself (subtitle cues / ASR word stamps). */
  timed: boolean;
  /** Mean ASR confidence in [0, 1] where the source reports one. */
  confidence?: number;
  language?: string;
}

export interface SpeechSegment {
  start: number;
  end: number;
}

/**
 * A per-frame feature series: `data` holds n rows of `dim` values (row-major); `times[i]` is the
 * centre of frame i; `valid[i]` is 1 when frame i carries a usable observation (e.g. a face found).
 */
export interface FrameSeries {
  extractor: string;
  dim: number;
  times: Float64Array;
  data: Float32Array;
  valid: Uint8Array;
}

export interface Utterance {
  start: number;
  end: number;
  text: string;
  words: Word[];
}

/** T x dim step matrix for one modality of one utterance, plus which steps hold real data. */
export interface StepMatrix {
  dim: number;
  steps: number;
  data: Float32Array; // steps * dim, zero where stepMask is 0
  stepMask: Uint8Array; // length steps
}
