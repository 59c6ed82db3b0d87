/**
 * Action-unit-like face geometry from the 68 iBUG landmarks (0-based; "image-left" = the viewer's
 * left): distances that move with the facial actions of FACS (Ekman & Friesen) that separate
 * pleasant from unpleasant expressions, each normalised by the inter-ocular distance (IOD, between
 * the eye centres) so it does not depend on the face's size in pixels, and measured along the face's
 * own axes (the eye line and its perpendicular) so in-plane head roll does not leak in.
 *
 * These are proxies read from landmark positions, not FACS codes: a landmark set cannot see
 * wrinkles or skin texture, only where brows, lids, lips and nose base sit. Every value is clamped
 * to AU_RANGES (wide bounds no real face reaches) so degenerate landmarks (a landmark net run on
 * something that is not a face, or on a face too blurred for it) cannot produce huge ratios.
 */

export interface AuGeometry {
  /** AU1 inner brow raiser: inner brow ends (21, 22) above their eye centres / IOD. */
  innerBrowRaise: number;
  /** AU2 outer brow raiser: outer brow ends (17, 26) above their eye centres / IOD. */
  outerBrowRaise: number;
  /** AU4 brow lowerer draws the brows together: inner brow ends' distance (21-22) / IOD. */
  browGap: number;
  /** AU5 lid raiser (up) / AU7 lid tightener and AU43 closure (down): eye aspect ratio, mean of both eyes. */
  eyeOpen: number;
  /** AU12 lip corner puller (> 0) / AU15 depressor (< 0): corners (48, 54) above the outer-lip midline (mid of 51, 57) / IOD. */
  lipCornerRaise: number;
  /** AU20 lip stretcher and AU12: lip-corner distance (48-54) / IOD. */
  mouthWidth: number;
  /** AU25-27 lips part, jaw drop: mean inner-lip gap (61-67, 62-66, 63-65) / IOD. */
  mouthOpen: number;
  /** AU9 nose wrinkler / AU10 upper lip raiser shorten it: nose base (33) above the upper lip top (51) / IOD. */
  noseToLip: number;
}

/** Clamp bounds per value (IOD units; eye aspect ratio unitless): far outside any real face. */
export const AU_RANGES: Record<keyof AuGeometry, readonly [number, number]> = {
  innerBrowRaise: [-1, 2],
  outerBrowRaise: [-1, 2],
  browGap: [0, 2],
  eyeOpen: [0, 1],
  lipCornerRaise: [-1, 1],
  mouthWidth: [0, 2.5],
  mouthOpen: [0, 1.5],
  noseToLip: [-0.5, 1.5],
};

interface Pt {
  x: number;
  y: number;
}

const clamp = (v: number, [lo, hi]: readonly [number, number]): number => (Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : 0);

export function auGeometry(landmarks: ArrayLike<number>): AuGeometry {
  if (landmarks.length !== 136) throw new RangeError(`expected 68 landmarks (136 numbers), got ${landmarks.length}`);
  const p = (i: number): Pt => ({ x: landmarks[2 * i]!, y: landmarks[2 * i + 1]! });
  const mean = (from: number, to: number): Pt => {
    let x = 0;
    let y = 0;
    for (let i = from; i <= to; i++) {
      x += landmarks[2 * i]!;
      y += landmarks[2 * i + 1]!;
    }
    return { x: x / (to - from + 1), y: y / (to - from + 1) };
  };
  const dist = (a: Pt, b: Pt): number => Math.hypot(a.x - b.x, a.y - b.y);
  const mid = (a: Pt, b: Pt): Pt => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
  const eyeL = mean(36, 41);
  const eyeR = mean(42, 47);
  const iod = Math.max(dist(eyeL, eyeR), 1e-6);
  const down = { x: -(eyeR.y - eyeL.y) / iod, y: (eyeR.x - eyeL.x) / iod };
  /** How far `a` is above `b` along the face vertical, in IOD. */
  const above = (a: Pt, b: Pt): number => ((b.x - a.x) * down.x + (b.y - a.y) * down.y) / iod;
  const ear = (a: number): number => (dist(p(a + 1), p(a + 5)) + dist(p(a + 2), p(a + 4))) / (2 * Math.max(dist(p(a), p(a + 3)), 1e-6));
  const raw: AuGeometry = {
    innerBrowRaise: (above(p(21), eyeL) + above(p(22), eyeR)) / 2,
    outerBrowRaise: (above(p(17), eyeL) + above(p(26), eyeR)) / 2,
    browGap: dist(p(21), p(22)) / iod,
    eyeOpen: (ear(36) + ear(42)) / 2,
    lipCornerRaise: above(mid(p(48), p(54)), mid(p(51), p(57))),
    mouthWidth: dist(p(48), p(54)) / iod,
    mouthOpen: (dist(p(61), p(67)) + dist(p(62), p(66)) + dist(p(63), p(65))) / 3 / iod,
    noseToLip: above(p(33), p(51)),
  };
  const out = {} as AuGeometry;
  for (const k of Object.keys(raw) as (keyof AuGeometry)[]) out[k] = clamp(raw[k], AU_RANGES[k]);
  return out;
}
