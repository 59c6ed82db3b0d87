import type { Modality } from '../types.ts';
import { USABILITY } from './thresholds.ts';

/** Per-modality verdict shown to the analyst (DESIGN 5/8). `reason` is set whenever usable is false. */
export interface ModalityUsability {
  present: boolean;
  usable: boolean;
  /** Fraction of the clip's model steps that carry data for this modality (0..1), after alignment. */
  coverage: number;
  reason: string | null;
}

export interface AudioEvidence {
  hasStream: boolean;
  durationSec: number;
  peakDbfs: number;
  clippedRatio: number;
  speechSec: number;
}

export interface TextEvidence {
  sourceLabel: string | null; // null: no transcript source applied
  wordCount: number;
  asrConfidence: number | null;
  vocabularyCoverage: number; // known words / words
}

export interface VisualEvidence {
  hasStream: boolean;
  /** A still image (one picture): the reasons speak of the picture, not of frames. */
  still?: boolean;
  framesSampled: number;
  framesWithFace: number;
  medianFaceHeightPx: number;
  medianFaceBrightness: number;
}

const pct = (x: number) => `${(100 * x).toFixed(0)}%`;

function verdict(present: boolean, reason: string | null): ModalityUsability {
  return { present, usable: present && reason === null, coverage: 0, reason };
}

export function audioUsability(e: AudioEvidence): ModalityUsability {
  const t = USABILITY.audio;
  if (!e.hasStream) return verdict(false, 'no audio stream in the file');
  if (!(e.peakDbfs > t.digitalSilencePeakDbfs)) {
    return verdict(true, `digital silence (peak ${e.peakDbfs === -Infinity ? '-inf' : e.peakDbfs.toFixed(1)} dBFS)`);
  }
  if (e.clippedRatio > t.maxClippedRatio) {
    return verdict(true, `heavy clipping (${(100 * e.clippedRatio).toFixed(1)}% of samples at full scale)`);
  }
  const ratio = e.durationSec > 0 ? e.speechSec / e.durationSec : 0;
  if (e.speechSec < t.minSpeechSec || ratio < t.minSpeechRatio) {
    return verdict(
      true,
      `no usable speech (voice activity ${e.speechSec.toFixed(1)} s, ${pct(ratio)} of the clip; ` +
        `need ${t.minSpeechSec} s and ${pct(t.minSpeechRatio)})`,
    );
  }
  return verdict(true, null);
}

export function textUsability(e: TextEvidence): ModalityUsability {
  const t = USABILITY.text;
  if (e.sourceLabel === null) {
    return verdict(false, 'no transcript source (no sidecar .srt/.vtt/.txt, no embedded subtitles, no speech-to-text model)');
  }
  if (e.wordCount < t.minWords) {
    return verdict(true, `empty or near-empty transcript (${e.wordCount} word${e.wordCount === 1 ? '' : 's'} from ${e.sourceLabel})`);
  }
  if (e.asrConfidence !== null && e.asrConfidence < t.minAsrConfidence) {
    return verdict(true, `speech-to-text confidence too low (${e.asrConfidence.toFixed(2)} < ${t.minAsrConfidence})`);
  }
  if (e.vocabularyCoverage < t.minVocabularyCoverage) {
    return verdict(true, `most words are unknown to the text model (${pct(e.vocabularyCoverage)} known; another language?)`);
  }
  return verdict(true, null);
}

export function visualUsability(e: VisualEvidence): ModalityUsability {
  const t = USABILITY.visual;
  if (!e.hasStream) return verdict(false, 'no video stream in the file');
  if (e.framesSampled === 0) return verdict(true, 'no video frames could be decoded');
  const ratio = e.framesWithFace / e.framesSampled;
  if (e.still && e.framesWithFace === 0) return verdict(true, 'no face found in the picture');
  if (ratio < t.minFaceFrameRatio) {
    return verdict(true, `no face in most frames (face found in ${e.framesWithFace} of ${e.framesSampled} sampled frames)`);
  }
  if (e.medianFaceHeightPx < t.minFaceHeightPx) {
    return verdict(true, `face too small (median height ${e.medianFaceHeightPx.toFixed(0)} px < ${t.minFaceHeightPx} px)`);
  }
  if (e.medianFaceBrightness < t.minFaceBrightness) {
    return verdict(true, `face too dark (mean brightness ${e.medianFaceBrightness.toFixed(2)} < ${t.minFaceBrightness})`);
  }
  return verdict(true, null);
}

export type UsabilityMap = Record<Modality, ModalityUsability>;
