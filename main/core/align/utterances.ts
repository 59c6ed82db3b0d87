import { AppError } from '../errors.ts';
import type { Transcript, Utterance, Word } from '../types.ts';

/**
 * Transcript -> utterances (DESIGN 3.5): split after sentence ends (. ! ? …) and at pauses, at most
 * 50 words / 15 s each. A clip with no words is cut into 10 s windows (no words, no text).
 */

/**
 * A silence this long between two words ends an utterance. Hesitation and breathing pauses inside
 * a sentence are mostly under half a second; pauses between sentences and turns are longer, around
 * a second. 0.7 s sits between the two, so a pause splits where a listener would hear a new
 * utterance, while a speaker's short hesitations do not fragment one.
 */
export const PAUSE_SPLIT_SEC = 0.7;
export const MAX_UTTERANCE_WORDS = 50;
export const MAX_UTTERANCE_SEC = 15;
export const NO_SPEECH_WINDOW_SEC = 10;

/** Titles and Latin abbreviations that are followed by more of the sentence; their dot does not end it. */
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'sr', 'jr', 'vs', 'e.g', 'i.e']);

/** Does the word end a sentence? "great." "really?!" "end.)" "so…" yes; "Mr." "e.g." no. */
export function endsSentence(word: string): boolean {
  const m = /([.!?\u2026]+)["'\u201d\u2019)\]]*$/u.exec(word);
  if (!m) return false;
  if (m[1] !== '.') return true;
  const stem = word.slice(0, m.index).toLowerCase().replace(/^["'\u201c\u2018([]+/u, '');
  return !ABBREVIATIONS.has(stem);
}

function utteranceOf(words: Word[]): Utterance {
  const first = words[0] as Word;
  return {
    start: first.start,
    end: Math.max(...words.map((w) => w.end)),
    text: words.map((w) => w.text).join(' '),
    words,
  };
}

/** Windows of NO_SPEECH_WINDOW_SEC over [0, durationSec]; the last one ends at the clip end. */
export function windowUtterances(durationSec: number): Utterance[] {
  const out: Utterance[] = [];
  for (let t = 0; t < durationSec; t += NO_SPEECH_WINDOW_SEC) {
    out.push({ start: t, end: Math.min(durationSec, t + NO_SPEECH_WINDOW_SEC), text: '', words: [] });
  }
  return out;
}

export function splitUtterances(transcript: Pick<Transcript, 'words'>, durationSec: number): Utterance[] {
  if (!(durationSec >= 0)) throw new AppError('InvalidArgument', `durationSec ${durationSec} is not allowed; it must be a number >= 0.`);
  const words = transcript.words.filter((w) => w.text.trim() !== '').sort((a, b) => a.start - b.start);
  if (words.length === 0) return windowUtterances(durationSec);
  const out: Utterance[] = [];
  let cur: Word[] = [];
  for (const w of words) {
    const prev = cur[cur.length - 1];
    const first = cur[0];
    if (prev && first) {
      const pause = w.start - prev.end > PAUSE_SPLIT_SEC;
      const full = cur.length >= MAX_UTTERANCE_WORDS || w.end - first.start > MAX_UTTERANCE_SEC;
      if (pause || full) {
        out.push(utteranceOf(cur));
        cur = [];
      }
    }
    cur.push(w);
    if (endsSentence(w.text)) {
      out.push(utteranceOf(cur));
      cur = [];
    }
  }
  if (cur.length > 0) out.push(utteranceOf(cur));
  return out;
}
