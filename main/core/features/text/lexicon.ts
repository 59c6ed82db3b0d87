import { createRequire } from 'node:module';
import { tokenize } from './tokenize.ts';

/**
 * Lexicon dimensions of text-v1 (DESIGN 4 allows "VADER/AFINN valence, negation" if documented):
 * three values per word appended to its 100-d vector. Word vectors place "good" and "bad" close
 * together (they share contexts), so valence and negation are given explicitly; on MOSI a linear
 * model on mean vectors gains ~3.5 F1 points from them (see README.md next to this file).
 *
 *   vader_valence  the word's VADER lexicon valence / 4 (VADER rates -4..+4), 0 if not listed
 *   negated        1 when one of the 3 preceding words is a negator (VADER's negation scope)
 *   negator        1 when the word itself is a negator ("not", "never", "don't", ...)
 *
 * The lexicon comes from the npm package vader-sentiment (Apache-2.0; 7,500 rated entries).
 * The negator list is VADER's NEGATE list (vaderSentiment.py), written out here because the
 * package exports it only from an ES source file that Node cannot load; apostrophes are removed so
 * "don't" and MOSI's "dont" both match.
 */
export const LEXICON_DIMS = [
  { name: 'vader_valence', unit: '-1..1', meaning: "the word's VADER valence / 4; 0 when not in the lexicon" },
  { name: 'negated', unit: '0/1', meaning: 'one of the three preceding words is a negator' },
  { name: 'negator', unit: '0/1', meaning: 'the word is a negator' },
] as const;

const require = createRequire(import.meta.url);
const VADER: Readonly<Record<string, number>> = (require('vader-sentiment/src/vader_lexicon.js') as { lexicon: Record<string, number> }).lexicon;

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
  const direct = VADER[lower] ?? VADER[bare(word)];
  if (direct !== undefined) return direct / 4;
  const rated = tokenize(word).map((t) => VADER[t]).filter((v): v is number => v !== undefined);
  return rated.length ? rated.reduce((a, b) => a + b, 0) / rated.length / 4 : 0;
}

/** Per-word [valence, negated, negator] for a word sequence, in order. */
export function lexiconFeatures(words: readonly string[]): Float32Array[] {
  let scope = 0;
  return words.map((w) => {
    const neg = isNegator(w);
    const row = Float32Array.of(wordValence(w), scope > 0 ? 1 : 0, neg ? 1 : 0);
    if (neg) scope = NEGATION_SCOPE;
    else if (scope > 0) scope -= 1;
    return row;
  });
}
