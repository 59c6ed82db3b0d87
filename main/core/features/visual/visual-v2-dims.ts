/**
 * The visual-v2 feature vector, one row per sampled frame (or per still image). This table is the
 * single definition: the extractor fills the vector in this order, and README.md lists the same rows
 * (generated from it by update-readme-dims.ts; a test keeps them equal). Changing it means a new
 * extractor version (the version is part of the feature cache key and the pack's io contract).
 *
 * What visual-v2 keeps, and why (README "visual-v2" has the measurements):
 * - expression probabilities: face-api's expression net (bounded 0..1);
 * - action-unit-like geometry (au-geometry.ts): where brows, lids, lip corners and upper lip sit,
 *   in inter-ocular units, measured along the face's own axes;
 * - coarse appearance (face-patch.ts): an 8x8 grid of within-patch standardised luma over a
 *   FER-style face patch: the one part that a model can learn from the blurred FER2013 crops.
 * In face-crop mode (no detector found the face) the expression and AU values are fixed ("not
 * read", NOT_READ below): face-api's nets do not read such pictures (on the FER2013 crops: top
 * expression right for 18.7 %, 91 % "neutral"; 97 % of eye aspect ratios above 0.6, which no real
 * eye has), and fixed values keep a FER-trained model's statistics from turning video faces into
 * outliers.
 * What it drops from visual-v1: face_size and det_confidence (they describe the capture set-up, not
 * the face: a FER crop fills its frame and has no detector score, a video face does not) and head
 * yaw/pitch/roll (camera angle and posture; a near-frontal crop and a webcam look differ by set-up).
 */
import { AU_RANGES, type AuGeometry } from './au-geometry.ts';
import { EXPRESSIONS } from './expressions.ts';
import { PATCH_GRID } from './face-patch.ts';
import type { VisualDim } from './visual-v1-dims.ts';

export const VISUAL_V2_EXTRACTOR = 'visual-v2';

const EXPR_DIMS = EXPRESSIONS.map((e) => ({
  name: `expr_${e}` as const,
  unit: 'probability',
  meaning: `face-api's expression probability for ${e} (1/7 when not read: face-crop mode)`,
}));

/**
 * The expression and AU values of a face the nets did not read (face-crop mode): expressions
 * uniform (1/7: no information); AU values the mean over the 76 faces the detectors found in the
 * shared talking-head clips (2 fps) and labelled photos (bench/probes/fer-video-compare.ts prints
 * them), i.e. an ordinary face, so a model that saw only these values in training (a FER2013 pack,
 * whose statistics then keep std 1 for them) sees video faces near its inputs' scale.
 */
export const NOT_READ = {
  expression: 1 / EXPRESSIONS.length,
  au: {
    innerBrowRaise: 0.35,
    outerBrowRaise: 0.25,
    browGap: 0.59,
    eyeOpen: 0.3,
    lipCornerRaise: 0.03,
    mouthWidth: 0.82,
    mouthOpen: 0.14,
    noseToLip: 0.22,
  } satisfies AuGeometry,
};

const AU_DIMS: { name: string; unit: string; meaning: string; key: keyof AuGeometry }[] = [
  { key: 'innerBrowRaise', name: 'au_inner_brow_raise', unit: 'IOD', meaning: 'AU1 inner brow raiser: inner brow ends (21, 22) above their eye centres' },
  { key: 'outerBrowRaise', name: 'au_outer_brow_raise', unit: 'IOD', meaning: 'AU2 outer brow raiser: outer brow ends (17, 26) above their eye centres' },
  { key: 'browGap', name: 'au_brow_gap', unit: 'IOD', meaning: 'AU4 brow lowerer draws the brows together: distance of the inner brow ends (21-22)' },
  { key: 'eyeOpen', name: 'au_eye_open', unit: 'ratio', meaning: 'AU5 lid raiser (up), AU7 lid tightener / AU43 closure (down): eye aspect ratio, mean of both eyes' },
  { key: 'lipCornerRaise', name: 'au_lip_corner_raise', unit: 'IOD', meaning: 'AU12 lip corner puller (> 0) / AU15 depressor (< 0): lip corners (48, 54) above the outer-lip midline (mid of 51, 57)' },
  { key: 'mouthWidth', name: 'au_mouth_width', unit: 'IOD', meaning: 'AU20 lip stretcher, AU12: lip-corner distance (48-54)' },
  { key: 'mouthOpen', name: 'au_mouth_open', unit: 'IOD', meaning: 'AU25-27 lips part, jaw drop: mean inner-lip gap (61-67, 62-66, 63-65)' },
  { key: 'noseToLip', name: 'au_nose_to_lip', unit: 'IOD', meaning: 'AU9 nose wrinkler / AU10 upper lip raiser shorten it: nose base (33) above the upper lip top (51)' },
];

const PATCH_DIMS = Array.from({ length: PATCH_GRID * PATCH_GRID }, (_, i) => {
  const r = Math.floor(i / PATCH_GRID);
  const c = i % PATCH_GRID;
  return {
    name: `patch_r${r}c${c}`,
    unit: 'z',
    meaning: `mean luma of cell row ${r}, column ${c} (of ${PATCH_GRID}x${PATCH_GRID}, row 0 at the top) of the FER-style 48 px face patch, standardised within the patch`,
  };
});

export const VISUAL_V2_DIMS: readonly VisualDim[] = [
  ...EXPR_DIMS,
  ...AU_DIMS.map(({ name, unit, meaning, key }) => ({ name, unit, meaning: `${meaning}; clamped to [${AU_RANGES[key].join(', ')}]; ${NOT_READ.au[key]} when not read` })),
  ...PATCH_DIMS,
];

export const VISUAL_V2_AU_KEYS: readonly (keyof AuGeometry)[] = AU_DIMS.map((d) => d.key);

export const VISUAL_V2_DIM = VISUAL_V2_DIMS.length;

/** Rows `from`.. of a dims table as README markdown (update-readme-dims.ts writes them between markers). */
export function dimsMarkdown(dims: readonly VisualDim[], from = 0): string {
  return ['| # | name | unit | meaning |', '|---|---|---|---|', ...dims.slice(from).map((d, i) => `| ${from + i} | \`${d.name}\` | ${d.unit} | ${d.meaning} |`)].join('\n');
}

export function visualV2DimsMarkdown(): string {
  return dimsMarkdown(VISUAL_V2_DIMS);
}
