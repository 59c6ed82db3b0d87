import { createRequire } from 'node:module';
import { tokenize } from './tokenize.ts';

/**
 * Lexicon dimensions of the text step vector (DESIGN 4 allows "VADER/AFINN valence, negation" if
 * documented): six values per word appended to its 100-d vector. Word vectors place "good" and
 * "bad" close together (they share contexts), so valence and negation are given explicitly.
 *
 * Word level (text-v1 had these three):
 *   vader_valence   the word's VADER lexicon valence / 4 (VADER rates -4..+4), 0 if not listed
 *   negated         1 when one of the 3 preceding words is a negator (VADER's negation scope)
 *   negator         1 when the word itself is a negator ("not", "never", "don't", ...)
 * Utterance level (added in text-v2; the same value on every step of one utterance):
 *   vader_compound  VADER's compound score of the utterance's words (-1..1)
 *   vader_pos       VADER's positive share of the utterance (0..1)
 *   vader_neg       VADER's negative share of the utterance (0..1)
 * The utterance scores carry VADER's sentence rules (boosters such as "really", "but" shifting the
 * weight to the clause after it, "least", idioms, negation damping) that a small network does not
 * learn from 1,281 sentences; measured gains are in README.md next to this file.
 *
 * Both come from the npm package vader-sentiment (Apache-2.0; 7,500 rated entries): the lexicon from
 * its source file, the sentence scorer from its bundle (its package entry point). The negator list
 * is VADER's NEGATE list (vaderSentiment.py), written out here because the package exports it only
 * from an ES source file that Node cannot load; apostrophes are removed so "don't" and MOSI's
 * "dont" both match.
 */
export const LEXICON_DIMS = [
  { name: 'vader_valence', scope: 'word', unit: '-1..1', meaning: "the word's VADER valence / 4; 0 when not in the lexicon" },
  { name: 'negated', scope: 'word', unit: '0/1', meaning: 'one of the three preceding words is a negator' },
  { name: 'negator', scope: 'word', unit: '0/1', meaning: 'the word is a negator' },
  { name: 'vader_compound', scope: 'utterance', unit: '-1..1', meaning: "VADER's compound score of the whole utterance" },
  { name: 'vader_pos', scope: 'utterance', unit: '0..1', meaning: "VADER's positive proportion of the utterance" },
  { name: 'vader_neg', scope: 'utterance', unit: '0..1', meaning: "VADER's negative proportion of the utterance" },
] as const;

/** How many leading lexicon dims describe the word itself (the rest describe its utterance). */
export const WORD_LEXICON_DIMS = LEXICON_DIMS.filter((d) => d.scope === 'word').length;

const require = createRequire(import.meta.url);
// Both are read on first use, not when this module loads: it is on the CLI's start-up path (~30 ms).
let lexicon: Readonly<Record<string, number>> | null = null;
const vaderLexicon = (): Readonly<Record<string, number>> =>
  (lexicon ??= (require('vader-sentiment/src/vader_lexicon.js') as { lexicon: Record<string, number> }).lexicon);

interface VaderScores {
  neg: number;
  neu: number;
  pos: number;
  compound: number;
}
type SentenceScorer = { polarity_scores(text: string): VaderScores };
let sentenceScorer: SentenceScorer | null = null;
const vaderSentence = (): SentenceScorer =>
  (sentenceScorer ??= (require('vader-sentiment') as { SentimentIntensityAnalyzer: SentenceScorer }).SentimentIntensityAnalyzer);

const NEGATORS = new Set(
  [
    'aint', 'arent', 'cannot', 'cant', 'couldnt', 'darent', 'didnt', 'doesnt', 'dont', 'hadnt', 'hasnt', 'havent',
    'isnt', 'mightnt', 'mustnt', 'neither', 'neednt', 'never', 'none', 'nope', 'nor', 'not', 'nothing', 'nowhere',
    'oughtnt', 'shant', 'shouldnt', 'uhuh', 'wasnt', 'werent', 'without', 'wont', 'wouldnt', 'rarely', 'seldom', 'despite',
  ],
);
const NEGATION_SCOPE = 3;

function bare(word: string): string {
  return word.toLowerCase().replace(/[’']/g, '').replace(/[^\p{L}\p{N}-]+/gu, '');
}

export function isNegator(word: string): boolean {
  const b = bare(word);
  return NEGATORS.has(b) || /n[’']t$/i.test(word.trim());
}

/** VADER valence of one transcript word, / 4: the word as written, else the mean of its rated tokens. */
export function wordValence(word: string): number {
  const lower = word.toLowerCase().replace(/[^\p{L}\p{N}'’-]+/gu, '');
  const lex = vaderLexicon();
  const direct = lex[lower] ?? lex[bare(word)];
  if (direct !== undefined) return direct / 4;
  const rated = tokenize(word).map((t) => lex[t]).filter((v): v is number => v !== undefined);
  return rated.length ? rated.reduce((a, b) => a + b, 0) / rated.length / 4 : 0;
}

/**
 * VADER's scores of an utterance given as its words (all zero for no words). The text is scored the
 * way training transcripts look (lower case, no punctuation: MOSI's), so a subtitle's "GREAT!!!" and
 * a transcript's "great" give the same features; VADER's capital and "!" emphasis are not used.
 */
export function utteranceScores(words: readonly string[]): VaderScores {
  const text = words
    .map((w) => w.toLowerCase().replace(/[^\p{L}\p{N}'’ -]+/gu, ' '))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text === '' ? { neg: 0, neu: 0, pos: 0, compound: 0 } : vaderSentence().polarity_scores(text);
}

/**
 * Per-word lexicon rows for one utterance's word sequence, in order: [valence, negated, negator]
 * of the word, then [compound, pos, neg] of the whole sequence (LEXICON_DIMS).
 */
export function lexiconFeatures(words: readonly string[]): Float32Array[] {
  let scope = 0;
  const u = utteranceScores(words);
  return words.map((w) => {
    const neg = isNegator(w);
    const row = Float32Array.of(wordValence(w), scope > 0 ? 1 : 0, neg ? 1 : 0, u.compound, u.pos, u.neg);
    if (neg) scope = NEGATION_SCOPE;
    else if (scope > 0) scope -= 1;
    return row;
  });
}
