import { loadUseLite, type SentenceEncoder } from './use-lite.ts';
import { projectSentence, readSentenceProjection, type SentenceProjection } from './sentence-projection.ts';
import { sentenceForm } from './sentence-form.ts';

/**
 * text-v3's sentence dims of utterances: sentence form (sentence-form.ts) -> USE lite 512-d
 * (use-lite.ts) -> the shipped K-component whitened projection (sentence-projection.ts). The encoder
 * (~0.5-1.5 s to load, ~130 MB) and the projection are loaded on first use and kept per thread.
 * An utterance whose sentence form is empty gets zeros (it has no text steps anyway).
 */

let encoder: Promise<SentenceEncoder> | null = null;
let projection: SentenceProjection | null = null;

export function sentenceEncoder(): Promise<SentenceEncoder> {
  encoder ??= loadUseLite().catch((e: unknown) => {
    encoder = null;
    throw e;
  });
  return encoder;
}

export function sentenceProjection(): SentenceProjection {
  projection ??= readSentenceProjection();
  return projection;
}

export async function sentenceFeatures(
  texts: readonly string[],
  enc?: SentenceEncoder,
  proj: SentenceProjection = sentenceProjection(),
): Promise<Float32Array[]> {
  const forms = texts.map(sentenceForm);
  const vectors = await (enc ?? (await sentenceEncoder())).embed(forms);
  return vectors.map((v, i) => (forms[i] === '' ? new Float32Array(proj.k) : projectSentence(proj, v)));
}
