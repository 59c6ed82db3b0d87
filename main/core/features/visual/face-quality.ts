/**
 * Image quality inside the face box, for the usability stage (DESIGN 5: "too dark or too blurred").
 *
 * The box (clipped to the frame) is resampled to a canonical FACE_SIDE x FACE_SIDE luma patch
 * (Rec. 601 luma, 0..1): area-averaging when shrinking, linear interpolation when enlarging. Both
 * measures are taken on that patch, so they describe the face, not the camera resolution.
 *
 * brightness = mean luma of the patch (0 black .. 1 white).
 *
 * sharpness = var(Laplacian) / (var(luma) + NOISE_VAR), with the 4-neighbour Laplacian on the patch.
 *   - Resampling to a fixed size makes it independent of how many pixels the face covers: blur is
 *     measured relative to the face (a 60 px face and a 600 px face of the same focus score alike);
 *     a tiny face enlarged to 128 px reads as blurred, which is what it is for landmarking.
 *   - Dividing by the patch's own contrast (luma variance) makes it independent of exposure and
 *     lighting contrast: it is the share of the face's contrast energy that sits at the finest scale.
 *     For i.i.d. noise it would be 20 (the kernel's squared weights sum to 1+1+1+1+16). Measured on
 *     the shared face photos (faces 150-250 px): sharp 0.07-0.20; after a 3x3 box blur 0.02-0.07,
 *     5x5 0.009-0.036, 9x9 0.003-0.011; darkening to 40% changes it by < 1%.
 *     NOISE_VAR (2/255)^2 keeps a flat, featureless patch near 0 instead of dividing 0 by 0.
 */
export const FACE_SIDE = 128;
const NOISE_VAR = (2 / 255) ** 2;

export interface FaceQuality {
  brightness: number;
  sharpness: number;
}

export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Clips a box to the frame; returns null when nothing of it is inside. */
export function clipBox(box: PixelBox, width: number, height: number): PixelBox | null {
  const x0 = Math.max(0, box.x);
  const y0 = Math.max(0, box.y);
  const x1 = Math.min(width, box.x + box.width);
  const y1 = Math.min(height, box.y + box.height);
  if (x1 - x0 < 1 || y1 - y0 < 1) return null;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

interface Taps {
  index: Int32Array;
  weight: Float32Array;
  count: number; // taps per output sample
}

/** 1-D resampling taps from the source span [start, start + len) to n output samples. */
function taps(start: number, len: number, n: number, limit: number): Taps {
  const step = len / n;
  if (step >= 1) {
    // Area average: each output covers `step` source pixels, partial pixels weighted by coverage.
    const count = Math.ceil(step) + 1;
    const index = new Int32Array(n * count);
    const weight = new Float32Array(n * count);
    for (let o = 0; o < n; o++) {
      const a = start + o * step;
      const b = a + step;
      let k = 0;
      for (let i = Math.floor(a); i < b && k < count; i++, k++) {
        const w = Math.min(b, i + 1) - Math.max(a, i);
        index[o * count + k] = Math.min(limit - 1, Math.max(0, i));
        weight[o * count + k] = w > 0 ? w / step : 0;
      }
    }
    return { index, weight, count };
  }
  // Enlarge: linear interpolation between the two nearest pixel centres.
  const index = new Int32Array(n * 2);
  const weight = new Float32Array(n * 2);
  for (let o = 0; o < n; o++) {
    const c = start + (o + 0.5) * step - 0.5;
    const i0 = Math.floor(c);
    const f = c - i0;
    index[o * 2] = Math.min(limit - 1, Math.max(0, i0));
    index[o * 2 + 1] = Math.min(limit - 1, Math.max(0, i0 + 1));
    weight[o * 2] = 1 - f;
    weight[o * 2 + 1] = f;
  }
  return { index, weight, count: 2 };
}

/** Canonical FACE_SIDE^2 luma patch (0..1) of `box` (already clipped) in an rgb24 frame. */
export function facePatch(rgb: Uint8Array, width: number, height: number, box: PixelBox, side = FACE_SIDE): Float32Array {
  const tx = taps(box.x, box.width, side, width);
  const ty = taps(box.y, box.height, side, height);
  // Horizontal pass over the rows the vertical taps touch, then the vertical pass.
  const rowMin = ty.index.reduce((m, v) => Math.min(m, v), height);
  const rowMax = ty.index.reduce((m, v) => Math.max(m, v), 0);
  const rows = rowMax - rowMin + 1;
  const horiz = new Float32Array(rows * side);
  for (let r = 0; r < rows; r++) {
    const base = (rowMin + r) * width * 3;
    for (let o = 0; o < side; o++) {
      let s = 0;
      for (let k = 0; k < tx.count; k++) {
        const w = tx.weight[o * tx.count + k]!;
        if (w === 0) continue;
        const p = base + tx.index[o * tx.count + k]! * 3;
        s += w * (0.299 * rgb[p]! + 0.587 * rgb[p + 1]! + 0.114 * rgb[p + 2]!);
      }
      horiz[r * side + o] = s / 255;
    }
  }
  const out = new Float32Array(side * side);
  for (let o = 0; o < side; o++) {
    for (let c = 0; c < side; c++) {
      let s = 0;
      for (let k = 0; k < ty.count; k++) {
        const w = ty.weight[o * ty.count + k]!;
        if (w !== 0) s += w * horiz[(ty.index[o * ty.count + k]! - rowMin) * side + c]!;
      }
      out[o * side + c] = s;
    }
  }
  return out;
}

export function patchQuality(patch: Float32Array, side = FACE_SIDE): FaceQuality {
  let sum = 0;
  let sum2 = 0;
  for (const v of patch) {
    sum += v;
    sum2 += v * v;
  }
  const n = patch.length;
  const mean = sum / n;
  const lumaVar = Math.max(0, sum2 / n - mean * mean);
  let ls = 0;
  let ls2 = 0;
  let m = 0;
  for (let y = 1; y < side - 1; y++) {
    for (let x = 1; x < side - 1; x++) {
      const i = y * side + x;
      const lap = patch[i - 1]! + patch[i + 1]! + patch[i - side]! + patch[i + side]! - 4 * patch[i]!;
      ls += lap;
      ls2 += lap * lap;
      m++;
    }
  }
  const lapVar = Math.max(0, ls2 / m - (ls / m) ** 2);
  return { brightness: mean, sharpness: lapVar / (lumaVar + NOISE_VAR) };
}

export function faceQuality(rgb: Uint8Array, width: number, height: number, box: PixelBox): FaceQuality {
  return patchQuality(facePatch(rgb, width, height, box));
}
