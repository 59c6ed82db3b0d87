/**
 * Coarse face appearance on a FER-style patch: the face is cut the way FER2013's crops are cut
 * (square, face filling it, eyes level), read as Rec. 601 luma at PATCH_PX x PATCH_PX (FER's 48 px),
 * averaged into PATCH_GRID x PATCH_GRID cells and standardised within the patch (zero mean, unit
 * variance), so the values say where the face is lighter or darker (open mouth and teeth, raised
 * cheeks, frown shadows), not how the camera exposed it.
 *
 * Why cells of 6x6 px: the FER2013 copy this project learns from is blurred (effective Gaussian blur
 * of about 2 px at 48 px: face-api's nets stop reading expressions on a sharp 48 px crop blurred that
 * much, see README "FER2013 and face-api"). Averaged over 6x6 px cells, FER crops and sharp video
 * faces look alike, while finer detail would exist only in video.
 *
 * Framing: a detected face's patch is placed from its landmarks (ferFraming); a face crop's patch is
 * the whole frame (wholeFraming), as FER's crops are already framed.
 */
import type { RgbFrame } from './face-engine.ts';

export const PATCH_PX = 48;
export const PATCH_GRID = 8;
const CELL = PATCH_PX / PATCH_GRID;
/** Keeps a flat patch (all one grey, all black) at 0 instead of dividing 0 by 0: 2/255 luma. */
const NOISE_STD = 2 / 255;

/** A square (or, for a non-square crop, rectangular) region of the frame, rotated by `angle`. */
export interface PatchFrame {
  /** Centre in frame pixels. */
  cx: number;
  cy: number;
  /** Side lengths in frame pixels along the patch's own x and y axes. */
  width: number;
  height: number;
  /** Rotation in radians of the patch's x axis from the image x axis (the eye line's angle). */
  angle: number;
}

/**
 * FER-style framing from 68 landmarks. The patch is centred on the point FER_CENTRE of the way from
 * the eye centres' midpoint to the mouth centre (mid of lip corners 48, 54), with side FER_SIDE times
 * that eye-to-mouth distance, rotated so the eyes are level. The two constants were fitted (no
 * labels used) by bench/probes/fer-framing.ts: the framing whose mean patch over the shared
 * talking-head frames and face photos best matches the mean FER2013 train crop.
 */
export const FER_CENTRE = 0.3;
export const FER_SIDE = 2.6;

export function ferFraming(landmarks: ArrayLike<number>, centre = FER_CENTRE, sideFactor = FER_SIDE): PatchFrame {
  const mean = (from: number, to: number): [number, number] => {
    let x = 0;
    let y = 0;
    for (let i = from; i <= to; i++) {
      x += landmarks[2 * i]!;
      y += landmarks[2 * i + 1]!;
    }
    return [x / (to - from + 1), y / (to - from + 1)];
  };
  const [lx, ly] = mean(36, 41);
  const [rx, ry] = mean(42, 47);
  const ex = (lx + rx) / 2;
  const ey = (ly + ry) / 2;
  const mx = (landmarks[96]! + landmarks[108]!) / 2;
  const my = (landmarks[97]! + landmarks[109]!) / 2;
  const d = Math.max(Math.hypot(mx - ex, my - ey), 1e-6);
  const side = sideFactor * d;
  return { cx: ex + centre * (mx - ex), cy: ey + centre * (my - ey), width: side, height: side, angle: Math.atan2(ry - ly, rx - lx) };
}

/** The whole frame as the patch (face-crop mode). */
export function wholeFraming(width: number, height: number): PatchFrame {
  return { cx: width / 2, cy: height / 2, width, height, angle: 0 };
}

/**
 * PATCH_PX x PATCH_PX luma samples (bilinear, edges replicated) of the region, row-major, 0..1.
 * `supersample` n > 1 averages n x n bilinear samples spread over each output pixel (a box
 * prefilter, so a face much larger than the patch is averaged rather than aliased); 1 is one sample
 * at the pixel centre (visual-v2's patch).
 */
export function samplePatch(frame: RgbFrame, pf: PatchFrame, supersample = 1): Float32Array {
  const { rgb, width: W, height: H } = frame;
  const out = new Float32Array(PATCH_PX * PATCH_PX);
  const cos = Math.cos(pf.angle);
  const sin = Math.sin(pf.angle);
  const n = Math.max(1, Math.floor(supersample));
  const luma = (x: number, y: number): number => {
    const i = (Math.min(H - 1, Math.max(0, y)) * W + Math.min(W - 1, Math.max(0, x))) * 3;
    return (0.299 * rgb[i]! + 0.587 * rgb[i + 1]! + 0.114 * rgb[i + 2]!) / 255;
  };
  const bilinear = (u: number, v: number): number => {
    // patch coordinates of the sample, relative to the patch centre, in frame pixels
    const px = (u / PATCH_PX - 0.5) * pf.width;
    const py = (v / PATCH_PX - 0.5) * pf.height;
    const x = pf.cx + px * cos - py * sin - 0.5;
    const y = pf.cy + px * sin + py * cos - 0.5;
    const x0 = Math.floor(x);
    const y0 = Math.floor(y);
    const fx = x - x0;
    const fy = y - y0;
    return (1 - fy) * ((1 - fx) * luma(x0, y0) + fx * luma(x0 + 1, y0)) + fy * ((1 - fx) * luma(x0, y0 + 1) + fx * luma(x0 + 1, y0 + 1));
  };
  for (let v = 0; v < PATCH_PX; v++) {
    for (let u = 0; u < PATCH_PX; u++) {
      let a = 0;
      for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) a += bilinear(u + (i + 0.5) / n, v + (j + 0.5) / n);
      out[v * PATCH_PX + u] = a / (n * n);
    }
  }
  return out;
}

/** PATCH_GRID^2 cell means of a PATCH_PX^2 patch, standardised within the patch. */
export function patchCells(patch: Float32Array): Float32Array {
  const cells = new Float32Array(PATCH_GRID * PATCH_GRID);
  for (let v = 0; v < PATCH_PX; v++) {
    for (let u = 0; u < PATCH_PX; u++) cells[Math.floor(v / CELL) * PATCH_GRID + Math.floor(u / CELL)]! += patch[v * PATCH_PX + u]!;
  }
  let mean = 0;
  for (let i = 0; i < cells.length; i++) mean += (cells[i]! /= CELL * CELL);
  mean /= cells.length;
  let variance = 0;
  for (const c of cells) variance += (c - mean) ** 2;
  const std = Math.sqrt(variance / cells.length + NOISE_STD ** 2);
  return cells.map((c) => (c - mean) / std);
}
