import { APOSTROPHE_WORDS, BARE_CONTRACTIONS, expandApostrophe } from './contractions.ts';

/**
 * text-v1 tokenizer: lower-case word tokens in the spelling of the vocabulary. Pure (no vocabulary
 * needed). Rules:
 * - typographic apostrophes (’ ‘ ʼ ＇ ` ´ and the mojibake "â€™") become ', then Unicode NFKC, lower case.
 * - A token is a run of letters/digits, joined by internal apostrophes or hyphens ("don't",
 *   "well-known"); all other characters (punctuation, symbols, emoji) separate tokens and are dropped.
 * - Contractions become the words they stand for (contractions.ts): "don't"/"dont" -> do not.
 * - Hyphenated tokens stay whole (the vocabulary has 20k of them, e.g. "well-known"); the vector
 *   lookup falls back to the parts when the whole is unknown (text-v2.ts).
 */

const APOSTROPHES = /[\u2019\u2018\u02bc\uff07`\u00b4]|\u00e2\u20ac\u2122/g;
const TOKEN = /'?[\p{L}\p{N}\p{M}]+(?:['-][\p{L}\p{N}\p{M}]+)*'?/gu;

export function normaliseText(text: string): string {
  // Apostrophes first: NFKC would turn the mojibake's "™" into "TM" and "´" into a space + accent.
  return text.replace(APOSTROPHES, "'").normalize('NFKC').toLowerCase();
}

export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of normaliseText(text).matchAll(TOKEN)) {
    let tok = m[0];
    const whole = APOSTROPHE_WORDS[tok];
    if (whole) {
      out.push(...whole);
      continue;
    }
    tok = tok.replace(/^'+|'+$/g, ''); // leading/trailing quotes: 'hello' -> hello, goin' -> goin
    if (tok === '') continue;
    const bare = BARE_CONTRACTIONS[tok];
    if (bare) out.push(...bare);
    else if (tok.includes("'")) out.push(...expandApostrophe(tok));
    else out.push(tok);
  }
  return out.filter((t) => t !== '');
}
