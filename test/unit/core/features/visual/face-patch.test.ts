import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PATCH_GRID, PATCH_PX, ferFraming, patchCells, samplePatch, wholeFraming } from '../../../../../main/core/features/visual/face-patch.ts';
import { decodeInProcess } from '../../../../../main/core/media/still-image.ts';
import { dataPath } from '../../../../helpers/data.ts';

describe('FER-style face patch', () => {
  it('the whole-frame patch of a 48x48 crop is the crop itself (luma of its pixels)', () => {
    const pic = decodeInProcess(readFileSync(dataPath('fer2013/train/happy/Training_10019449.jpg')))!;
    const patch = samplePatch(pic, wholeFraming(pic.width, pic.height));
    expect(patch.length).toBe(PATCH_PX * PATCH_PX);
    for (let i = 0; i < patch.length; i++) expect(patch[i]).toBeCloseTo(pic.rgb[3 * i]! / 255, 5);
  });

  it('cells are standardised within the patch; a flat picture (all black) gives zeros, not NaN', () => {
    const pic = decodeInProcess(readFileSync(dataPath('images/faces/faceapi_sad.jpg')))!;
    const cells = patchCells(samplePatch(pic, wholeFraming(pic.width, pic.height)));
    expect(cells.length).toBe(PATCH_GRID * PATCH_GRID);
    const mean = cells.reduce((a, b) => a + b, 0) / cells.length;
    const variance = cells.reduce((a, b) => a + (b - mean) ** 2, 0) / cells.length;
    expect(mean).toBeCloseTo(0, 5);
    expect(variance).toBeGreaterThan(0.99);
    expect(variance).toBeLessThanOrEqual(1);
    const black = patchCells(new Float32Array(PATCH_PX * PATCH_PX));
    expect([...black].every((v) => v === 0)).toBe(true);
  });

  it('ferFraming levels the eyes: a frame rotated by 90 degrees gives the same patch', () => {
    // a synthetic image with a bright 10x10 square up-left of centre, landmarks placed around it
    const W = 100;
    const img = (rot: boolean) => {
      const rgb = new Uint8Array(W * W * 3);
      for (let y = 30; y < 40; y++) for (let x = 35; x < 45; x++) {
        const [px, py] = rot ? [W - 1 - y, x] : [x, y];
        rgb.fill(250, (py * W + px) * 3, (py * W + px) * 3 + 3);
      }
      return { rgb, width: W, height: W };
    };
    const lm = (rot: boolean) => {
      const out = new Float32Array(136);
      // continuous coordinates: the pixel rotation (x, y) -> (W-1-y, x) moves a point (u, v) to (W-v, u)
      const put = (i: number, u: number, v: number) => {
        out[2 * i] = rot ? W - v : u;
        out[2 * i + 1] = rot ? u : v;
      };
      for (let i = 36; i <= 41; i++) put(i, 35, 45);
      for (let i = 42; i <= 47; i++) put(i, 65, 45);
      put(48, 40, 75);
      put(54, 60, 75);
      return out;
    };
    const a = samplePatch(img(false), ferFraming(lm(false)));
    const b = samplePatch(img(true), ferFraming(lm(true)));
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff += Math.abs(a[i]! - b[i]!);
    expect(diff / a.length).toBeLessThan(0.02);
    expect(Math.max(...a)).toBeGreaterThan(0.5); // the square is inside the patch
  });
});
