/**
 * The visual-features stage: sampled frames -> FrameSeries (of the chosen visual extractor, default
 * the app's EXTRACTORS.visual) plus per-frame quality arrays for the usability stage (DESIGN 5: no
 * face in most frames, face too small/dark/blurred).
 */
import type { StageContext } from '../../context.ts';
import { throwIfAborted } from '../../errors.ts';
import type { FrameSeries } from '../../types.ts';
import { EXTRACTORS } from '../extractors.ts';
import type { FaceEngineOptions, RgbFrame } from './face-engine.ts';
import type { CropPolicy } from './face-crop.ts';
import { TRACKING, type TrackOptions } from './face-tracker.ts';
import type { VisualExtractor, VisualFrameResult } from './visual-extractor.ts';

/**
 * A face counts as a usable observation when its box's shorter side is at least this many pixels.
 * Below ~32 px an eye is ~6 px wide and ~2 px tall, so the eye-opening, lip-gap and brow measures
 * are dominated by one-pixel landmark jitter, and the 112 px landmark/expression inputs are mostly
 * interpolation. (The detectors themselves rarely fire below ~20 px.)
 */
export const MIN_FACE_SIDE_PX = 32;

export interface VisualQuality {
  /** Face box area / frame area, 0 where no face. */
  faceRelSize: Float32Array;
  /** Shorter side of the face box in pixels, 0 where no face. */
  faceSidePx: Float32Array;
  /** Mean luma in the face box (0..1), NaN where no face. */
  brightness: Float32Array;
  /** Contrast-normalised Laplacian variance of the face patch, NaN where no face. */
  sharpness: Float32Array;
  /** Detector score of the chosen face, 0 where no face. */
  confidence: Float32Array;
  /** Faces found per frame (capped at 255). */
  faces: Uint8Array;
  /** 1 where any face was found (valid additionally needs a usable size). */
  faceFound: Uint8Array;
  /** 1 where face-crop mode took the whole frame as the face (no detector box). */
  wholeFrame: Uint8Array;
  /** 1 where a detector (or face-crop mode) looked for the face, 0 where it was tracked from the previous frame (face-tracker.ts). */
  detected: Uint8Array;
}

export interface VisualSeriesResult {
  series: FrameSeries;
  quality: VisualQuality;
}

export interface VisualSeriesOptions extends FaceEngineOptions {
  /** Which visual extractor to create (visual-extractors.ts); default EXTRACTORS.visual.id. */
  extractorId?: string;
  /** Reuse a loaded extractor (a worker keeps one); it is not disposed here. */
  extractor?: VisualExtractor;
  /** How each frame's face is found (face-observer.ts); default 'off' (detectors only). */
  crop?: CropPolicy;
  /** Number of frames expected, for progress fractions. */
  expectedFrames?: number;
  minFaceSidePx?: number;
  /**
   * Face tracking (face-tracker.ts). Frames go to the extractor in runs of `redetectEvery` frames
   * (each run starts with a detection), so the result does not depend on how many runs are in flight.
   */
  track?: TrackOptions;
  /** Runs handed to the extractor before the oldest is awaited (a pool of n face workers: n). Default 1. */
  concurrency?: number;
}

export interface TimedRgbFrame extends RgbFrame {
  /** Seconds from the clip start (frame centre). */
  time: number;
}

export async function extractVisualSeries(
  frames: AsyncIterable<TimedRgbFrame>,
  ctx: StageContext,
  opts: VisualSeriesOptions = {},
): Promise<VisualSeriesResult> {
  throwIfAborted(ctx.signal, 'visual feature extraction');
  const own = opts.extractor === undefined;
  const { extractorId, extractor: given, crop = 'off', expectedFrames: _e, minFaceSidePx: _m, track = {}, concurrency = 1, ...engineOpts } = opts;
  // loaded on use: a caller that passes its own extractor (the pipeline's worker proxy) never loads face-api here
  const extractor = given ?? (await (await import('./visual-extractors.ts')).createVisualExtractor(extractorId ?? EXTRACTORS.visual.id, engineOpts));
  const minSide = opts.minFaceSidePx ?? MIN_FACE_SIDE_PX;
  const runLength = Math.max(1, track.redetectEvery ?? TRACKING.redetectEvery);
  const times: number[] = [];
  const rows: Float32Array[] = [];
  const q = { rel: [] as number[], side: [] as number[], bright: [] as number[], sharp: [] as number[], conf: [] as number[], faces: [] as number[], found: [] as number[], whole: [] as number[], det: [] as number[] };
  const valid: number[] = [];
  const record = (time: number, r: VisualFrameResult): void => {
    const side = r.faceBox ? Math.min(r.faceBox.width, r.faceBox.height) : 0;
    times.push(time);
    rows.push(r.vector);
    valid.push(r.faceFound && side >= minSide ? 1 : 0);
    q.rel.push(r.faceRelSize);
    q.side.push(side);
    q.bright.push(r.brightness);
    q.sharp.push(r.sharpness);
    q.conf.push(r.confidence);
    q.faces.push(Math.min(255, r.faces));
    q.found.push(r.faceFound ? 1 : 0);
    q.whole.push(r.detectedBy === 'crop' ? 1 : 0);
    q.det.push(r.located === 'tracked' ? 0 : 1);
  };
  // runs handed out and not yet recorded, oldest first (frame times kept here: the pixels may be transferred away)
  const pending: Array<{ times: number[]; results: Promise<VisualFrameResult[]> }> = [];
  const settle = async (keep: number): Promise<void> => {
    while (pending.length > keep) {
      const run = pending.shift()!;
      const results = await run.results;
      run.times.forEach((t, i) => record(t, results[i]!));
      const n = times.length;
      ctx.onProgress({
        type: 'stage',
        stage: 'visual-features',
        ...(opts.expectedFrames ? { fraction: Math.min(1, n / opts.expectedFrames) } : {}),
        detail: `frame ${n}${opts.expectedFrames ? ` of ${opts.expectedFrames}` : ''}`,
      });
      throwIfAborted(ctx.signal, 'visual feature extraction');
    }
  };
  let run: TimedRgbFrame[] = [];
  const handOut = (): void => {
    const results = extractor.extractRun(run, crop, track);
    results.catch(() => {}); // awaited in order by settle; a later run's failure must not go unhandled meanwhile
    pending.push({ times: run.map((f) => f.time), results });
    run = [];
  };
  try {
    for await (const frame of frames) {
      throwIfAborted(ctx.signal, 'visual feature extraction');
      run.push(frame);
      if (run.length === runLength) {
        handOut();
        await settle(Math.max(1, concurrency));
      }
    }
    if (run.length > 0) handOut();
    await settle(0);
  } finally {
    if (own) extractor.dispose();
  }
  const dim = extractor.dim;
  const data = new Float32Array(rows.length * dim);
  rows.forEach((row, i) => data.set(row, i * dim));
  ctx.log('debug', `${extractor.id}: ${times.length} frames, ${valid.reduce((a, b) => a + b, 0)} with a usable face`);
  return {
    series: { extractor: extractor.id, dim, times: Float64Array.from(times), data, valid: Uint8Array.from(valid) },
    quality: {
      faceRelSize: Float32Array.from(q.rel),
      faceSidePx: Float32Array.from(q.side),
      brightness: Float32Array.from(q.bright),
      sharpness: Float32Array.from(q.sharp),
      confidence: Float32Array.from(q.conf),
      faces: Uint8Array.from(q.faces),
      faceFound: Uint8Array.from(q.found),
      wholeFrame: Uint8Array.from(q.whole),
      detected: Uint8Array.from(q.det),
    },
  };
}
