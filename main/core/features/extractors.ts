import { AUDIO_V2_DIM, AUDIO_V2_EXTRACTOR, AUDIO_V2_VERSION } from './audio/audio-v2-dims.ts';
import { TEXT_V3_EXTRACTOR } from './text/text-v3.ts';
import { VISUAL_DIM_TABLES } from './visual/visual-dims.ts';

/**
 * The extractors this app computes, with versions and dims: part of every feature-cache key and of
 * the model pack's io contract (a pack must have been trained on exactly these to run in the app).
 * Text: text-v3 (text-v2's word steps + the sentence's USE-lite projection: features/text/README.md).
 * Visual: visual-v3 (features/visual/README.md "visual-v3": visual-v2 plus the FER2013-trained
 * expression net face-net-v1, which reads FER crops and video faces alike); visual-v1 and visual-v2
 * stay available by id.
 */
const VISUAL = VISUAL_DIM_TABLES['visual-v3'];

export const EXTRACTORS = {
  text: { id: TEXT_V3_EXTRACTOR.id, version: TEXT_V3_EXTRACTOR.version, dim: TEXT_V3_EXTRACTOR.dims },
  audio: { id: AUDIO_V2_EXTRACTOR, version: AUDIO_V2_VERSION, dim: AUDIO_V2_DIM },
  visual: { id: VISUAL.id, version: VISUAL.version, dim: VISUAL.dims.length },
} as const;
