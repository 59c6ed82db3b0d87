import { EXTRACTORS } from '../features/extractors.ts';
import { TEXT_EXTRACTOR } from '../features/text/text-v1.ts';
import type { ModalityDecl, ModalityKey } from './format.ts';

/**
 * The app's io contract per modality (DESIGN 4): what every dataset built by `corrkd dataset build`
 * declares, whether or not a modality has data (an absent one keeps its dim and is zeros).
 */
export const V1_MODALITIES: Readonly<Record<ModalityKey, ModalityDecl>> = Object.freeze({
  l: { extractor: TEXT_EXTRACTOR.id, dim: TEXT_EXTRACTOR.dims },
  a: { extractor: EXTRACTORS.audio.id, dim: EXTRACTORS.audio.dim },
  v: { extractor: EXTRACTORS.visual.id, dim: EXTRACTORS.visual.dim },
});
