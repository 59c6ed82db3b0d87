import { describe, expect, it } from 'vitest';
import { cappedSize, downscaleArea } from '../../../../main/core/media/resize-rgb.ts';

describe('downscaleArea', () => {
  it('averages exactly over whole pixels (4x2 -> 2x1) and keeps a picture that needs no scaling', () => {
    const rgb = Uint8Array.from([0, 0, 0, 100, 100, 100, 10, 20, 30, 50, 60, 70, 200, 200, 200, 60, 60, 60, 30, 20, 10, 70, 60, 50]);
    const src = { width: 4, height: 2, rgb };
    const out = downscaleArea(src, 2, 1);
    // left pixel: mean of (0,100,200,60) = 90; right: mean of (10,50,30,70) = 40 (r), 40 (g), 40 (b)
    expect([...out.rgb]).toEqual([90, 90, 90, 40, 40, 40]);
    expect(downscaleArea(src, 4, 2)).toBe(src);
    expect(() => downscaleArea(src, 5, 2)).toThrow(/not a downscale/);
  });

  it('cappedSize rounds like the video frame sampler and never enlarges', () => {
    expect(cappedSize(1920, 1080, 640)).toEqual({ width: 640, height: 360 });
    expect(cappedSize(48, 48, 640)).toEqual({ width: 48, height: 48 });
    expect(cappedSize(500, 282, 250)).toEqual({ width: 250, height: 141 });
  });
});
