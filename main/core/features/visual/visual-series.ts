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
import type { VisualExtractor } from './visual-extractor.ts';

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
  const { extractorId, extractor: given, crop = 'off', expectedFrames: _e, minFaceSidePx: _m, ...engineOpts } = opts;
  // loaded on use: a caller that passes its own extractor (the pipeline's worker proxy) never loads face-api here
  const extractor = given ?? (await (await import('./visual-extractors.ts')).createVisualExtractor(extractorId ?? EXTRACTORS.visual.id, engineOpts));
  const minSide = opts.minFaceSidePx ?? MIN_FACE_SIDE_PX;
  const times: number[] = [];
  const rows: Float32Array[] = [];
  const q = { rel: [] as number[], side: [] as number[], bright: [] as number[], sharp: [] as number[], conf: [] as number[], faces: [] as number[], found: [] as number[], whole: [] as number[] };
  const valid: number[] = [];
  try {
    for await (const frame of frames) {
      throwIfAborted(ctx.signal, 'visual feature extraction');
      const r = await extractor.extract(frame, crop);
      const side = r.faceBox ? Math.min(r.faceBox.width, r.faceBox.height) : 0;
      times.push(frame.time);
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
      const n = times.length;
      ctx.onProgress({
        type: 'stage',
        stage: 'visual-features',
        ...(opts.expectedFrames ? { fraction: Math.min(1, n / opts.expectedFrames) } : {}),
        detail: `frame ${n}${opts.expectedFrames ? ` of ${opts.expectedFrames}` : ''}`,
      });
    }
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
    },
  };
}
