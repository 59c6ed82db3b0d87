/**
 * The visual-v1 feature vector, one row per sampled frame. This table is the single definition: the
 * extractor fills the vector in this order by name, and README.md lists the same rows. Changing it
 * means a new extractor version (the version is part of the feature cache key, DESIGN 4).
 *
 * Landmark indices follow the iBUG 68-point scheme (0-based). "Image-left" is the viewer's left.
 * IOD = inter-ocular distance = distance between the two eye centres (mean of each eye's 6 points).
 * Face height = distance from the nose-bridge top (27) to the chin (8).
 */
export interface VisualDim {
  name: string;
  unit: string;
  meaning: string;
}

export const VISUAL_V1_EXTRACTOR = 'visual-v1';

export const VISUAL_V1_DIMS = [
  { name: 'expr_neutral', unit: 'probability', meaning: 'face-api expression net, softmax output for neutral' },
  { name: 'expr_happy', unit: 'probability', meaning: 'softmax output for happy' },
  { name: 'expr_sad', unit: 'probability', meaning: 'softmax output for sad' },
  { name: 'expr_angry', unit: 'probability', meaning: 'softmax output for angry' },
  { name: 'expr_fearful', unit: 'probability', meaning: 'softmax output for fearful' },
  { name: 'expr_disgusted', unit: 'probability', meaning: 'softmax output for disgusted' },
  { name: 'expr_surprised', unit: 'probability', meaning: 'softmax output for surprised' },
  {
    name: 'head_yaw',
    unit: 'degrees',
    meaning: 'rotation about the vertical axis; > 0 when the nose points to image-right (weak-perspective fit, see head-pose.ts)',
  },
  { name: 'head_pitch', unit: 'degrees', meaning: 'rotation about the horizontal axis; > 0 when the head tilts down' },
  { name: 'head_roll', unit: 'degrees', meaning: 'in-plane rotation; > 0 when the image-right eye is higher than the image-left eye' },
  {
    name: 'mouth_open',
    unit: 'ratio',
    meaning: 'mean inner-lip gap (61-67, 62-66, 63-65) / face height; about 0 closed, 0.1-0.3 open',
  },
  {
    name: 'smile_corner_raise',
    unit: 'ratio',
    meaning: 'height of the lip corners (48, 54) above the inner-mouth centre (mid 62-66), along the face vertical, / IOD; > 0 corners up (an open mouth also raises it: the centre drops)',
  },
  { name: 'mouth_width', unit: 'ratio', meaning: 'lip-corner distance (48-54) / IOD; widens with smiles' },
  {
    name: 'brow_raise',
    unit: 'ratio',
    meaning: 'height of each brow centre (17-21, 22-26) above its eye centre, along the face vertical, / IOD; mean of both sides',
  },
  {
    name: 'eye_open',
    unit: 'ratio',
    meaning: 'eye aspect ratio (Soukupova & Cech 2016): (d(37,41) + d(38,40)) / (2 d(36,39)), same for 42-47, mean of both eyes; ~0.3 open, < 0.15 closed',
  },
  {
    name: 'face_size',
    unit: 'fraction',
    meaning: 'area of the box around the 68 landmarks (jaw, brows, chin), clipped to the frame / frame area',
  },
  { name: 'det_confidence', unit: 'probability', meaning: 'face detector score of the chosen face' },
] as const satisfies readonly VisualDim[];

export type VisualDimName = (typeof VISUAL_V1_DIMS)[number]['name'];

export const VISUAL_V1_DIM = VISUAL_V1_DIMS.length;

/** Packs named values into a vector in table order (every name must be given). */
export function packVisualVector(values: Record<VisualDimName, number>): Float32Array {
  return Float32Array.from(VISUAL_V1_DIMS, (d) => values[d.name]);
}
