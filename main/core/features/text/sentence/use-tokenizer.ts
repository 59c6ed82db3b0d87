/**
 * The Universal Sentence Encoder lite tokenizer: SentencePiece unigram segmentation by Viterbi over
 * the model's 8,000-piece vocabulary ([piece, log-probability] pairs; ids 0..5 reserved, 0 = unknown).
 * Input is NFKC-normalised, spaces become "▁" and one "▁" is prefixed; the segmentation maximises the
 * summed piece scores; consecutive unknown characters collapse into one id 0.
 *
 * Ported from TensorFlow.js models (universal-sentence-encoder/src/tokenizer, Apache-2.0, Copyright
 * 2019 Google LLC) as repackaged in @energetic-ai/embeddings 0.2.0 (Apache-2.0); a test checks the
 * ids against that package's output. The original walks a trie of objects; this one keeps the
 * vocabulary in a Map and tries every piece length up to the longest, which gives the same ids.
 */

const SEPARATOR = '\u2581';
export const USE_RESERVED_IDS = 6;

/** [piece, log-probability]; a few user-defined pieces (":", "▁:)") have a null score, which counts as 0. */
export type UseVocabulary = ReadonlyArray<readonly [string, number | null]>;

export class UseTokenizer {
  private readonly pieces = new Map<string, { id: number; score: number }>();
  /** length of each piece as the reference measures it when walking back (UTF-16 units) */
  private readonly lengths: Int32Array;
  private readonly maxLength: number;

  constructor(vocabulary: UseVocabulary) {
    let max = 1;
    this.lengths = new Int32Array(vocabulary.length);
    vocabulary.forEach(([piece], id) => (this.lengths[id] = piece.length));
    for (let id = USE_RESERVED_IDS; id < vocabulary.length; id++) {
      const [piece, score] = vocabulary[id]!;
      this.pieces.set(piece, { id, score: score ?? 0 });
      max = Math.max(max, [...piece].length);
    }
    this.maxLength = max;
  }

  /**
   * Token ids of one text. Same rules as the reference, quirks included: every start position is
   * tried (an end no piece reaches keeps score 0 and id 0), a best score of exactly 0 counts as unset,
   * and among equal scores the later candidate (larger start, then longer piece) wins.
   */
  encode(text: string): number[] {
    const normalised = text.normalize('NFKC');
    const symbols = normalised.length > 0 ? [...(SEPARATOR + normalised.replace(/ /g, SEPARATOR))] : [];
    const n = symbols.length;
    const best = new Float64Array(n + 1);
    const words = new Int32Array(n + 1);
    for (let start = 0; start < n; start++) {
      let matched = false;
      let piece = '';
      for (let len = 1; len <= this.maxLength && start + len <= n; len++) {
        piece += symbols[start + len - 1];
        const hit = this.pieces.get(piece);
        if (!hit) continue;
        matched = true;
        offer(best, words, start, start + len, hit.score, hit.id);
      }
      // no piece starts here: the character alone, as the unknown id 0 with score 0
      if (!matched) offer(best, words, start, start + 1, 0, 0);
    }
    const ids: number[] = [];
    for (let end = n; end > 0; end -= this.lengths[words[end]!]!) ids.push(words[end]!);
    ids.reverse();
    return ids.filter((id, i) => !(id === 0 && ids[i - 1] === 0));
  }
}

/**
 * Candidates reach an end in the reference's order (by increasing start, then increasing length),
 * so keeping the last one whose total is >= the best so far resolves ties the same way.
 */
function offer(best: Float64Array, words: Int32Array, start: number, end: number, score: number, id: number): void {
  const total = score + best[start]!;
  if (best[end] === 0 || total >= best[end]!) {
    best[end] = total;
    words[end] = id;
  }
}
