import { AUDIO_V1_DIM } from './audio/audio-v1-dims.ts';
import { TEXT_EXTRACTOR } from './text/text-v1.ts';
import { VISUAL_DIM_TABLES } from './visual/visual-dims.ts';

/**
 * The extractors this app computes, with versions and dims: part of every feature-cache key and of
 * the model pack's io contract (a pack must have been trained on exactly these to run in the app).
 * Visual: visual-v2 (features/visual/README.md "visual-v2": what a model can learn from FER2013
 * crops and what means the same on video faces); visual-v1 stays available by id.
 */
const VISUAL = VISUAL_DIM_TABLES['visual-v2'];

export const EXTRACTORS = {
  text: { id: TEXT_EXTRACTOR.id, version: TEXT_EXTRACTOR.version, dim: TEXT_EXTRACTOR.dims },
  audio: { id: 'audio-v1', version: 1, dim: AUDIO_V1_DIM },
  visual: { id: VISUAL.id, version: VISUAL.version, dim: VISUAL.dims.length },
} as const;
