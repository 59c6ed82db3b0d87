import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeContext } from '../../../../../main/core/context.ts';
import { TRACKING, boxJumped, thumbnail, thumbnailMad, trackerKey } from '../../../../../main/core/features/visual/face-tracker.ts';
import type { VisualExtractor, VisualFrameResult } from '../../../../../main/core/features/visual/visual-extractor.ts';
import { createVisualExtractor } from '../../../../../main/core/features/visual/visual-extractors.ts';
import { extractVisualSeries, type TimedRgbFrame } from '../../../../../main/core/features/visual/visual-series.ts';
import { VISUAL_V2_DIM } from '../../../../../main/core/features/visual/visual-v2-dims.ts';
import { ffmpegPath } from '../../../../../main/core/media/ffmpeg-paths.ts';
import { sampleFrames } from '../../../../../main/core/media/frames.ts';
import { dataPath } from '../../../../helpers/data.ts';

/**
 * Tolerances of tracked vs every-frame features (README "Tracking, sampling rate and face
 * workers"): the mean absolute error over a clip's frames, per group of visual-v3 dims, and the share
 * of frames with the same face-net top class. Measured on the six talking heads at 5 fps (largest clip means: expressions 0.039, AU 0.010,
 * patch 0.054, face-net 0.008; same face-net top class >= 94 %), with about 1.5x margin.
 */
const TOLERANCE = { expr: 0.06, au: 0.02, patch: 0.08, fer: 0.015, sameTopFer: 0.9 };
const GROUPS = { expr: [0, 7], au: [7, 15], patch: [15, VISUAL_V2_DIM], fer: [VISUAL_V2_DIM, VISUAL_V2_DIM + 7] } as const;

const FPS = 5;
const CUT_SEC = 2.4;

const frameOf = (rgb: Uint8Array, width: number, height: number) => ({ rgb, width, height });
const argmax = (v: Float32Array, from: number, to: number) => {
  let b = from;
  for (let i = from; i < to; i++) if (v[i]! > v[b]!) b = i;
  return b;
};
const iou = (a: VisualFrameResult['faceBox'], b: VisualFrameResult['faceBox']) => {
  if (!a || !b) return 0;
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  const inter = Math.max(0, w) * Math.max(0, h);
  return inter / (a.width * a.height + b.width * b.height - inter);
};

describe('tracking rules (no models)', () => {
  it('a box that moves or changes size a little is followed; a jump is not', () => {
    const b = { x: 100, y: 100, width: 200, height: 220 };
    expect(boxJumped(b, { ...b, x: 110, y: 95 })).toBe(false);
    expect(boxJumped(b, { x: 95, y: 95, width: 220, height: 240 })).toBe(false);
    expect(boxJumped(b, { ...b, x: 100 + 0.3 * 210 })).toBe(true); // centre moved 0.3 of the side
    expect(boxJumped(b, { ...b, width: 300, height: 330 })).toBe(true); // 1.5x larger
    expect(boxJumped(b, { ...b, width: 120, height: 130 })).toBe(true); // 0.6x
  });

  it('thumbnail distance: equal frames 0, a different picture far above the cut threshold, a missing one infinite', () => {
    const w = 64;
    const h = 48;
    const grey = new Uint8Array(w * h * 3).fill(100);
    const split = Uint8Array.from({ length: w * h * 3 }, (_, i) => (Math.floor(i / 3) % w < w / 2 ? 30 : 220));
    const t = thumbnail(frameOf(grey, w, h));
    expect(t.length).toBe(256);
    expect(thumbnailMad(t, thumbnail(frameOf(grey.slice(), w, h)))).toBe(0);
    expect(thumbnailMad(t, thumbnail(frameOf(split, w, h)))).toBeGreaterThan(2 * TRACKING.cutMad);
    expect(thumbnailMad(null, t)).toBe(Number.POSITIVE_INFINITY);
  });

  it('the feature-cache key part differs between tracking, another interval and detection on every frame', () => {
    const keys = [trackerKey(), trackerKey({ redetectEvery: 5 }), trackerKey({ detectEveryFrame: true })];
    expect(new Set(keys).size).toBe(3);
    expect(trackerKey({ redetectEvery: TRACKING.redetectEvery })).toBe(trackerKey());
  });
});

