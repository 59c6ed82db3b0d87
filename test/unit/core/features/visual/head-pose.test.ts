import { describe, expect, it } from 'vitest';
import { HEAD_POSE_LANDMARKS, estimateHeadPose } from '../../../../../main/core/features/visual/head-pose.ts';

// The same average-face model points the estimator fits (x right, y up, z toward the camera).
const MODEL: Record<number, [number, number, number]> = {
  30: [0, 0, 0],
  8: [0, -330, -65],
  36: [-225, 170, -135],
  45: [225, 170, -135],
  48: [-150, -150, -125],
  54: [150, -150, -125],
};

const rad = (d: number): number => (d * Math.PI) / 180;

/** Rotates the model by Rz(roll) Ry(yaw) Rx(pitch), projects orthographically into image pixels. */
function project(yaw: number, pitch: number, roll: number, scale = 0.4): Float32Array {
  const lm = new Float32Array(136);
  for (const [k, [x0, y0, z0]] of Object.entries(MODEL)) {
    const [a, b, c] = [rad(yaw), rad(pitch), rad(roll)];
    // Rx(pitch), then Ry(yaw), then Rz(roll); the final depth is not needed for an orthographic view.
    const y1 = y0 * Math.cos(b) - z0 * Math.sin(b);
    const z1 = y0 * Math.sin(b) + z0 * Math.cos(b);
    const x2 = x0 * Math.cos(a) + z1 * Math.sin(a);
    const x = x2 * Math.cos(c) - y1 * Math.sin(c);
    const y = x2 * Math.sin(c) + y1 * Math.cos(c);
    lm[2 * Number(k)] = 320 + scale * x;
    lm[2 * Number(k) + 1] = 180 - scale * y; // image rows grow downward
  }
  return lm;
}

describe('estimateHeadPose', () => {
  it('uses the six model landmarks', () => {
    expect([...HEAD_POSE_LANDMARKS].sort((a, b) => a - b)).toEqual([8, 30, 36, 45, 48, 54]);
  });

  it.each([
    [0, 0, 0],
    [25, 0, 0],
    [-30, 0, 0],
    [0, 15, 0],
    [0, -20, 0],
    [0, 0, 12],
    [20, -10, 8],
    [-35, 18, -15],
  ])('recovers yaw %d, pitch %d, roll %d from an exact projection', (yaw, pitch, roll) => {
    const p = estimateHeadPose(project(yaw, pitch, roll));
    expect(p.yaw).toBeCloseTo(yaw, 3);
    expect(p.pitch).toBeCloseTo(pitch, 3);
    expect(p.roll).toBeCloseTo(roll, 3);
  });

  it('does not depend on the face size in the image', () => {
    const a = estimateHeadPose(project(15, -5, 4, 0.2));
    const b = estimateHeadPose(project(15, -5, 4, 1.5));
    expect(b.yaw).toBeCloseTo(a.yaw, 3);
    expect(b.pitch).toBeCloseTo(a.pitch, 3);
    expect(b.roll).toBeCloseTo(a.roll, 3);
  });

  it('follows the documented signs: nose to image-right = yaw > 0, head down = pitch > 0, right eye up = roll > 0', () => {
    // Relative to the eye-corner midpoint (36, 45), which sits behind the nose tip (30).
    const noseOffset = (lm: Float32Array): [number, number] => [lm[60]! - (lm[72]! + lm[90]!) / 2, lm[61]! - (lm[73]! + lm[91]!) / 2];
    const [fx, fy] = noseOffset(project(0, 0, 0));
    const right = project(20, 0, 0);
    expect(noseOffset(right)[0]).toBeGreaterThan(fx + 1); // nose moved to image-right
    expect(estimateHeadPose(right).yaw).toBeGreaterThan(0);
    const down = project(0, 20, 0);
    expect(noseOffset(down)[1]).toBeGreaterThan(fy + 1); // nose moved down the image
    expect(estimateHeadPose(down).pitch).toBeGreaterThan(0);
    const tilt = project(0, 0, 10);
    expect(tilt[91]!).toBeLessThan(tilt[73]!); // image-right eye corner (45) above the left one (36)
    expect(estimateHeadPose(tilt).roll).toBeGreaterThan(0);
  });
});
