/**
 * The visual extractors by id (STYLE habit 13: a registry, not a switch): each id's vector function.
 * Ids, versions and dims live in visual-dims.ts (no model code); this module loads face-api, so only
 * the face worker and tests import it. EXTRACTORS.visual (core/features/extractors.ts) is the app's choice.
 */
import type { FaceEngineOptions } from './face-engine.ts';
import { type VisualExtractor, type VisualSpecSource, createExtractorWith } from './visual-extractor.ts';
import { type VisualExtractorId, visualDimsOf } from './visual-dims.ts';
import { VISUAL_V1_SPEC } from './visual-v1.ts';
import { VISUAL_V2_SPEC } from './visual-v2.ts';
import { visualV3Spec } from './visual-v3.ts';

const SPECS: Record<VisualExtractorId, VisualSpecSource> = {
  'visual-v1': VISUAL_V1_SPEC,
  'visual-v2': VISUAL_V2_SPEC,
  'visual-v3': () => visualV3Spec(),
};

export async function createVisualExtractor(id: string, opts: FaceEngineOptions = {}): Promise<VisualExtractor> {
  visualDimsOf(id); // unknown id: InvalidArgument listing the valid ones
  return createExtractorWith(SPECS[id as VisualExtractorId], opts);
}
