import { z } from 'zod';
import { AppError } from '../../errors.ts';
import type { Word } from '../../types.ts';
import { splitWords, spreadOverSpan } from '../spread-words.ts';

/**
 * The transformers.js ASR pipeline's output, `{text, chunks: [{text, timestamp: [start, end]}]}`
 * (one chunk per word with return_timestamps 'word', per phrase with true), into timed Words.
 */

const AsrOutputSchema = z.object({
  text: z.string(),
  chunks: z
    .array(z.object({ text: z.string(), timestamp: z.tuple([z.number().nullable(), z.number().nullable()]) }))
    .optional(),
});
export type AsrOutput = z.infer<typeof AsrOutputSchema>;

/** Whisper's non-speech annotations ("[BLANK_AUDIO]", "(music)", "♪"): not words anyone said. */
export function isNonSpeechAnnotation(word: string): boolean {
  const w = word.trim();
  return /^[[(].*[\])][.,!?]*$/u.test(w) || /^[♪♫#*]+$/u.test(w);
}

/**
 * Words of one window's output, in clip time (window start `offsetSec`). A chunk without a start
 * starts where the previous one ended; one without an end (cut by the window edge) ends at the
 * window end. Several words in one chunk share its span by length (spread-words.ts). Without chunks,
 * the text spreads over the whole window.
 */
export function wordsFromAsrOutput(raw: unknown, offsetSec: number, windowSec: number): Word[] {
  const parsed = AsrOutputSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError('ToolFailed', `The speech recognizer returned an unexpected result: ${parsed.error.message}`);
  }
  const out = parsed.data;
  const keep = (ws: string[]): string[] => ws.filter((w) => !isNonSpeechAnnotation(w));
  const local: Word[] = [];
  if (!out.chunks || out.chunks.length === 0) {
    local.push(...spreadOverSpan(keep(splitWords(out.text)), 0, windowSec));
  } else {
    let prevEnd = 0;
    for (const c of out.chunks) {
      const start = Math.min(windowSec, Math.max(0, c.timestamp[0] ?? prevEnd));
      const end = Math.min(windowSec, Math.max(start, c.timestamp[1] ?? windowSec));
      prevEnd = end;
      local.push(...spreadOverSpan(keep(splitWords(c.text)), start, end));
    }
  }
  return local.map((w) => ({ text: w.text, start: w.start + offsetSec, end: w.end + offsetSec }));
}

/** Keeps the words whose midpoint lies in [ownStart, ownEnd) (seconds): overlapping windows give each word once. */
export function ownedWords(words: readonly Word[], ownStart: number, ownEnd: number): Word[] {
  return words.filter((w) => {
    const mid = (w.start + w.end) / 2;
    return mid >= ownStart && mid < ownEnd;
  });
}
