/**
 * Area-average downscaling of packed RGB24 pictures (each output pixel is the coverage-weighted mean
 * of the source pixels under it, like ffmpeg's `scale=...:flags=area` that sampleFrames uses for
 * video). Used for still images decoded in-process, so a photo reaches the face engine at the same
 * size cap as a video frame.
 */
import { AppError } from '../errors.ts';

export interface RgbPicture {
  width: number;
  height: number;
  /** width * height * 3 bytes, row-major, top row first. */
  rgb: Uint8Array;
}

/** Size after capping the longer side at maxSide (never enlarged); the same rounding as frames.ts outputSize. */
export function cappedSize(width: number, height: number, maxSide: number): { width: number; height: number } {
  const s = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * s)), height: Math.max(1, Math.round(height * s)) };
}

interface Taps {
  first: Int32Array;
  weights: Float32Array[];
}

/** For each of n outputs over `len` source pixels: the first source index and the coverage weights. */
function areaTaps(len: number, n: number): Taps {
  const step = len / n;
  const first = new Int32Array(n);
  const weights: Float32Array[] = [];
  for (let o = 0; o < n; o++) {
    const a = o * step;
    const b = a + step;
    const i0 = Math.floor(a);
    const i1 = Math.min(len, Math.ceil(b));
    const w = new Float32Array(i1 - i0);
    for (let i = i0; i < i1; i++) w[i - i0] = (Math.min(b, i + 1) - Math.max(a, i)) / step;
    first[o] = i0;
    weights.push(w);
  }
  return { first, weights };
}

/** Area-average downscale to width x height (each at most the source's). */
export function downscaleArea(src: RgbPicture, width: number, height: number): RgbPicture {
  if (width > src.width || height > src.height || width < 1 || height < 1) {
    throw new AppError('InvalidArgument', `downscaleArea: ${src.width}x${src.height} -> ${width}x${height} is not a downscale.`);
  }
  if (width === src.width && height === src.height) return src;
  const tx = areaTaps(src.width, width);
  const ty = areaTaps(src.height, height);
  // Horizontal pass into float rows, then vertical.
  const tmp = new Float32Array(width * src.height * 3);
  for (let y = 0; y < src.height; y++) {
    const row = y * src.width * 3;
    for (let x = 0; x < width; x++) {
      const w = tx.weights[x]!;
      const i0 = tx.first[x]!;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = 0; k < w.length; k++) {
        const p = row + (i0 + k) * 3;
        r += w[k]! * src.rgb[p]!;
        g += w[k]! * src.rgb[p + 1]!;
        b += w[k]! * src.rgb[p + 2]!;
      }
      const o = (y * width + x) * 3;
      tmp[o] = r;
      tmp[o + 1] = g;
      tmp[o + 2] = b;
    }
  }
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const w = ty.weights[y]!;
    const j0 = ty.first[y]!;
    for (let x = 0; x < width * 3; x++) {
      let v = 0;
      for (let k = 0; k < w.length; k++) v += w[k]! * tmp[(j0 + k) * width * 3 + x]!;
      out[y * width * 3 + x] = Math.min(255, Math.max(0, Math.round(v)));
    }
  }
  return { width, height, rgb: out };
}
