import type { StageContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { ffmpegPath } from '../media/ffmpeg-paths.ts';
import type { SubtitleStreamInfo } from '../media/media-info.ts';
import { ffmpegInputUrl } from '../media/probe.ts';
import { runProcess } from '../media/run-process.ts';
import { decodeText } from './read-text-file.ts';

/**
 * Embedded subtitle streams (DESIGN 3.4): ffmpeg converts text subtitles (mov_text, subrip, ass,
 * webvtt) to SRT on stdout: `ffmpeg -i FILE -map 0:s:N -f srt -`. Bitmap subtitles (DVD, Blu-ray
 * PGS, DVB) hold pictures, not text, and cannot be converted.
 */

const BITMAP_CODECS = new Set(['hdmv_pgs_subtitle', 'dvd_subtitle', 'dvb_subtitle', 'xsub', 'dvb_teletext']);

/** Reading one subtitle stream demuxes the whole file; generous for a long film on a slow disk. */
const EXTRACT_TIMEOUT_MS = 180_000;

/**
 * Subtitle-stream ordinals (the N of `0:s:N`) worth trying, from a probe's subtitle list: text
 * codecs only, English (or untagged) first.
 */
export function embeddedCandidates(subtitles: readonly SubtitleStreamInfo[]): number[] {
  const rank = (s: SubtitleStreamInfo): number => (s.language === undefined || /^(en|eng)$/i.test(s.language) ? 0 : 1);
  return subtitles
    .map((s, ordinal) => ({ s, ordinal }))
    .filter(({ s }) => !BITMAP_CODECS.has(s.codec))
    .sort((a, b) => rank(a.s) - rank(b.s) || a.ordinal - b.ordinal)
    .map(({ ordinal }) => ordinal);
}

/** SRT text of subtitle stream N of `file`; null when ffmpeg cannot produce it (no such stream, bitmap). */
export async function extractEmbeddedSrt(file: string, ordinal: number, ctx: StageContext): Promise<string | null> {
  if (!Number.isInteger(ordinal) || ordinal < 0) {
    throw new AppError('InvalidArgument', `Subtitle stream number ${ordinal} is not allowed; use 0, 1, 2, ... (the N of 0:s:N).`, { file });
  }
  const args = ['-nostdin', '-hide_banner', '-v', 'error', '-i', ffmpegInputUrl(file), '-map', `0:s:${ordinal}`, '-f', 'srt', '-'];
  const r = await runProcess(ffmpegPath(), args, {
    signal: ctx.signal,
    timeoutMs: EXTRACT_TIMEOUT_MS,
    label: `subtitle extraction (stream s:${ordinal}) of ${file}`,
    file,
    maxStdoutBytes: 16 * 1024 * 1024,
  });
  if (r.exitCode !== 0) {
    ctx.log('debug', `no text from subtitle stream s:${ordinal} of ${file}: ${r.stderrTail.trim().split('\n').pop() ?? ''}`);
    return null;
  }
  return decodeText(r.stdout);
}
