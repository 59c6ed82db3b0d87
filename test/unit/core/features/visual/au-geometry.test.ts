import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AU_RANGES, auGeometry } from '../../../../../main/core/features/visual/au-geometry.ts';
import { type FaceEngine, loadFaceEngine } from '../../../../../main/core/features/visual/face-engine.ts';
import { dataPath } from '../../../../helpers/data.ts';
import { decodeImageRgb } from './decode-helper.ts';

describe('auGeometry on real landmarks', () => {
  let engine: FaceEngine;
  const lm: Record<string, Float32Array> = {};
  beforeAll(async () => {
    engine = await loadFaceEngine();
    for (const name of ['happy', 'sad', 'surprised', 'neutral', 'angry']) {
      const r = await engine.detect(await decodeImageRgb(dataPath(`images/faces/faceapi_${name}.jpg`)));
      if (!r.largest) throw new Error(`no face in faceapi_${name}.jpg`);
      lm[name] = r.largest.landmarks;
    }
  });
  afterAll(() => engine.dispose());

  it('a smile pulls the lip corners up and wide; the sad face pulls them down (the photos: different people)', () => {
    const happy = auGeometry(lm.happy!);
    const sad = auGeometry(lm.sad!);
    const neutral = auGeometry(lm.neutral!);
    expect(happy.lipCornerRaise).toBeGreaterThan(neutral.lipCornerRaise + 0.02);
    expect(sad.lipCornerRaise).toBeLessThan(neutral.lipCornerRaise - 0.02);
    expect(happy.mouthWidth).toBeGreaterThan(neutral.mouthWidth + 0.2);
  });

  it('surprise opens the mouth and raises the brows; anger lowers the inner brows', () => {
    const surprised = auGeometry(lm.surprised!);
    const neutral = auGeometry(lm.neutral!);
    const angry = auGeometry(lm.angry!);
    expect(surprised.mouthOpen).toBeGreaterThan(neutral.mouthOpen + 0.2);
    expect(surprised.outerBrowRaise).toBeGreaterThan(neutral.outerBrowRaise);
    expect(angry.innerBrowRaise).toBeLessThan(neutral.innerBrowRaise - 0.03);
  });

  it('does not change when the face is rotated in the image plane and rescaled', () => {
    const src = lm.happy!;
    const g0 = auGeometry(src);
    const th = 0.4;
    const out = src.map((v, i) => {
      const x = src[i - (i % 2)]!;
      const y = src[i - (i % 2) + 1]!;
      return 100 + 1.6 * (i % 2 === 0 ? x * Math.cos(th) - y * Math.sin(th) : x * Math.sin(th) + y * Math.cos(th));
    });
    const g1 = auGeometry(out);
    for (const k of Object.keys(g0) as (keyof typeof g0)[]) expect(g1[k]).toBeCloseTo(g0[k], 4);
  });

  it('degenerate landmarks (all on one point, NaN) stay finite and inside the documented ranges', () => {
    for (const bad of [new Float32Array(136).fill(5), new Float32Array(136).fill(Number.NaN), Float32Array.from({ length: 136 }, (_, i) => (i % 7) * 1e6)]) {
      const g = auGeometry(bad);
      for (const k of Object.keys(AU_RANGES) as (keyof typeof AU_RANGES)[]) {
        expect(Number.isFinite(g[k])).toBe(true);
        expect(g[k]).toBeGreaterThanOrEqual(AU_RANGES[k][0]);
        expect(g[k]).toBeLessThanOrEqual(AU_RANGES[k][1]);
      }
    }
    expect(() => auGeometry(new Float32Array(10))).toThrow(RangeError);
  });
});