describe('face tracker on a clip with a hard cut', () => {
  let dir: string;
  let frames: TimedRgbFrame[];
  let ex: VisualExtractor;
  let every: VisualFrameResult[];
  let tracked: VisualFrameResult[];
  const cutIndex = Math.round(CUT_SEC * FPS);
  const copy = () => frames.map((f) => ({ ...f, rgb: f.rgb.slice() }));

  beforeAll(async () => {
    // two different talking heads, 2.4 s each, cut together at the same size (never written into the repo)
    dir = mkdtempSync(path.join(tmpdir(), 'corrkd-cut-'));
    const file = path.join(dir, 'cut.mp4');
    const part = (i: number) => `[${i}:v]trim=0:${CUT_SEC},setpts=PTS-STARTPTS,scale=480:480,fps=25,format=yuv420p[v${i}]`;
    execFileSync(ffmpegPath(), [
      '-nostdin', '-v', 'error',
      '-i', dataPath('videos/talking_heads/liveportrait_d20.mp4'),
      '-i', dataPath('videos/talking_heads/video-retalking_face_3.mp4'),
      '-filter_complex', `${part(0)};${part(1)};[v0][v1]concat=n=2:v=1:a=0[v]`,
      '-map', '[v]', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', file,
    ]);
    frames = [];
    for await (const f of sampleFrames(file, makeContext(), { fps: FPS })) frames.push({ time: f.time, rgb: f.rgb, width: f.width, height: f.height });
    ex = await createVisualExtractor('visual-v3');
    every = await ex.extractRun(copy(), 'off', { detectEveryFrame: true });
    // one long run: only the first frame, a cut or a lost track may start a detection
    tracked = await ex.extractRun(copy(), 'off', { redetectEvery: 1000 });
  });
  afterAll(() => {
    ex?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('detects on the first frame, tracks, and detects again at the cut, then tracks the new face', () => {
    expect(frames.length).toBe(2 * cutIndex);
    expect(every.every((r) => r.located === 'detect' && r.faceFound)).toBe(true);
    expect(tracked[0]!.located).toBe('detect-first');
    expect(tracked[cutIndex]!.located).toBe('detect-cut');
    const trackedBefore = tracked.slice(1, cutIndex).filter((r) => r.located === 'tracked').length;
    const trackedAfter = tracked.slice(cutIndex + 1).filter((r) => r.located === 'tracked').length;
    expect(trackedBefore).toBeGreaterThanOrEqual(cutIndex - 2);
    expect(trackedAfter).toBeGreaterThanOrEqual(cutIndex - 3);
    // the tracked face is the face the detector finds on each frame, on both sides of the cut
    for (let i = 0; i < frames.length; i++) expect(iou(tracked[i]!.faceBox, every[i]!.faceBox), `frame ${i}`).toBeGreaterThan(0.8);
  });

  it('tracked features stay within the documented tolerances of detection on every frame', () => {
    const n = frames.length;
    for (const [group, [from, to]] of Object.entries(GROUPS) as Array<[keyof typeof GROUPS, readonly [number, number]]>) {
      let s = 0;
      for (let i = 0; i < n; i++) for (let d = from; d < to; d++) s += Math.abs(every[i]!.vector[d]! - tracked[i]!.vector[d]!);
      expect(s / (n * (to - from)), group).toBeLessThan(TOLERANCE[group]);
    }
    const [from, to] = GROUPS.fer;
    const same = every.filter((r, i) => argmax(r.vector, from, to) === argmax(tracked[i]!.vector, from, to)).length;
    expect(same / n).toBeGreaterThanOrEqual(TOLERANCE.sameTopFer);
  });

  it('in a series, frames go in runs of redetectEvery, each starting with a detection, whatever the runs in flight', async () => {
    const one = await extractVisualSeries(asFrames(copy()), makeContext(), { extractor: ex, track: { redetectEvery: 5 } });
    const three = await extractVisualSeries(asFrames(copy()), makeContext(), { extractor: ex, track: { redetectEvery: 5 }, concurrency: 3 });
    const starts = Array.from(one.quality.detected, (d, i) => (d ? i : -1)).filter((i) => i >= 0);
    expect(starts.filter((i) => i % 5 === 0)).toEqual([0, 5, 10, 15, 20]);
    expect(starts).toContain(cutIndex);
    expect([...three.series.data]).toEqual([...one.series.data]);
    expect([...three.quality.detected]).toEqual([...one.quality.detected]);
  });
});

async function* asFrames(frames: TimedRgbFrame[]): AsyncGenerator<TimedRgbFrame> {
  for (const f of frames) yield f;
}
