import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { splitUtterances } from '../../main/core/align/utterances.ts';
import { cacheKey, FeatureCache } from '../../main/core/cache/feature-cache.ts';
import type { StageContext } from '../../main/core/context.ts';
import { audioSignalStats, type AudioSignalStats } from '../../main/core/features/audio/signal-stats.ts';
import { detectSpeech } from '../../main/core/features/vad/silero-vad.ts';
import { decodeAudio } from '../../main/core/media/decode-audio.ts';
import type { MediaInfo } from '../../main/core/media/media-info.ts';
import { probeMedia } from '../../main/core/media/probe.ts';
import { sha256File } from '../../main/core/media/hash.ts';
import { audioEvidence } from '../../main/core/pipeline/evidence.ts';
import { embeddedCandidates } from '../../main/core/transcript/embedded.ts';
import { resolveTranscript } from '../../main/core/transcript/resolve-transcript.ts';
import { PROJECT_ROOT } from '../../main/core/paths.ts';
import type { SpeechSegment, Utterance } from '../../main/core/types.ts';
import type { RavdessClip } from './ravdess-clips.ts';

/**
 * Everything about a probe clip that does not depend on the audio extractor, computed with the
 * app's own stages (probe, 16 kHz decode, Silero VAD, signal statistics, audio usability,
 * transcript resolution and utterance split: main/core), the way extractClipFeatures runs them.
 * Decode + VAD are cached in .cache/probe-audio (FeatureCache), so trying extractor variants only
 * recomputes the features.
 */

export interface ProbeClipSource {
  clip: RavdessClip;
  media: MediaInfo;
  samples: Float32Array;
  speech: SpeechSegment[];
  stats: AudioSignalStats;
  /** audio usable by the app's rules (quality/usability.ts); unusable audio is absent for the model */
  audioUsable: boolean;
  /** the utterances `corrkd analyze` makes without a transcript, and with the sentence as the transcript */
  utterances: { none: Utterance[]; text: Utterance[] };
}

export const PROBE_CACHE_DIR = path.join(PROJECT_ROOT, '.cache', 'probe-audio');

const cachedJson = z.object({
  media: z.custom<MediaInfo>((v) => typeof v === 'object' && v !== null && 'durationSec' in v),
  speech: z.array(z.object({ start: z.number(), end: z.number() })),
});

async function decodeAndVad(clip: RavdessClip, cache: FeatureCache, ctx: StageContext) {
  const sha = await sha256File(clip.file, ctx);
  const key = cacheKey({ sha256: sha, probe: 'decode+silero-v5', sr: 16000 });
  const hit = await cache.get(key);
  if (hit) {
    const j = cachedJson.safeParse(hit.json);
    const samples = hit.arrays.samples;
    if (j.success && samples instanceof Float32Array) return { media: { ...j.data.media, file: clip.file }, samples, speech: j.data.speech };
  }
  const media = await probeMedia(clip.file, ctx);
  const samples = await decodeAudio(clip.file, ctx, { info: media });
  const vad = await detectSpeech(samples, ctx);
  await cache.set(key, { json: { media, speech: vad.segments }, arrays: { samples } });
  return { media, samples, speech: vad.segments };
}

/** Loads (or computes) the sources of `clips`, one at a time; `onClip` reports progress. */
export async function loadProbeSources(
  clips: readonly RavdessClip[],
  ctx: StageContext,
  onClip?: (i: number) => void,
  cacheDir = PROBE_CACHE_DIR,
): Promise<ProbeClipSource[]> {
  const cache = new FeatureCache(cacheDir);
  // The sentence as a --transcript file, as `dataset build` hands a CSV's text to the pipeline.
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'corrkd-probe-'));
  const textFiles = new Map<string, string>();
  try {
    const out: ProbeClipSource[] = [];
    for (const [i, clip] of clips.entries()) {
      onClip?.(i);
      const { media, samples, speech } = await decodeAndVad(clip, cache, ctx);
      const stats = audioSignalStats(samples);
      const durationSec = media.durationSec;
      // audioEvidence reads the VAD segments and the statistics only (not the frames).
      const noFrames = { extractor: 'none', dim: 0, times: new Float64Array(0), data: new Float32Array(0), valid: new Uint8Array(0) };
      const evidence = audioEvidence(media, { series: noFrames, vad: { segments: speech, speechRatio: 0, durationSec }, stats, fromCache: false });
      let textFile = textFiles.get(clip.text);
      if (!textFile) {
        textFile = path.join(tmp, `t${textFiles.size}.txt`);
        writeFileSync(textFile, `${clip.text}\n`);
        textFiles.set(clip.text, textFile);
      }
      const none = await resolveTranscript(clip.file, ctx, { durationSec, speech, allowAsr: false, embeddedStreams: embeddedCandidates(media.subtitles) });
      const text = await resolveTranscript(clip.file, ctx, { durationSec, speech, allowAsr: false, embeddedStreams: embeddedCandidates(media.subtitles), explicitPath: textFile });
      out.push({
        clip,
        media,
        samples,
        speech,
        stats,
        audioUsable: evidence.verdict.usable,
        // as extractClipFeatures: without words, usable audio shapes the utterances along its speech
        utterances: {
          none: splitUtterances(none, durationSec, evidence.verdict.usable ? speech : []),
          text: splitUtterances(text, durationSec, evidence.verdict.usable ? speech : []),
        },
      });
    }
    return out;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
