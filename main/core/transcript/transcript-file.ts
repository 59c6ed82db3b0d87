import path from 'node:path';
import { assertNever } from '../errors.ts';
import type { Word } from '../types.ts';
import { cuesToWords, parseSrt, parseVtt } from './parse-subtitles.ts';
import { readTextFile } from './read-text-file.ts';
import { splitWords } from './spread-words.ts';

/** A transcript as a source gives it: timed words, or plain text still to be spread over speech. */
export type RawTranscript =
  | { kind: 'timed'; words: Word[]; text: string; confidence?: number; language?: string }
  | { kind: 'untimed'; text: string; language?: string };

export type TranscriptFormat = 'srt' | 'vtt' | 'txt';

/** .srt and .vtt by extension (or a WEBVTT first line); anything else is plain text. */
export function formatOf(file: string, content: string): TranscriptFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.srt') return 'srt';
  if (ext === '.vtt' || /^\uFEFF?WEBVTT\b/.test(content)) return 'vtt';
  return 'txt';
}

/** Plain-text transcript: whitespace collapsed; a timing-free [speaker]: prefix is kept as text. */
export function parseTxt(content: string): string {
  return splitWords(content.replace(/^\uFEFF/, '')).join(' ');
}

/** Parses subtitle/plain text; null when it holds no words (empty file, or no valid cue). */
export function parseTranscriptText(content: string, format: TranscriptFormat): RawTranscript | null {
  switch (format) {
    case 'srt':
    case 'vtt': {
      const cues = format === 'srt' ? parseSrt(content) : parseVtt(content);
      const words = cuesToWords(cues);
      return words.length === 0 ? null : { kind: 'timed', words, text: cues.map((c) => c.text).join(' ') };
    }
    case 'txt': {
      const text = parseTxt(content);
      return text === '' ? null : { kind: 'untimed', text };
    }
    default:
      return assertNever(format, 'transcript format');
  }
}

export async function readTranscriptFile(file: string, format?: TranscriptFormat): Promise<RawTranscript | null> {
  const content = await readTextFile(file);
  return parseTranscriptText(content, format ?? formatOf(file, content));
}
