/**
 * Head pose (yaw, pitch, roll in degrees) from 2-D landmarks, by fitting a generic 3-D face under a
 * weak-perspective (scaled orthographic) camera.
 *
 * Geometry. Six landmarks have fixed positions on an average head (the model used in the widely
 * copied OpenCV/dlib head-pose recipe; arbitrary units, x to the image-right, y up, z toward the
 * camera, nose tip at the origin). Under weak perspective, every image point is
 *   u = s * r1 . X + tu,   -v = s * r2 . X + tv      (v is negated: image rows grow downward)
 * where r1, r2 are the first two rows of the head rotation R. Both rows are linear least-squares
 * problems with the same 6x4 design matrix [X Y Z 1], so its pseudo-inverse is computed once. The
 * two fitted rows are replaced by the closest orthonormal pair (polar decomposition), r3 = r1 x r2,
 * and the angles are read from R = Rz(roll) * Ry(yaw) * Rx(pitch).
 *
 * Approximations: one average face for every person (a longer nose reads as more yaw); no
 * perspective (a face filling the frame close to the lens gets a few degrees of error); the 68-point
 * net's landmarks themselves are noisy by a few pixels. Expect roughly +-5-10 degrees in absolute
 * terms; changes within one clip are more reliable than the absolute value. A frontal face gives a
 * pitch near 0 only if its proportions match the model; treat pitch offsets per person with care.
 */

/** Landmark index -> model point (x, y, z). */
const MODEL: ReadonlyArray<readonly [number, number, number, number]> = [
  [30, 0, 0, 0], // nose tip
  [8, 0, -330, -65], // chin
  [36, -225, 170, -135], // image-left eye, outer corner
  [45, 225, 170, -135], // image-right eye, outer corner
  [48, -150, -150, -125], // image-left mouth corner
  [54, 150, -150, -125], // image-right mouth corner
];

export const HEAD_POSE_LANDMARKS: readonly number[] = MODEL.map((m) => m[0]);

/** Inverts a small square matrix (Gauss-Jordan with partial pivoting). */
function invert(a: number[][]): number[][] {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    const piv = m[c]![c]!;
    for (let j = 0; j < 2 * n; j++) m[c]![j]! /= piv;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]!;
      for (let j = 0; j < 2 * n; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  return m.map((row) => row.slice(n));
}

/** PINV = (M^T M)^-1 M^T for the constant design matrix M = [X Y Z 1] (4 x 6). */
const PINV: number[][] = (() => {
  const M = MODEL.map(([, x, y, z]) => [x, y, z, 1]);
  const mtm = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => M.reduce((s, row) => s + row[i]! * row[j]!, 0)));
  const inv = invert(mtm);
  return inv.map((row) => M.map((mrow) => row.reduce((s, v, k) => s + v * mrow[k]!, 0)));
})();

export interface HeadPose {
  yaw: number;
  pitch: number;
  roll: number;
}

const DEG = 180 / Math.PI;

function dot(a: number[], b: number[]): number {
  return a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
}

/** `landmarks` = 68 points as x0, y0, x1, y1, ... in image pixels. */
export function estimateHeadPose(landmarks: ArrayLike<number>): HeadPose {
  const u = MODEL.map(([i]) => landmarks[2 * i]!);
  const v = MODEL.map(([i]) => -landmarks[2 * i + 1]!);
  const fit = (obs: number[]): number[] => PINV.slice(0, 3).map((row) => row.reduce((s, p, k) => s + p * obs[k]!, 0));
  const a = fit(u);
  const b = fit(v);
  // Closest pair of orthonormal rows to [a; b] (polar factor (M M^T)^(-1/2) M, M = [a; b]). Unlike
  // normalising each row, this commutes with in-plane rotation, so rotating the image changes roll
  // only, even for noisy landmarks.
  const aa = dot(a, a);
  const ab = dot(a, b);
  const bb = dot(b, b);
  const s = Math.sqrt(Math.max(aa * bb - ab * ab, 0));
  const t = Math.sqrt(aa + bb + 2 * s) || 1;
  // sqrt(M M^T) = (M M^T + s I) / t for a 2x2 symmetric positive matrix; invert it.
  const [p, q, r] = [(aa + s) / t, ab / t, (bb + s) / t];
  const det = p * r - q * q || 1;
  const [ip, iq, ir] = [r / det, -q / det, p / det];
  const r1 = a.map((x, k) => ip * x + iq * b[k]!);
  const r2 = a.map((x, k) => iq * x + ir * b[k]!);
  const r3 = [r1[1]! * r2[2]! - r1[2]! * r2[1]!, r1[2]! * r2[0]! - r1[0]! * r2[2]!, r1[0]! * r2[1]! - r1[1]! * r2[0]!];
  // R = [r1; r2; r3] = Rz(roll) Ry(yaw) Rx(pitch): R20 = -sin(yaw), R21 : R22 = sin(pitch) : cos(pitch),
  // R10 : R00 = sin(roll) : cos(roll). Ry(yaw > 0) turns the nose (0, 0, 1) toward +x (image-right),
  // Rx(pitch > 0) toward -y (down), Rz(roll > 0) lifts +x (the image-right eye).
  const yaw = Math.atan2(-r3[0]!, Math.hypot(r1[0]!, r2[0]!));
  const pitch = Math.atan2(r3[1]!, r3[2]!);
  const roll = Math.atan2(r2[0]!, r1[0]!);
  return { yaw: yaw * DEG, pitch: pitch * DEG, roll: roll * DEG };
}
