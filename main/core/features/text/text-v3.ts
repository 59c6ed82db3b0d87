import { TEXT_EXTRACTOR } from './text-v2.ts';
import { SENTENCE_DIMS } from './sentence/sentence-projection.ts';

/**
 * text-v3: text-v2's 106 dims per word step + the utterance's sentence vector (Universal Sentence
 * Encoder lite, 512-d, projected on 64 whitened principal components: features/text/sentence/) on
 * every step with mask 1. Steps: align/steps.ts textSteps(utt, T, vocab, sentence) with
 * `sentence` from sentenceFeatures([utt.text]). Measured gains: README.md next to this file.
 */
export const TEXT_V3_EXTRACTOR = {
  id: 'text-v3',
  version: 3,
  dims: TEXT_EXTRACTOR.dims + SENTENCE_DIMS,
  vectorDims: TEXT_EXTRACTOR.vectorDims,
  sentenceDims: SENTENCE_DIMS,
} as const;
