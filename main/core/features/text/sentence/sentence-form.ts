import { normaliseText } from '../tokenize.ts';

/**
 * The form a sentence is given to the sentence encoder: apostrophes unified and then removed
 * ("don't" -> "dont", as CMU-MOSI writes them), lower case, every other non-letter/digit character
 * a space, spaces collapsed. MOSI's transcripts are already in this form; MOSEI's, MELD's and the
 * app's (subtitles, ASR) keep case and punctuation, so training and analysis see the same text.
 */
export function sentenceForm(text: string): string {
  return normaliseText(text)
    .replace(/'/g, '')
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .trim();
}
