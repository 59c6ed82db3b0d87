import { z } from 'zod';
import { EXTRACTORS } from '../features/extractors.ts';
import { cacheKey, type FeatureCache } from '../cache/feature-cache.ts';
import type { MediaInfo } from '../media/media-info.ts';
import type { AudioSignalStats } from '../features/audio/signal-stats.ts';
import type { VisualQuality } from '../features/visual/visual-series.ts';
import type { FrameSeries, SpeechSegment } from '../types.ts';
import { runAudioBranch } from './audio-branch.ts';
import type { PipelineContext } from './worker-pools.ts';
import { runVisualBranch, type VisualBranchOptions } from './visual-branch.ts';
import { CROP_POLICIES, type CropPolicy } from '../features/visual/face-crop.ts';
import { visualDimsOf } from '../features/visual/visual-dims.ts';
import { trackerKey } from '../features/visual/face-tracker.ts';

/**
 * The two expensive branches behind the feature cache (DESIGN 3: keyed by content hash and
 * extractor versions). Bump a version here whenever an extractor's output changes.
 */
const AUDIO_KEY = { audio: `${EXTRACTORS.audio.id}@${EXTRACTORS.audio.version}`, vad: 'silero-v5@1', sr: 16000 };
/**
 * face-api's detector cascade and nets (face-engine.ts); the extractor id@version, face-crop mode and
 * how faces are followed between detections (face-tracker.ts trackerKey) are added per call.
 */
const FACE_ENGINE_KEY = 'tiny224+ssd@1';

export interface AudioFeatures {
  series: FrameSeries;
  vad: { segments: SpeechSegment[]; speechRatio: number; durationSec: number };
  stats: AudioSignalStats;
  cpuMs?: { vad: number; features: number };
  fromCache: boolean;
}

export interface VisualFeatures {
  series: FrameSeries;
  quality: VisualQuality;
  /** How faces were looked for ('on' / 'fallback': the whole picture may be the face; face-crop.ts). */
  crop: CropPolicy;
  fromCache: boolean;
}

const audioJson = z.object({
  extractor: z.string(),
  dim: z.number().int(),
  vad: z.object({ segments: z.array(z.object({ start: z.number(), end: z.number() })), speechRatio: z.number(), durationSec: z.number() }),
  stats: z.object({ durationSec: z.number(), rmsDbfs: z.number(), peakDbfs: z.number(), clippedRatio: z.number(), silentRatio: z.number() }),
});

const visualJson = z.object({ extractor: z.string(), dim: z.number().int(), crop: z.enum(CROP_POLICIES) });

function seriesArrays(s: FrameSeries) {
  return { times: s.times, data: s.data, valid: s.valid };
}

function seriesFrom(extractor: string, dim: number, a: Record<string, unknown>): FrameSeries | null {
  const { times, data, valid } = a;
  if (!(times instanceof Float64Array && data instanceof Float32Array && valid instanceof Uint8Array)) return null;
  if (data.length !== times.length * dim || valid.length !== times.length) return null;
  return { extractor, dim, times, data, valid };
}

export async function cachedAudioBranch(file: string, sha256: string, media: MediaInfo, cache: FeatureCache | null, ctx: PipelineContext): Promise<AudioFeatures> {
  const key = cacheKey({ sha256, ...AUDIO_KEY });
  const hit = cache ? await cache.get(key) : null;
  if (hit) {
    const j = audioJson.safeParse(hit.json);
    const series = j.success ? seriesFrom(j.data.extractor, j.data.dim, hit.arrays) : null;
    if (j.success && series) return { series, vad: j.data.vad, stats: j.data.stats, fromCache: true };
  }
  const r = await runAudioBranch(file, media, ctx);
  const vad = { segments: r.vad.segments, speechRatio: r.vad.speechRatio, durationSec: r.vad.durationSec };
  if (cache) {
    await cache.set(key, { json: { extractor: r.series.extractor, dim: r.series.dim, vad, stats: r.stats }, arrays: seriesArrays(r.series) });
  }
  return { series: r.series, vad, stats: r.stats, cpuMs: r.cpuMs, fromCache: false };
}

const QUALITY_F32 = ['faceRelSize', 'faceSidePx', 'brightness', 'sharpness', 'confidence'] as const;
const QUALITY_U8 = ['faces', 'faceFound', 'wholeFrame', 'detected'] as const;

export async function cachedVisualBranch(
  file: string,
  sha256: string,
  media: MediaInfo,
  opts: VisualBranchOptions,
  cache: FeatureCache | null,
  ctx: PipelineContext,
): Promise<VisualFeatures> {
  const id = opts.extractorId ?? EXTRACTORS.visual.id;
  const key = cacheKey({ sha256, visual: `${id}@${visualDimsOf(id).version}`, faceapi: FACE_ENGINE_KEY, track: trackerKey(opts.track), faceCrop: opts.faceCrop ?? 'auto', fps: opts.fps, maxSide: opts.maxSide });
  const hit = cache ? await cache.get(key) : null;
  if (hit) {
    const j = visualJson.safeParse(hit.json);
    const series = j.success ? seriesFrom(j.data.extractor, j.data.dim, hit.arrays) : null;
    const n = series?.times.length ?? -1;
    const okF32 = QUALITY_F32.every((k) => hit.arrays[`q_${k}`] instanceof Float32Array && hit.arrays[`q_${k}`]?.length === n);
    const okU8 = QUALITY_U8.every((k) => hit.arrays[`q_${k}`] instanceof Uint8Array && hit.arrays[`q_${k}`]?.length === n);
    if (j.success && series && okF32 && okU8) {
      const quality = Object.fromEntries([...QUALITY_F32, ...QUALITY_U8].map((k) => [k, hit.arrays[`q_${k}`]])) as unknown as VisualQuality;
      return { series, quality, crop: j.data.crop, fromCache: true };
    }
  }
  const r = await runVisualBranch(file, media, opts, ctx);
  if (cache) {
    const q = Object.fromEntries([...QUALITY_F32, ...QUALITY_U8].map((k) => [`q_${k}`, r.quality[k]]));
    await cache.set(key, { json: { extractor: r.series.extractor, dim: r.series.dim, crop: r.crop }, arrays: { ...seriesArrays(r.series), ...q } });
  }
  return { series: r.series, quality: r.quality, crop: r.crop, fromCache: false };
}
