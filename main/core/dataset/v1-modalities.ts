import { EXTRACTORS } from '../features/extractors.ts';
import type { ModalityDecl, ModalityKey } from './format.ts';

/**
 * The app's io contract per modality (DESIGN 4): what every dataset built by `corrkd dataset build`
 * declares, whether or not a modality has data (an absent one keeps its dim and is zeros).
 */
export const V1_MODALITIES: Readonly<Record<ModalityKey, ModalityDecl>> = Object.freeze({
  l: { extractor: EXTRACTORS.text.id, dim: EXTRACTORS.text.dim },
  a: { extractor: EXTRACTORS.audio.id, dim: EXTRACTORS.audio.dim },
  v: { extractor: EXTRACTORS.visual.id, dim: EXTRACTORS.visual.dim },
});
