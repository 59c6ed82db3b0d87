import { readFile } from 'node:fs/promises';
import { AppError } from '../errors.ts';

/**
 * Reads a subtitle / transcript file as text. Subtitle files come in UTF-8 (with or without BOM),
 * UTF-16 with a BOM (Windows tools) and Windows-1252 (older .srt files): a BOM decides; otherwise
 * strict UTF-8, and Windows-1252 when the bytes are not valid UTF-8.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}

/** 0x80..0x9F in Windows-1252 (undefined positions stay as the C1 control, as browsers do). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

/** By hand: Node 20's TextDecoder('windows-1252') decodes as Latin-1 (0x92 stays U+0092, not ’). */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const codes = Array.from(bytes.subarray(i, i + 8192), (b) => (b >= 0x80 && b <= 0x9f ? (CP1252_HIGH[b - 0x80] ?? b) : b));
    out += String.fromCharCode(...codes);
  }
  return out;
}

/** Transcripts are small; anything past this is not a transcript (a video renamed .srt, say). */
const MAX_TRANSCRIPT_BYTES = 16 * 1024 * 1024;

export async function readTextFile(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new AppError('FileUnreadable', `Cannot read transcript ${file} (${code}).`, { file, cause: e });
  }
  if (bytes.length > MAX_TRANSCRIPT_BYTES) {
    throw new AppError('InvalidArgument', `${file} is ${(bytes.length / 1e6).toFixed(1)} MB; a transcript is at most ${MAX_TRANSCRIPT_BYTES / 1e6} MB of text.`, { file });
  }
  if (bytes.includes(0) && !(bytes[0] === 0xff || bytes[0] === 0xfe)) {
    throw new AppError('InvalidArgument', `${file} holds binary data (NUL bytes), not subtitle or transcript text.`, { file });
  }
  return decodeText(bytes);
}
