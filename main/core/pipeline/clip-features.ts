import { cacheDir } from '../paths.ts';
import { throwIfAborted } from '../errors.ts';
import { FeatureCache } from '../cache/feature-cache.ts';
import { probeMedia } from '../media/probe.ts';
import type { KnownFile, MediaInfo } from '../media/media-info.ts';
import { sha256File } from '../media/hash.ts';
import { decodeAudio } from '../media/decode-audio.ts';
import { resolveTranscript, type ResolvedTranscript } from '../transcript/resolve-transcript.ts';
import { embeddedCandidates } from '../transcript/embedded.ts';
import { splitUtterances } from '../align/utterances.ts';
import { alignToSteps, emptySteps, textV3Steps } from '../align/steps.ts';
import { EXTRACTORS } from '../features/extractors.ts';
import { FRAME_MAX_SIDE } from '../media/frames.ts';
import { textUsability, type UsabilityMap } from '../quality/usability.ts';
import type { Modality, SpeechSegment, StepMatrix, Utterance } from '../types.ts';
import { T_STEPS } from '../types.ts';
import { audioEvidence, maskToSpeech, textEvidence, visualEvidence, withCoverage } from './evidence.ts';
import { cachedAudioBranch, cachedVisualBranch, type AudioFeatures, type VisualFeatures } from './cached-branches.ts';
import type { FaceCropMode } from '../features/visual/face-crop.ts';
import type { TrackOptions } from '../features/visual/face-tracker.ts';
import type { PipelineContext } from './worker-pools.ts';
import { STILL_SPAN_SEC, STILL_WARNING, stillAsVideo } from './still-clip.ts';

export { EXTRACTORS };

export interface ClipFeatureOptions {
  /** Frames sampled per second for the face (DESIGN 3.2, default 5). */
  fps?: number;
  maxSide?: number;
  /** `--transcript FILE`. */
  transcriptPath?: string;
  /** Whisper when no transcript file/stream applies (needs a local model). Default false. */
  allowAsr?: boolean;
  asrModel?: string;
  T?: number;
  /** Feature cache; default the user cache folder; null disables caching. */
  cache?: FeatureCache | null;
  /** `--face-crop auto|on|off` (features/visual/face-crop.ts); default 'auto'. */
  faceCrop?: FaceCropMode;
  /** The file's probe and hash when the caller has them (a batch): not done again. */
  known?: KnownFile;
  /** Face tracking between detections (features/visual/face-tracker.ts); default on, `{ detectEveryFrame: true }` turns it off. */
  track?: TrackOptions;
}

export interface UtteranceFeatures extends Utterance {
  steps: Record<Modality, StepMatrix>;
}

export interface ClipFeatures {
  file: string;
  sha256: string;
  durationSec: number;
  media: MediaInfo;
  transcript: ResolvedTranscript;
  speech: SpeechSegment[];
  modalities: UsabilityMap;
  utterances: UtteranceFeatures[];
  timingsMs: Record<string, number>;
  warnings: string[];
}

/**
 * One clip, from file to aligned, usability-masked model inputs (DESIGN 3.1-3.7). The audio and
 * visual branches run concurrently (each in its own worker thread with ffmpeg in a child process);
 * the transcript waits for the voice activity it spreads plain text over.
 */
