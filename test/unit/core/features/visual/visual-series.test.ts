import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeContext } from '../../../../../main/core/context.ts';
import type { Progress } from '../../../../../main/core/context.ts';
import { type VisualV1Extractor, createVisualV1 } from '../../../../../main/core/features/visual/visual-v1.ts';
import { MIN_FACE_SIDE_PX, extractVisualSeries } from '../../../../../main/core/features/visual/visual-series.ts';
import { VISUAL_V1_DIM } from '../../../../../main/core/features/visual/visual-v1-dims.ts';
import { dataPath } from '../../../../helpers/data.ts';
import { type RgbFrame, asAsync, decodeVideoRgb } from './decode-helper.ts';

describe('extractVisualSeries', () => {
  let ex: VisualV1Extractor;
  let clip: RgbFrame[];
  beforeAll(async () => {
    ex = await createVisualV1();
    clip = await decodeVideoRgb(dataPath('videos/talking_heads/video-retalking_face_1.mp4'), 2);
  });
  afterAll(() => ex.dispose());

  it('finds the face in (nearly) every frame of a talking-head clip sampled at 2 fps', async () => {
    const progress: Progress[] = [];
    const { series, quality } = await extractVisualSeries(asAsync(clip), makeContext({ onProgress: (p) => progress.push(p) }), {
      extractor: ex,
      expectedFrames: clip.length,
    });
    const n = clip.length;
    expect(n).toBeGreaterThanOrEqual(12); // 6.1 s at 2 fps
    expect(series.extractor).toBe('visual-v1');
    expect(series.dim).toBe(VISUAL_V1_DIM);
    expect(series.data.length).toBe(n * VISUAL_V1_DIM);
    expect([...series.times]).toEqual(clip.map((f) => f.time));
    const found = quality.faceFound.reduce((a, b) => a + b, 0);
    expect(found).toBeGreaterThanOrEqual(n - 1);
    expect(series.valid.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(n - 1);
    for (let i = 0; i < n; i++) {
      if (!series.valid[i]) continue;
      expect(quality.faceSidePx[i]).toBeGreaterThanOrEqual(MIN_FACE_SIDE_PX);
      expect(quality.faceRelSize[i]).toBeGreaterThan(0.01); // a talking head fills a good part of the frame
      expect(quality.brightness[i]).toBeGreaterThan(0.1);
      expect(quality.sharpness[i]).toBeGreaterThan(0);
      expect(quality.faces[i]).toBeGreaterThanOrEqual(1);
    }
    for (const arr of [quality.faceRelSize, quality.brightness, quality.sharpness, quality.confidence, quality.faces]) expect(arr.length).toBe(n);
    const last = progress.at(-1);
    expect(last).toMatchObject({ type: 'stage', stage: 'visual-features', fraction: 1 });
  });

  it('marks frames without a face invalid with zero rows and NaN quality', async () => {
    const w = 160;
    const h = 120;
    const grey = { time: 0.5, rgb: new Uint8Array(w * h * 3).fill(90), width: w, height: h };
    const { series, quality } = await extractVisualSeries(asAsync([clip[0]!, { ...grey }, clip[1]!]), makeContext(), { extractor: ex });
    expect([...series.valid]).toEqual([1, 0, 1]);
    expect(series.data.subarray(VISUAL_V1_DIM, 2 * VISUAL_V1_DIM).every((v) => v === 0)).toBe(true);
    expect(Number.isNaN(quality.brightness[1])).toBe(true);
    expect(quality.faceFound[1]).toBe(0);
  });

  it('marks a face below the minimum size as found but not valid', async () => {
    const { series, quality } = await extractVisualSeries(asAsync(clip.slice(0, 1)), makeContext(), { extractor: ex, minFaceSidePx: 100_000 });
    expect(quality.faceFound[0]).toBe(1);
    expect(series.valid[0]).toBe(0);
  });

  it('throws Canceled when aborted and closes the frame source', async () => {
    const pre = new AbortController();
    pre.abort();
    await expect(extractVisualSeries(asAsync(clip), makeContext({ signal: pre.signal }), { extractor: ex })).rejects.toMatchObject({ kind: 'Canceled' });

    const ac = new AbortController();
    let closed = false;
    let produced = 0;
    async function* source(): AsyncGenerator<RgbFrame> {
      try {
        for (const f of clip) {
          produced++;
          yield f;
        }
      } finally {
        closed = true;
      }
    }
    // runs of one frame (each frame its own detection): the abort after the first frame's result stops at the second
    const ctx = makeContext({ signal: ac.signal, onProgress: () => ac.abort() });
    await expect(extractVisualSeries(source(), ctx, { extractor: ex, track: { redetectEvery: 1 } })).rejects.toMatchObject({ kind: 'Canceled' });
    expect(closed).toBe(true);
    expect(produced).toBe(2);

    // default runs (10 frames): an abort while frames are read stops reading at once
    const mid = new AbortController();
    closed = false;
    produced = 0;
    async function* aborting(): AsyncGenerator<RgbFrame> {
      try {
        for (const f of clip) {
          if (++produced === 3) mid.abort();
          yield f;
        }
      } finally {
        closed = true;
      }
    }
    await expect(extractVisualSeries(aborting(), makeContext({ signal: mid.signal }), { extractor: ex })).rejects.toMatchObject({ kind: 'Canceled' });
    expect(closed).toBe(true);
    expect(produced).toBe(3);
  });
});
