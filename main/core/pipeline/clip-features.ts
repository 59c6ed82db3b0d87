import { cacheDir } from '../paths.ts';
import type { StageContext } from '../context.ts';
import { throwIfAborted } from '../errors.ts';
import { FeatureCache } from '../cache/feature-cache.ts';
import { probeMedia } from '../media/probe.ts';
import type { MediaInfo } from '../media/media-info.ts';
import { sha256File } from '../media/hash.ts';
import { decodeAudio } from '../media/decode-audio.ts';
import { resolveTranscript, type ResolvedTranscript } from '../transcript/resolve-transcript.ts';
import { embeddedCandidates } from '../transcript/embedded.ts';
import { splitUtterances } from '../align/utterances.ts';
import { alignToSteps, textSteps } from '../align/steps.ts';
import { EXTRACTORS } from '../features/extractors.ts';
import { textUsability, type UsabilityMap } from '../quality/usability.ts';
import type { Modality, SpeechSegment, StepMatrix, Utterance } from '../types.ts';
import { T_STEPS } from '../types.ts';
import { audioEvidence, maskToSpeech, textEvidence, visualEvidence, withCoverage } from './evidence.ts';
import { cachedAudioBranch, cachedVisualBranch, type AudioFeatures, type VisualFeatures } from './cached-branches.ts';

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
export async function extractClipFeatures(file: string, ctx: StageContext, opts: ClipFeatureOptions = {}): Promise<ClipFeatures> {
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
  const media = await time('probe', () => probeMedia(file, ctx));
  const sha256 = await time('hash', () => sha256File(file, ctx));
  const warnings: string[] = [];

  const [audio, visual] = await Promise.all([
    media.audio ? time('audio', () => cachedAudioBranch(file, sha256, media, cache, ctx)) : Promise.resolve(null),
    media.video ? time('visual', () => cachedVisualBranch(file, sha256, media, { fps, maxSide: opts.maxSide ?? 640 }, cache, ctx)) : Promise.resolve(null),
  ]);
  throwIfAborted(ctx.signal, 'analysis');

  const speech = audio?.vad.segments ?? [];
  const transcript = await time('transcript', () =>
    resolveTranscript(file, ctx, {
      durationSec: media.durationSec,
      speech,
      allowAsr: opts.allowAsr ?? false,
      embeddedStreams: embeddedCandidates(media.subtitles),
      ...(media.audio ? { loadAudio16k: () => decodeAudio(file, ctx) } : {}),
      ...(opts.transcriptPath ? { explicitPath: opts.transcriptPath } : {}),
      ...(opts.asrModel ? { asrModel: opts.asrModel } : {}),
    }),
  );

  const tAlign = performance.now();
  const evidence = {
    audio: audioEvidence(media, audio),
    visual: visualEvidence(media, visual),
    text: textEvidence(transcript),
  };
  const verdicts: UsabilityMap = {
    audio: evidence.audio.verdict,
    visual: evidence.visual.verdict,
    text: textUsability(evidence.text),
  };
  const audioSeries = audio && verdicts.audio.usable ? maskToSpeech(audio.series, speech) : null;
  const visualSeries = visual && verdicts.visual.usable ? visual.series : null;
  const utterances = splitUtterances(transcript, media.durationSec, audioSeries ? speech : []).map((u): UtteranceFeatures => ({
    ...u,
    steps: {
      text: verdicts.text.usable ? textSteps(u, T) : textSteps({ ...u, words: [] }, T),
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
  return { file, sha256, durationSec: media.durationSec, media, transcript, speech, modalities, utterances, timingsMs: timings, warnings };
}

function addTimings(t: Record<string, number>, audio: AudioFeatures | null, visual: VisualFeatures | null): void {
  if (audio?.cpuMs) {
    t['vad(cpu)'] = Math.round(audio.cpuMs.vad);
    t['audio-features(cpu)'] = Math.round(audio.cpuMs.features);
  }
  if (visual?.fromCache === false) t['visual-frames'] = visual.series.times.length;
}
