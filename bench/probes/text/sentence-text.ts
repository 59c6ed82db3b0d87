import { normaliseText } from '../../../main/core/features/text/tokenize.ts';

/**
 * The form a sentence is given to a sentence encoder in the probes: apostrophes unified and then
 * removed ("don't" -> "dont", as CMU-MOSI writes them), lower case, every other non-letter/digit
 * character a space. MOSI's transcripts are already in this form; MOSEI's and MELD's keep case and
 * punctuation, and an app transcript (subtitles, ASR) may have either.
 */
export function sentenceForm(text: string): string {
  return normaliseText(text)
    .replace(/'/g, '')
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .trim();
}
