import type { StageContext } from '../context.ts';
import { sampleFrames } from '../media/frames.ts';
import type { MediaInfo } from '../media/media-info.ts';
import { decodeStill } from '../media/still-image.ts';
import type { FaceEngineOptions } from '../features/visual/face-engine.ts';
import { type CropPolicy, type FaceCropMode, cropPolicyFor } from '../features/visual/face-crop.ts';
import type { TrackOptions } from '../features/visual/face-tracker.ts';
import type { VisualExtractor, VisualFrameResult } from '../features/visual/visual-extractor.ts';
import { extractVisualSeries, type TimedRgbFrame, type VisualSeriesResult } from '../features/visual/visual-series.ts';
import { EXTRACTORS } from '../features/extractors.ts';
import { visualDimsOf } from '../features/visual/visual-dims.ts';
import type { PipelineContext } from './worker-pools.ts';
import type { WorkerPool } from '../threads/worker-pool.ts';
import type { VisualWorkerApi } from './worker-apis.ts';

export interface VisualBranchOptions {
  fps: number;
  /** Longest side of sampled frames and decoded stills (px). */
  maxSide: number;
  /** `--face-crop` (face-crop.ts); default 'auto'. */
  faceCrop?: FaceCropMode;
  /** Visual extractor id; default EXTRACTORS.visual.id. */
  extractorId?: string;
  face?: FaceEngineOptions;
  /** Face tracking between detections (face-tracker.ts); `{ detectEveryFrame: true }` detects on every frame. */
  track?: TrackOptions;
}

/**
 * A visual extractor that runs in a face worker of `pool`: each frame's pixels are transferred to
 * the worker (the caller's buffer becomes unusable), the result comes back. A run of frames is one
 * call, so the runs of one clip spread over the pool's workers. Its `engine` is not available on
 * this side.
 */
export function workerExtractor(pool: WorkerPool<VisualWorkerApi>, extractorId: string, face: FaceEngineOptions, ctx: StageContext): VisualExtractor {
  const call = { signal: ctx.signal, log: ctx.log };
  const extractRun: VisualExtractor['extractRun'] = (frames, crop = 'off', track = {}) =>
    pool.call(
      'run',
      { extractorId, opts: face, crop, track, frames: frames.map((f) => ({ rgb: f.rgb, width: f.width, height: f.height })) },
      { ...call, transfer: [...new Set(frames.map((f) => f.rgb.buffer as ArrayBuffer))] },
    );
  return {
    id: extractorId,
    dim: visualDimsOf(extractorId).dims.length,
    engine: undefined as never,
    // one picture: a run of one frame found by the detectors alone, as the in-process extract() finds it
    extract: async (frame, crop = 'off'): Promise<VisualFrameResult> => (await extractRun([frame], crop, { detectEveryFrame: true }))[0]!,
    extractRun,
    dispose: () => {},
  };
}

/** A decoded still as the one-frame source extractVisualSeries reads (time 0). */
export async function* stillFrames(pic: { rgb: Uint8Array; width: number; height: number }): AsyncGenerator<TimedRgbFrame> {
  yield { time: 0, rgb: pic.rgb, width: pic.width, height: pic.height };
}

/**
 * Visual branch (DESIGN 3.2): a video's frames are sampled by ffmpeg in a child process, a still
 * image is decoded once (media/still-image.ts) and is a one-frame series at time 0 (clip-features
 * spreads it over the still's steps). The face worker runs the visual extractor on each frame
 * (frames are transferred, not copied); the series is assembled here by the same
 * extractVisualSeries the tests exercise, with the worker standing in as its extractor.
 */
export async function runVisualBranch(
  file: string,
  info: MediaInfo,
  opts: VisualBranchOptions,
  ctx: PipelineContext,
): Promise<VisualSeriesResult & { wallMs: number; crop: CropPolicy }> {
  const t0 = performance.now();
  const pool = ctx.workers.visual;
  const remote = workerExtractor(pool, opts.extractorId ?? EXTRACTORS.visual.id, opts.face ?? {}, ctx);
  let frames: AsyncIterable<TimedRgbFrame>;
  let crop: CropPolicy;
  if (info.still) {
    const pic = await decodeStill(file, ctx, { maxSide: opts.maxSide });
    crop = cropPolicyFor(opts.faceCrop ?? 'auto', { still: true, width: pic.sourceWidth, height: pic.sourceHeight });
    frames = stillFrames(pic);
  } else {
    crop = cropPolicyFor(opts.faceCrop ?? 'auto', { still: false, width: 0, height: 0 });
    frames = sampleFrames(file, ctx, { fps: opts.fps, maxSide: opts.maxSide, info });
  }
  const expectedFrames = info.still ? 1 : Math.max(1, Math.round(info.durationSec * opts.fps));
  const res = await extractVisualSeries(frames, ctx, { extractor: remote, expectedFrames, crop, concurrency: pool.size, ...(opts.track ? { track: opts.track } : {}) });
  return { ...res, wallMs: performance.now() - t0, crop };
}
