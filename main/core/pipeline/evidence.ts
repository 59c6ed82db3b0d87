import type { MediaInfo } from '../media/media-info.ts';
import { displaySize } from '../media/media-info.ts';
import { FRAME_MAX_SIDE } from '../media/frames.ts';
import { tokenVector, tokenize } from '../features/text/text-v2.ts';
import type { ResolvedTranscript } from '../transcript/resolve-transcript.ts';
import {
  audioUsability,
  visualUsability,
  type ModalityUsability,
  type TextEvidence,
  type UsabilityMap,
} from '../quality/usability.ts';
import { NO_WORD_STEP_SEC } from '../align/steps.ts';
import type { FrameSeries, Modality, SpeechSegment, StepMatrix } from '../types.ts';
import { MODALITIES } from '../types.ts';
import type { AudioFeatures, VisualFeatures } from './cached-branches.ts';

/** Turns branch outputs into the evidence the usability rules (quality/usability.ts) judge. */

function median(values: number[]): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return 0;
  const m = v.length >> 1;
  return v.length % 2 ? (v[m] as number) : ((v[m - 1] as number) + (v[m] as number)) / 2;
}

export function audioEvidence(media: MediaInfo, audio: AudioFeatures | null) {
  const e = {
    hasStream: Boolean(media.audio),
    durationSec: audio?.stats.durationSec ?? 0,
    peakDbfs: audio?.stats.peakDbfs ?? -Infinity,
    clippedRatio: audio?.stats.clippedRatio ?? 0,
    speechSec: (audio?.vad.segments ?? []).reduce((s, g) => s + (g.end - g.start), 0),
  };
  return { ...e, verdict: audioUsability(e) };
}

export function visualEvidence(media: MediaInfo, visual: VisualFeatures | null, maxSide: number = FRAME_MAX_SIDE) {
  const q = visual?.quality;
  const found: number[] = [];
  q?.faceFound.forEach((f, i) => {
    if (f) found.push(i);
  });
  // Face size in pixels of the ORIGINAL frame: sampled frames may be downscaled.
  const scale = media.video && visual && visual.series.times.length > 0 ? frameScale(media, maxSide) : 1;
  const e = {
    hasStream: Boolean(media.video),
    still: media.still,
    framesSampled: visual?.series.times.length ?? 0,
    framesWithFace: found.length,
    medianFaceHeightPx: median(found.map((i) => (q?.faceSidePx[i] ?? 0) * scale)),
    medianFaceBrightness: median(found.map((i) => q?.brightness[i] ?? Number.NaN)),
  };
  return { ...e, verdict: visualUsability(e) };
}

/** Original / sampled frame size (frames are sampled with the longest side at most maxSide px). */
function frameScale(media: MediaInfo, maxSide: number): number {
  if (!media.video) return 1;
  const { width, height } = displaySize(media.video);
  return Math.max(1, Math.max(width, height) / maxSide);
}

export function textEvidence(t: ResolvedTranscript): TextEvidence {
  const tokens = tokenize(t.text);
  const known = tokens.filter((w) => tokenVector(w) !== null).length;
  return {
    sourceLabel: t.source === 'none' ? null : t.origin ? `${t.source} (${t.origin})` : t.source,
    wordCount: t.words.length,
    asrConfidence: t.source === 'whisper' ? (t.confidence ?? null) : null,
    vocabularyCoverage: tokens.length ? known / tokens.length : 0,
  };
}

/** Audio frames outside speech carry no voice: mark them invalid so word steps there are zero. */
export function maskToSpeech(series: FrameSeries, speech: readonly SpeechSegment[]): FrameSeries {
  const valid = new Uint8Array(series.valid.length);
  let s = 0;
  for (let i = 0; i < series.times.length; i++) {
    const t = series.times[i] as number;
    while (s < speech.length && (speech[s] as SpeechSegment).end <= t) s++;
    const seg = speech[s];
    valid[i] = series.valid[i] && seg && seg.start <= t && t < seg.end ? 1 : 0;
  }
  return { ...series, valid };
}

/** coverage = steps with data / real steps (words, or 300 ms windows) over all utterances. */
export function withCoverage(verdicts: UsabilityMap, utterances: { words: unknown[]; start: number; end: number; steps: Record<Modality, StepMatrix> }[]): UsabilityMap {
  const out = {} as UsabilityMap;
  for (const m of MODALITIES) {
    let filled = 0;
    let total = 0;
    for (const u of utterances) {
      const real = Math.min(u.steps[m].steps, u.words.length > 0 ? u.words.length : Math.max(1, Math.ceil((u.end - u.start) / NO_WORD_STEP_SEC - 1e-9)));
      total += real;
      for (let i = 0; i < real; i++) filled += u.steps[m].stepMask[i] ?? 0;
    }
    const v: ModalityUsability = verdicts[m];
    out[m] = { ...v, coverage: v.usable && total > 0 ? Math.min(1, filled / total) : 0 };
  }
  return out;
}
