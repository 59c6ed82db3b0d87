import path from 'node:path';
import { AppError, throwIfAborted } from '../errors.ts';
import type { StageContext } from '../context.ts';
import { checkReadableFile } from './file-access.ts';
import { ffmpegPath } from './ffmpeg-paths.ts';
import { displaySize, requireVideo } from './media-info.ts';
import type { MediaInfo } from './media-info.ts';
import { ffmpegInputUrl, probeMedia } from './probe.ts';
import { runProcess, startProcess } from './run-process.ts';

/**
 * Video frames as packed RGB (3 bytes per pixel, row-major, top row first), streamed from ffmpeg
 * through a pipe one frame at a time (DESIGN 3.2): the consumer holds at most the frame it is on.
 * ffmpeg applies the rotation metadata itself (autorotate is on by default), so frames arrive upright.
 */

export interface SampleFramesOptions {
  /** Frames per second to sample (ffmpeg's fps filter picks the nearest source frame). Default 5. */
  fps?: number;
  /** Longest side of the output; frames are only ever scaled down, keeping the aspect ratio. Default 640. */
  maxSide?: number;
  info?: MediaInfo;
}

export interface RgbFrame {
  index: number;
  /** Seconds from the start of the clip. */
  time: number;
  width: number;
  height: number;
  rgb: Uint8Array;
}

export interface RgbImage {
  width: number;
  height: number;
  rgb: Uint8Array;
}

/** Output size: upright display size scaled so the longest side is at most maxSide. */
export function outputSize(info: MediaInfo, maxSide: number): { width: number; height: number } {
  const { width, height } = displaySize(requireVideo(info));
  if (width <= 0 || height <= 0) {
    throw new AppError('NotMedia', `${info.file} has a video stream without a frame size.`, { file: info.file });
  }
  const s = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * s)), height: Math.max(1, Math.round(height * s)) };
}

/** Frames reach the face stage with their longest side at most this many pixels (the default of every stage that samples). */
export const FRAME_MAX_SIDE = 640;

export async function* sampleFrames(file: string, ctx: StageContext, opts: SampleFramesOptions = {}): AsyncGenerator<RgbFrame> {
  const fps = opts.fps ?? 5;
  const maxSide = opts.maxSide ?? FRAME_MAX_SIDE;
  if (!(fps > 0) || !(maxSide >= 1)) {
    throw new AppError('InvalidArgument', `Cannot sample frames of ${file}: fps must be > 0 and maxSide >= 1 (got fps=${fps}, maxSide=${maxSide}).`, { file });
  }
  const info = opts.info ?? (await probeMedia(file, ctx));
  const video = requireVideo(info);
  const { width, height } = outputSize(info, maxSide);
  throwIfAborted(ctx.signal, `frame sampling of ${file}`);

  const args = [
    '-nostdin', '-hide_banner', '-v', 'error',
    '-i', ffmpegInputUrl(file),
    '-map', `0:${video.index}`, '-an', '-sn', '-dn',
    '-vf', `fps=${fps},scale=${width}:${height}:flags=area`,
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
  ];
  const frameBytes = width * height * 3;
  const proc = startProcess(ffmpegPath(), args, { signal: ctx.signal, label: `frame sampling of ${file}`, file });

  let frame = new Uint8Array(frameBytes);
  let filled = 0;
  let index = 0;
  let finished = false;
  try {
    read: for await (const buf of proc.stdout) {
      if (ctx.signal.aborted) break; // buffered frames are stale after an abort
      let off = 0;
      while (off < buf.length) {
        const n = Math.min(buf.length - off, frameBytes - filled);
        frame.set(buf.subarray(off, off + n), filled);
        filled += n;
        off += n;
        if (filled === frameBytes) {
          yield { index, time: index / fps, width, height, rgb: frame };
          index += 1;
          frame = new Uint8Array(frameBytes);
          filled = 0;
          if (ctx.signal.aborted) break read;
        }
      }
    }
    const res = await proc.done;
    finished = true;
    if (res.exitCode !== 0) {
      const last = res.stderrTail.trim().split('\n').at(-1)?.replace(ffmpegInputUrl(file), path.basename(file)) ?? '';
      throw new AppError('MediaTruncated', `${file}: the video cannot be decoded to the end (${last || `ffmpeg exit ${res.exitCode}`}); got ${index} frames.`, { file });
    }
    // Same reasoning as the audio decoder: more than half a second (or 2 %) missing, beyond the one
    // frame interval the fps filter may round away, means the data ends early.
    const gotSec = index / fps;
    if (gotSec < video.durationSec - Math.max(0.5, 0.02 * video.durationSec) - 1 / fps) {
      throw new AppError('MediaTruncated', `${file}: the video ends at ${gotSec.toFixed(2)} s but the file says ${video.durationSec.toFixed(2)} s; its data ends early.`, { file });
    }
  } finally {
    if (!finished) {
      proc.stop();
      await proc.done.catch(() => {});
    }
  }
}

/** Parses a binary PPM (P6, maxval 255) as written by ffmpeg's ppm encoder. */
function parsePpm(buf: Buffer, file: string): RgbImage {
  const fields: string[] = [];
  let pos = 0;
  while (fields.length < 4 && pos < buf.length) {
    while (pos < buf.length && /\s/.test(String.fromCharCode(buf[pos] ?? 0))) pos++;
    if (buf[pos] === 0x23) {
      while (pos < buf.length && buf[pos] !== 0x0a) pos++;
      continue;
    }
    const start = pos;
    while (pos < buf.length && !/\s/.test(String.fromCharCode(buf[pos] ?? 0))) pos++;
    fields.push(buf.toString('latin1', start, pos));
  }
  pos += 1; // the single whitespace byte after maxval
  const [magic, w, h, maxval] = fields;
  const width = Number(w);
  const height = Number(h);
  if (magic !== 'P6' || maxval !== '255' || !(width > 0) || !(height > 0) || buf.length - pos < width * height * 3) {
    throw new AppError('ToolFailed', `ffmpeg returned an unreadable picture for ${file}.`, { file });
  }
  return { width, height, rgb: new Uint8Array(buf.buffer, buf.byteOffset + pos, width * height * 3).slice() };
}

/** Decodes a still image (jpg, png, bmp, ...) to RGB with ffmpeg. EXIF orientation is not applied. */
export async function decodeImage(file: string, ctx: StageContext): Promise<RgbImage> {
  await checkReadableFile(file);
  const res = await runProcess(
    ffmpegPath(),
    ['-nostdin', '-hide_banner', '-v', 'error', '-i', ffmpegInputUrl(file), '-frames:v', '1', '-f', 'image2pipe', '-vcodec', 'ppm', '-pix_fmt', 'rgb24', 'pipe:1'],
    { signal: ctx.signal, label: `image decode of ${file}`, file, timeoutMs: 60_000 },
  );
  if (res.exitCode !== 0 || res.stdout.length === 0) {
    const last = res.stderrTail.trim().split('\n').at(-1)?.replace(ffmpegInputUrl(file), path.basename(file)) ?? '';
    throw new AppError('NotMedia', `${file} is not an image ffmpeg can decode${last ? ` (${last})` : ''}.`, { file });
  }
  return parsePpm(res.stdout, file);
}
