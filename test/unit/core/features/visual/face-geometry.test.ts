import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaceEngine, loadFaceEngine } from '../../../../../main/core/features/visual/face-engine.ts';
import { faceGeometry } from '../../../../../main/core/features/visual/face-geometry.ts';
import { dataPath } from '../../../../helpers/data.ts';
import { decodeImageRgb } from './decode-helper.ts';

describe('faceGeometry on real landmarks', () => {
  let engine: FaceEngine;
  const lm: Record<string, Float32Array> = {};
  beforeAll(async () => {
    engine = await loadFaceEngine();
    for (const name of ['happy', 'sad', 'surprised', 'neutral']) {
      const r = await engine.detect(await decodeImageRgb(dataPath(`images/faces/faceapi_${name}.jpg`)));
      if (!r.largest) throw new Error(`no face in faceapi_${name}.jpg`);
      lm[name] = r.largest.landmarks;
    }
  });
  afterAll(() => engine.dispose());

  it('rejects a landmark array that is not 68 points', () => {
    expect(() => faceGeometry(new Float32Array(10))).toThrow(RangeError);
  });

  it('ratios do not change when the face is rotated in the image plane and rescaled; roll follows the rotation', () => {
    const src = lm.happy!;
    const g0 = faceGeometry(src);
    const theta = (25 * Math.PI) / 180; // rotation as seen on screen: clockwise (image y grows downward)
    const k = 1.7;
    const out = new Float32Array(src.length);
    for (let i = 0; i < 68; i++) {
      const x = src[2 * i]! - 200;
      const y = src[2 * i + 1]! - 150;
      out[2 * i] = 400 + k * (x * Math.cos(theta) - y * Math.sin(theta));
      out[2 * i + 1] = 300 + k * (x * Math.sin(theta) + y * Math.cos(theta));
    }
    const g1 = faceGeometry(out);
    for (const key of ['mouthOpen', 'smileCornerRaise', 'mouthWidth', 'browRaise', 'eyeOpen', 'yaw', 'pitch'] as const) {
      expect(g1[key]).toBeCloseTo(g0[key], 3);
    }
    // Clockwise on screen lowers the image-right eye: roll drops by the rotation angle.
    expect(g1.roll).toBeCloseTo(g0.roll - 25, 3);
  });

  it('a smile raises the lip corners more than a sad face; surprise opens the mouth more than neutral', () => {
    expect(faceGeometry(lm.happy!).smileCornerRaise).toBeGreaterThan(faceGeometry(lm.sad!).smileCornerRaise);
    expect(faceGeometry(lm.sad!).smileCornerRaise).toBeLessThan(0); // corners below the mouth centre
    expect(faceGeometry(lm.surprised!).mouthOpen).toBeGreaterThan(2 * faceGeometry(lm.neutral!).mouthOpen);
  });
});
