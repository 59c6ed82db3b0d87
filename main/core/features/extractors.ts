import { AUDIO_V2_DIM, AUDIO_V2_EXTRACTOR, AUDIO_V2_VERSION } from './audio/audio-v2-dims.ts';
import { TEXT_EXTRACTOR } from './text/text-v1.ts';
import { VISUAL_V1_DIM } from './visual/visual-v1-dims.ts';

/**
 * The extractors this app computes, with versions and dims: part of every feature-cache key and of
 * the model pack's io contract (a pack must have been trained on exactly these to run in the app).
 */
export const EXTRACTORS = {
  text: { id: TEXT_EXTRACTOR.id, version: TEXT_EXTRACTOR.version, dim: TEXT_EXTRACTOR.dims },
  audio: { id: AUDIO_V2_EXTRACTOR, version: AUDIO_V2_VERSION, dim: AUDIO_V2_DIM },
  visual: { id: 'visual-v1', version: 1, dim: VISUAL_V1_DIM },
} as const;
