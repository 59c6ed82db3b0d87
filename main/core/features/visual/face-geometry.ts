/**
 * Scale-free face geometry from the 68 iBUG landmarks (0-based indices; "image-left" = viewer's left):
 * jaw 0-16, image-left brow 17-21, image-right brow 22-26, nose bridge 27-30, nostrils 31-35,
 * image-left eye 36-41, image-right eye 42-47, outer lips 48-59, inner lips 60-67.
 *
 * Distances are divided by the inter-ocular distance (IOD, between the eye centres) or by the face
 * height (nose-bridge top 27 to chin 8), so they do not depend on the face's size in pixels. "Up"
 * means along the face's own vertical (perpendicular to the eye line), so in-plane head roll does
 * not leak into the vertical measures. Yaw still does: turning the head shortens the IOD by about
 * cos(yaw), which inflates the IOD-normalised ratios by ~6% at 20 degrees.
 */
import { type HeadPose, estimateHeadPose } from './head-pose.ts';

export interface FaceGeometry extends HeadPose {
  mouthOpen: number;
  smileCornerRaise: number;
  mouthWidth: number;
  browRaise: number;
  eyeOpen: number;
}

interface Pt {
  x: number;
  y: number;
}

export function faceGeometry(landmarks: ArrayLike<number>): FaceGeometry {
  if (landmarks.length !== 136) throw new RangeError(`expected 68 landmarks (136 numbers), got ${landmarks.length}`);
  const p = (i: number): Pt => ({ x: landmarks[2 * i]!, y: landmarks[2 * i + 1]! });
  const mean = (from: number, to: number): Pt => {
    let x = 0;
    let y = 0;
    for (let i = from; i <= to; i++) {
      x += landmarks[2 * i]!;
      y += landmarks[2 * i + 1]!;
    }
    const n = to - from + 1;
    return { x: x / n, y: y / n };
  };
  const dist = (a: Pt, b: Pt): number => Math.hypot(a.x - b.x, a.y - b.y);
  const mid = (a: Pt, b: Pt): Pt => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });

  const eyeL = mean(36, 41);
  const eyeR = mean(42, 47);
  const iod = Math.max(dist(eyeL, eyeR), 1e-6);
  // Face "down" unit vector: the eye line turned 90 degrees (image rows grow downward).
  const ex = { x: (eyeR.x - eyeL.x) / iod, y: (eyeR.y - eyeL.y) / iod };
  const down = { x: -ex.y, y: ex.x };
  /** How far `a` is above `b` along the face vertical, in pixels. */
  const above = (a: Pt, b: Pt): number => (b.x - a.x) * down.x + (b.y - a.y) * down.y;
  const faceHeight = Math.max(dist(p(27), p(8)), 1e-6);

  const innerGap = (dist(p(61), p(67)) + dist(p(62), p(66)) + dist(p(63), p(65))) / 3;
  const mouthCentre = mid(p(62), p(66));
  const corners = mid(p(48), p(54));
  const browRaise = (above(mean(17, 21), eyeL) + above(mean(22, 26), eyeR)) / 2;
  const ear = (a: number): number =>
    (dist(p(a + 1), p(a + 5)) + dist(p(a + 2), p(a + 4))) / (2 * Math.max(dist(p(a), p(a + 3)), 1e-6));

  return {
    ...estimateHeadPose(landmarks),
    mouthOpen: innerGap / faceHeight,
    smileCornerRaise: above(corners, mouthCentre) / iod,
    mouthWidth: dist(p(48), p(54)) / iod,
    browRaise: browRaise / iod,
    eyeOpen: (ear(36) + ear(42)) / 2,
  };
}
