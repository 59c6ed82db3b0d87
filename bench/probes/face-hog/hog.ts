/**
 * Histogram of oriented gradients (Dalal & Triggs 2005) on a small square grey image, written by
 * hand for the face-hog probe (no image library):
 * - gradients by centred differences [-1, 0, 1] (edges replicated, so a border pixel gets a
 *   one-sided difference);
 * - unsigned orientation (0..180 degrees) in `bins` bins, each pixel's magnitude split linearly
 *   between the two nearest bin centres; no spatial interpolation between cells;
 * - cells of `cell` x `cell` px (the image side must be a multiple), blocks of `block` x `block`
 *   cells moved one cell at a time, each block normalised with L2-Hys (L2, clip at 0.2, L2 again).
 * Output length: (side/cell - block + 1)^2 * block^2 * bins, e.g. 900 for 48 px, 8 px cells, 2x2
 * blocks, 9 bins; 1764 for 6 px cells; 324 for 24 px and 6 px cells.
 */

export interface HogOptions {
  /** cell side in px */
  cell: number;
  /** orientation bins over 0..180 degrees */
  bins?: number;
  /** block side in cells */
  block?: number;
  /** L2-Hys clipping value */
  clip?: number;
}

export function hogLength(side: number, o: HogOptions): number {
  const cells = side / o.cell;
  const nb = cells - (o.block ?? 2) + 1;
  return nb * nb * (o.block ?? 2) ** 2 * (o.bins ?? 9);
}

/** HOG of a side x side grey image (row-major, any scale). */
export function hog(img: ArrayLike<number>, side: number, o: HogOptions): Float32Array {
  const bins = o.bins ?? 9;
  const block = o.block ?? 2;
  const clip = o.clip ?? 0.2;
  const { cell } = o;
  if (side % cell !== 0) throw new Error(`image side ${side} is not a multiple of the cell ${cell}`);
  const cells = side / cell;
  const hist = new Float64Array(cells * cells * bins);
  const at = (x: number, y: number): number => img[Math.min(side - 1, Math.max(0, y)) * side + Math.min(side - 1, Math.max(0, x))]!;
  const binWidth = Math.PI / bins;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const gx = at(x + 1, y) - at(x - 1, y);
      const gy = at(x, y + 1) - at(x, y - 1);
      const mag = Math.hypot(gx, gy);
      if (mag === 0) continue;
      let theta = Math.atan2(gy, gx);
      if (theta < 0) theta += Math.PI;
      if (theta >= Math.PI) theta -= Math.PI;
      // bin centres at (k + 0.5) * binWidth; split between the two nearest (wrapping at 180 degrees)
      const pos = theta / binWidth - 0.5;
      const lo = Math.floor(pos);
      const frac = pos - lo;
      const b0 = (lo + bins) % bins;
      const b1 = (lo + 1) % bins;
      const base = (Math.floor(y / cell) * cells + Math.floor(x / cell)) * bins;
      hist[base + b0] = hist[base + b0]! + mag * (1 - frac);
      hist[base + b1] = hist[base + b1]! + mag * frac;
    }
  }
  const nb = cells - block + 1;
  const blockLen = block * block * bins;
  const out = new Float32Array(nb * nb * blockLen);
  const v = new Float64Array(blockLen);
  const eps2 = 1e-10;
  for (let by = 0; by < nb; by++) {
    for (let bx = 0; bx < nb; bx++) {
      let k = 0;
      for (let cy = by; cy < by + block; cy++) {
        for (let cx = bx; cx < bx + block; cx++) {
          for (let b = 0; b < bins; b++) v[k++] = hist[(cy * cells + cx) * bins + b]!;
        }
      }
      let ss = 0;
      for (let i = 0; i < blockLen; i++) ss += v[i]! * v[i]!;
      let norm = Math.sqrt(ss + eps2);
      ss = 0;
      for (let i = 0; i < blockLen; i++) {
        v[i] = Math.min(clip, v[i]! / norm);
        ss += v[i]! * v[i]!;
      }
      norm = Math.sqrt(ss + eps2);
      const off = (by * nb + bx) * blockLen;
      for (let i = 0; i < blockLen; i++) out[off + i] = v[i]! / norm;
    }
  }
  return out;
}

/** 2x2-box halving (the app's, face-net.ts). */
export { halve } from '../../../main/core/features/visual/face-net.ts';
