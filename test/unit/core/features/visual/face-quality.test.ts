import { beforeAll, describe, expect, it } from 'vitest';
import { FACE_SIDE, clipBox, facePatch, faceQuality } from '../../../../../main/core/features/visual/face-quality.ts';
import { dataPath } from '../../../../helpers/data.ts';
import { type RgbFrame, decodeImageRgb } from './decode-helper.ts';

/** Separable box blur of radius r (a (2r+1)^2 mean filter), edges clamped. */
function boxBlur(f: RgbFrame, r: number): Uint8Array {
  const { width: w, height: h } = f;
  const tmp = new Float32Array(f.rgb.length);
  const out = new Uint8Array(f.rgb.length);
  const at = (i: number, n: number): number => Math.min(n - 1, Math.max(0, i));
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < 3; c++) {
        let s = 0;
        for (let d = -r; d <= r; d++) s += f.rgb[(y * w + at(x + d, w)) * 3 + c]!;
        tmp[(y * w + x) * 3 + c] = s / (2 * r + 1);
      }
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < 3; c++) {
        let s = 0;
        for (let d = -r; d <= r; d++) s += tmp[(at(y + d, h) * w + x) * 3 + c]!;
        out[(y * w + x) * 3 + c] = Math.round(s / (2 * r + 1));
      }
  return out;
}

describe('face quality', () => {
  let img: RgbFrame;
  // A box around the face of faceapi_sad.jpg (400x300); the measures only need a textured region.
  const box = { x: 112, y: 71, width: 163, height: 151 };
  beforeAll(async () => {
    img = await decodeImageRgb(dataPath('images/faces/faceapi_sad.jpg'));
  });

  it('clips boxes to the frame and rejects boxes outside it', () => {
    expect(clipBox({ x: -10, y: 5, width: 50, height: 500 }, 100, 200)).toEqual({ x: 0, y: 5, width: 40, height: 195 });
    expect(clipBox({ x: 120, y: 0, width: 10, height: 10 }, 100, 200)).toBeNull();
  });

  it('gives the exact luma of a uniform patch and zero sharpness', () => {
    const rgb = new Uint8Array(64 * 48 * 3);
    for (let i = 0; i < rgb.length; i += 3) [rgb[i], rgb[i + 1], rgb[i + 2]] = [200, 100, 50];
    const q = faceQuality(rgb, 64, 48, { x: 5, y: 5, width: 40, height: 30 });
    expect(q.brightness).toBeCloseTo((0.299 * 200 + 0.587 * 100 + 0.114 * 50) / 255, 5);
    expect(q.sharpness).toBeCloseTo(0, 6);
  });

  it('resamples any box to the canonical patch, preserving the mean (area average and enlargement)', () => {
    const big = facePatch(img.rgb, img.width, img.height, box);
    expect(big.length).toBe(FACE_SIDE * FACE_SIDE);
    let direct = 0;
    for (let y = box.y; y < box.y + box.height; y++)
      for (let x = box.x; x < box.x + box.width; x++) {
        const p = (y * img.width + x) * 3;
        direct += (0.299 * img.rgb[p]! + 0.587 * img.rgb[p + 1]! + 0.114 * img.rgb[p + 2]!) / 255;
      }
    direct /= box.width * box.height;
    expect(faceQuality(img.rgb, img.width, img.height, box).brightness).toBeCloseTo(direct, 3);
    // A 40 px box is enlarged (linear interpolation); its mean stays within interpolation error.
    const small = { x: 170, y: 120, width: 40, height: 40 };
    let d2 = 0;
    for (let y = small.y; y < small.y + 40; y++)
      for (let x = small.x; x < small.x + 40; x++) {
        const p = (y * img.width + x) * 3;
        d2 += (0.299 * img.rgb[p]! + 0.587 * img.rgb[p + 1]! + 0.114 * img.rgb[p + 2]!) / 255;
      }
    expect(faceQuality(img.rgb, img.width, img.height, small).brightness).toBeCloseTo(d2 / 1600, 2);
  });

  it('sharpness falls monotonically with blur', () => {
    const s0 = faceQuality(img.rgb, img.width, img.height, box).sharpness;
    const s1 = faceQuality(boxBlur(img, 1), img.width, img.height, box).sharpness;
    const s2 = faceQuality(boxBlur(img, 3), img.width, img.height, box).sharpness;
    expect(s1).toBeLessThan(s0);
    expect(s2).toBeLessThan(s1);
    expect(s2).toBeLessThan(s0 / 4);
  });

  it('brightness scales with exposure while sharpness (contrast-normalised) barely moves', () => {
    const q = faceQuality(img.rgb, img.width, img.height, box);
    const dark = img.rgb.map((v) => Math.round(v * 0.4));
    const qd = faceQuality(dark, img.width, img.height, box);
    expect(qd.brightness).toBeCloseTo(q.brightness * 0.4, 2);
    expect(Math.abs(qd.sharpness - q.sharpness) / q.sharpness).toBeLessThan(0.1);
  });
});
