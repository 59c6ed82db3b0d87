import type { Word } from '../types.ts';
import { splitWords, spreadOverSpan } from './spread-words.ts';

/**
 * SubRip (.srt) and WebVTT (.vtt) parsing into cues, and cues into timed words (spread within each
 * cue by spread-words.ts). Lenient: a block that is not a cue is skipped; the caller decides what an
 * empty result means.
 */

export interface Cue {
  start: number;
  end: number;
  /** Plain text (tags removed, lines joined with a space). */
  text: string;
  /** WebVTT karaoke timestamps inside the cue: each part starts at its own time. */
  parts?: Array<{ start: number; text: string }>;
}

/** "01:02:03,456", "01:02:03.456", "02:03.456" (hours optional), fraction optional -> seconds. */
export function parseTimestamp(s: string): number | null {
  const m = /^\s*(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?\s*$/.exec(s);
  if (!m) return null;
  const [, h, mm, ss, frac] = m;
  const sec = Number(h ?? 0) * 3600 + Number(mm) * 60 + Number(ss) + (frac ? Number(frac.padEnd(3, '0')) / 1000 : 0);
  return Number.isFinite(sec) ? sec : null;
}

const ARROW = /^\s*(\S+)\s+-->\s+(\S+)/;

/** Removes markup: HTML-like tags (<i>, <font>, <v Name>, <c.x>), ASS overrides ({\an8}), speaker dashes. */
export function cleanCueText(lines: readonly string[]): string {
  return lines
    .map((l) => l.replace(/<[^>]*>/g, '').replace(/\{\\[^}]*\}/g, '').replace(/^\s*-\s+/, ''))
    .map((l) => l.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&nbsp;/g, ' ').trim())
    .filter((l) => l !== '')
    .join(' ');
}

function blocks(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((b) => b.split('\n'))
    .filter((b) => b.some((l) => l.trim() !== ''));
}

function cueFromBlock(lines: string[], vtt: boolean): Cue | null {
  const at = lines.findIndex((l) => ARROW.test(l));
  if (at < 0 || at > 1) return null; // the time line is first, or second after a cue number / id
  const m = ARROW.exec(lines[at] ?? '');
  const start = parseTimestamp(m?.[1] ?? '');
  const end = parseTimestamp(m?.[2] ?? '');
  if (start === null || end === null || end < start) return null;
  const body = lines.slice(at + 1);
  const cue: Cue = { start, end, text: cleanCueText(body) };
  if (vtt) {
    const parts = karaokeParts(body.join(' '), start, end);
    if (parts) cue.parts = parts;
  }
  return cue;
}

/** WebVTT inline timestamps "<00:00:01.500>": text before the first one starts at the cue start. */
function karaokeParts(body: string, start: number, end: number): Cue['parts'] | undefined {
  const pieces = body.split(/<((?:\d+:)?\d{1,2}:\d{1,2}\.\d{1,3})>/);
  if (pieces.length < 3) return undefined;
  const parts: NonNullable<Cue['parts']> = [];
  let t = start;
  for (let i = 0; i < pieces.length; i++) {
    if (i % 2 === 1) {
      const ts = parseTimestamp(pieces[i] ?? '');
      if (ts !== null) t = Math.min(end, Math.max(t, ts));
      continue;
    }
    const text = cleanCueText([pieces[i] ?? '']);
    if (text !== '') parts.push({ start: t, text });
  }
  return parts;
}

export function parseSrt(text: string): Cue[] {
  return blocks(text)
    .map((b) => cueFromBlock(b, false))
    .filter((c): c is Cue => c !== null && c.text !== '');
}

export function parseVtt(text: string): Cue[] {
  const bs = blocks(text);
  // The header block ("WEBVTT ...") and NOTE / STYLE / REGION blocks are not cues.
  return bs
    .filter((b) => !/^(WEBVTT|NOTE|STYLE|REGION)\b/.test(b[0]?.trim() ?? ''))
    .map((b) => cueFromBlock(b, true))
    .filter((c): c is Cue => c !== null && c.text !== '');
}

/** Timed words: each cue's (or karaoke part's) words spread over its own span; sorted by start. */
export function cuesToWords(cues: readonly Cue[]): Word[] {
  const words: Word[] = [];
  for (const cue of cues) {
    const parts = cue.parts ?? [{ start: cue.start, text: cue.text }];
    parts.forEach((p, i) => {
      const end = parts[i + 1]?.start ?? cue.end;
      words.push(...spreadOverSpan(splitWords(p.text), p.start, end));
    });
  }
  return words.sort((a, b) => a.start - b.start);
}
