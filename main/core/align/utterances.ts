import { AppError } from '../errors.ts';
import type { SpeechSegment, Transcript, Utterance, Word } from '../types.ts';

/**
 * Transcript -> utterances (DESIGN 3.5): split after sentence ends (. ! ? …) and at pauses, at most
 * 50 words / 15 s each. A clip with no words but with speech (voice activity) gets one utterance per
 * stretch of speech, plus windows over the longer silent stretches (the face still speaks there); a
 * clip with neither is cut into 10 s windows.
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
/**
 * A silent stretch between speech this long or longer becomes its own window(s) in a clip without
 * words; shorter ones are pauses inside the talk, not moments of their own. 2 s is about three times
 * the 0.7 s pause that ends an utterance: a listener hears a silence, not a breath.
 */
export const MIN_SILENT_WINDOW_SEC = 2;

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

/** Windows of NO_SPEECH_WINDOW_SEC over [from, to] (default the whole clip); the last one ends at `to`. */
export function windowUtterances(durationSec: number, from = 0): Utterance[] {
  const out: Utterance[] = [];
  for (let t = from; t < durationSec - 1e-9; t += NO_SPEECH_WINDOW_SEC) {
    out.push({ start: t, end: Math.min(durationSec, t + NO_SPEECH_WINDOW_SEC), text: '', words: [] });
  }
  return out;
}

/** [start, end] cut into equal parts of at most `max` seconds. */
function equalParts(start: number, end: number, max: number): Array<[number, number]> {
  const n = Math.max(1, Math.ceil((end - start) / max - 1e-9));
  const len = (end - start) / n;
  return Array.from({ length: n }, (_, i) => [start + i * len, i === n - 1 ? end : start + (i + 1) * len]);
}

/**
 * Utterances of a clip without words: each stretch of speech (voice-activity segments closer than
 * PAUSE_SPLIT_SEC joined, cut into equal parts of at most MAX_UTTERANCE_SEC, which T = 50 steps of
 * 300 ms just hold), and each silent stretch of MIN_SILENT_WINDOW_SEC or more in NO_SPEECH_WINDOW_SEC
 * windows. In time order, covering the clip but the short pauses.
 */
export function speechUtterances(speech: readonly SpeechSegment[], durationSec: number): Utterance[] {
  const regions: Array<[number, number]> = [];
  for (const s of [...speech].sort((a, b) => a.start - b.start)) {
    const start = Math.max(0, s.start);
    const end = Math.min(durationSec, s.end);
    if (end <= start) continue;
    const last = regions[regions.length - 1];
    if (last && start - last[1] <= PAUSE_SPLIT_SEC) last[1] = Math.max(last[1], end);
    else regions.push([start, end]);
  }
  const out: Utterance[] = [];
  let t = 0;
  const silence = (from: number, to: number) => {
    if (to - from >= MIN_SILENT_WINDOW_SEC) out.push(...windowUtterances(to, from));
  };
  for (const [start, end] of regions) {
    silence(t, start);
    for (const [a, b] of equalParts(start, end, MAX_UTTERANCE_SEC)) out.push({ start: a, end: b, text: '', words: [] });
    t = end;
  }
  silence(t, durationSec);
  return out;
}

/**
 * `speech` (voice-activity segments) shapes a clip without words: see speechUtterances. Without
 * speech either, 10 s windows over the clip.
 */
export function splitUtterances(transcript: Pick<Transcript, 'words'>, durationSec: number, speech: readonly SpeechSegment[] = []): Utterance[] {
  if (!(durationSec >= 0)) throw new AppError('InvalidArgument', `durationSec ${durationSec} is not allowed; it must be a number >= 0.`);
  const words = transcript.words.filter((w) => w.text.trim() !== '').sort((a, b) => a.start - b.start);
  if (words.length === 0) return speech.length > 0 ? speechUtterances(speech, durationSec) : windowUtterances(durationSec);
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
