import type { StageContext } from '../context.ts';
import { sampleFrames } from '../media/frames.ts';
import type { MediaInfo } from '../media/media-info.ts';
import { extractVisualSeries, type VisualSeriesResult } from '../features/visual/visual-series.ts';
import type { VisualV1Extractor, VisualV1Options } from '../features/visual/visual-v1.ts';
import { pipelineWorkers } from './worker-pools.ts';

export interface VisualBranchOptions {
  fps: number;
  /** Longest side of sampled frames (px). */
  maxSide: number;
  face?: VisualV1Options;
}

/**
 * Visual branch (DESIGN 3.2 + visual-v1): ffmpeg samples frames in a child process, the face worker
 * runs face-api on each (frames are transferred, not copied); the series is assembled here by the
 * same extractVisualSeries the tests exercise, with the worker standing in as its extractor.
 */
export async function runVisualBranch(
  file: string,
  info: MediaInfo,
  opts: VisualBranchOptions,
  ctx: StageContext,
): Promise<VisualSeriesResult & { wallMs: number }> {
  const t0 = performance.now();
  const pool = pipelineWorkers().visual;
  const faceOpts = opts.face ?? {};
  const call = { signal: ctx.signal, log: ctx.log };
  const remote = {
    engine: undefined as never,
    extract: (frame: { rgb: Uint8Array; width: number; height: number }) =>
      pool.call('frame', { opts: faceOpts, rgb: frame.rgb, width: frame.width, height: frame.height }, { ...call, transfer: [frame.rgb.buffer as ArrayBuffer] }),
    dispose: () => {},
  } satisfies VisualV1Extractor;
  const frames = sampleFrames(file, ctx, { fps: opts.fps, maxSide: opts.maxSide, info });
  const expectedFrames = Math.max(1, Math.round(info.durationSec * opts.fps));
  const res = await extractVisualSeries(frames, ctx, { extractor: remote, expectedFrames });
  return { ...res, wallMs: performance.now() - t0 };
}
