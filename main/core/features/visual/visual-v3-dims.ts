/**
 * The visual-v3 feature vector: visual-v2's rows unchanged (expressions, AU geometry, 8x8 patch),
 * then the 7 class probabilities of face-net-v1 (face-net.ts), the FER2013-trained expression net.
 *
 * Why: visual-v2's coarse patch is the only part a model can learn from FER2013 crops, and it
 * separates happy from negative faces at 66 % balanced accuracy on the FER test split; face-net-v1
 * reads the same FER-style crop, and unlike face-api's expression net it reads it in face-crop mode
 * too, so a pack trained on FER crops and a video face see the same seven numbers.
 * (Measurements: features/visual/README.md "visual-v3" and scripts/face-net/README.md.)
 */
import { FACE_NET_CLASSES, FACE_NET_ID } from './face-net-info.ts';
import type { VisualDim } from './visual-v1-dims.ts';
import { VISUAL_V2_DIMS, dimsMarkdown } from './visual-v2-dims.ts';

export const VISUAL_V3_EXTRACTOR = 'visual-v3';

export const VISUAL_V3_DIMS: readonly VisualDim[] = [
  ...VISUAL_V2_DIMS,
  ...FACE_NET_CLASSES.map((c) => ({
    name: `fer_${c}`,
    unit: 'probability',
    meaning: `${FACE_NET_ID}'s probability for ${c}, read from the FER-style face crop (also in face-crop mode)`,
  })),
];

export const VISUAL_V3_DIM = VISUAL_V3_DIMS.length;

/** visual-v3's rows after visual-v2's, as README markdown (the first rows are visual-v2's table). */
export function visualV3DimsMarkdown(): string {
  return dimsMarkdown(VISUAL_V3_DIMS, VISUAL_V2_DIMS.length);
}