export async function extractClipFeatures(file: string, ctx: PipelineContext, opts: ClipFeatureOptions = {}): Promise<ClipFeatures> {
  const timings: Record<string, number> = {};
  const time = async <R>(name: string, f: () => Promise<R>): Promise<R> => {
    const t = performance.now();
    try {
      return await f();
    } finally {
      timings[name] = Math.round(performance.now() - t);
    }
  };
  const T = opts.T ?? T_STEPS;
  const fps = opts.fps ?? 5;
  const cache = opts.cache === undefined ? new FeatureCache(`${cacheDir()}/features`) : opts.cache;

  ctx.onProgress({ type: 'stage', stage: 'probe', fraction: 0 });
  const media = opts.known?.media ?? (await time('probe', () => probeMedia(file, ctx)));
  const sha256 = opts.known?.sha256 ?? (await time('hash', () => sha256File(file, ctx)));
  const warnings: string[] = media.still ? [STILL_WARNING] : [];
  // a still image is read as a short stretch of unchanging video (still-clip.ts)
  const durationSec = media.still ? STILL_SPAN_SEC : media.durationSec;

  const [audio, visual] = await Promise.all([
    media.audio ? time('audio', () => cachedAudioBranch(file, sha256, media, cache, ctx)) : Promise.resolve(null),
    media.video
      ? time('visual', () => cachedVisualBranch(file, sha256, media, { fps, maxSide: opts.maxSide ?? FRAME_MAX_SIDE, faceCrop: opts.faceCrop ?? 'auto', ...(opts.track ? { track: opts.track } : {}) }, cache, ctx))
      : Promise.resolve(null),
  ]);
  throwIfAborted(ctx.signal, 'analysis');

  const speech = audio?.vad.segments ?? [];
  const transcript = await time('transcript', () =>
    resolveTranscript(file, ctx, {
      durationSec,
      speech,
      allowAsr: opts.allowAsr ?? false,
      embeddedStreams: embeddedCandidates(media.subtitles),
      ...(media.audio ? { loadAudio16k: () => decodeAudio(file, ctx, { info: media }) } : {}),
      ...(opts.transcriptPath ? { explicitPath: opts.transcriptPath } : {}),
      ...(opts.asrModel ? { asrModel: opts.asrModel } : {}),
    }),
  );

  const tAlign = performance.now();
  const evidence = {
    audio: audioEvidence(media, audio),
    visual: visualEvidence(media, visual, opts.maxSide ?? FRAME_MAX_SIDE),
    text: textEvidence(transcript),
  };
  const verdicts: UsabilityMap = {
    audio: evidence.audio.verdict,
    visual: evidence.visual.verdict,
    text: textUsability(evidence.text),
  };
  const audioSeries = audio && verdicts.audio.usable ? maskToSpeech(audio.series, speech) : null;
  const visualSeries = visual && verdicts.visual.usable ? (media.still ? stillAsVideo(visual.series) : visual.series) : null;
  const parts = splitUtterances(transcript, durationSec, audioSeries ? speech : []);
  // text-v3: one sentence-encoder call for the clip's utterances; zeros when the text is unusable
  const textMats = verdicts.text.usable ? await textV3Steps(parts, T) : parts.map(() => emptySteps(T, EXTRACTORS.text.dim));
  const utterances = parts.map((u, i): UtteranceFeatures => ({
    ...u,
    steps: {
      text: textMats[i]!,
      audio: alignToSteps(u, audioSeries, T, EXTRACTORS.audio.dim),
      visual: alignToSteps(u, visualSeries, T, EXTRACTORS.visual.dim),
    },
  }));
  const modalities = withCoverage(verdicts, utterances);
  timings.align = Math.round(performance.now() - tAlign);
  addTimings(timings, audio, visual);
  if (transcript.source === 'none' && !(opts.allowAsr ?? false) && media.audio) {
    warnings.push('No transcript found; speech-to-text is off (pass --asr or add a .srt/.vtt/.txt next to the video).');
  }
  const wholeFrames = visual ? visual.quality.wholeFrame.reduce((a, b) => a + b, 0) : 0;
  if (wholeFrames > 0) {
    const n = visual!.series.times.length;
    warnings.push(
      media.still
        ? 'Face-crop mode: the whole picture was read as the face (no detector ran or none found a face in this tight crop); nothing checks that it shows a face.'
        : `Face-crop mode: the whole frame was read as the face in ${wholeFrames} of ${n} sampled frames; nothing checks that it shows a face.`,
    );
  }
  return { file, sha256, durationSec, media, transcript, speech, modalities, utterances, timingsMs: timings, warnings };
}

function addTimings(t: Record<string, number>, audio: AudioFeatures | null, visual: VisualFeatures | null): void {
  if (audio?.cpuMs) {
    t['vad(cpu)'] = Math.round(audio.cpuMs.vad);
    t['audio-features(cpu)'] = Math.round(audio.cpuMs.features);
  }
  if (visual?.fromCache === false) t['visual-frames'] = visual.series.times.length;
}
