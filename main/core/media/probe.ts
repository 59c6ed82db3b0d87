import path from 'node:path';
import { AppError } from '../errors.ts';
import type { StageContext } from '../context.ts';
import { checkContainerExtent } from './container-extent.ts';
import { checkReadableFile } from './file-access.ts';
import { ffprobePath } from './ffmpeg-paths.ts';
import { FfprobeOutput, num, rate, tagDuration } from './ffprobe-schema.ts';
import type { FfprobeStream } from './ffprobe-schema.ts';
import type { AudioStreamInfo, MediaInfo, SubtitleStreamInfo, VideoStreamInfo } from './media-info.ts';
import { runProcess } from './run-process.ts';

/**
 * probeMedia: what a file holds (DESIGN 3.1), or an AppError that says why it cannot be used:
 * FileUnreadable / EmptyFile (file-access.ts), MediaTruncated (container-extent.ts, or a recognised
 * container ffprobe cannot read), NotMedia (not recognised, or no audio/video stream).
 * A still image (one picture read by an image demuxer, e.g. jpeg_pipe, png_pipe, bmp_pipe,
 * webp_pipe, or image2 by extension) is media too: `still: true`, duration 0, one video stream
 * with fps 0.
 */

/** ffprobe reads headers only; even on a slow disk this is generous, and it keeps a batch moving. */
const PROBE_TIMEOUT_MS = 120_000;

/** Demuxers that read single pictures: a .jpg renamed .mp4 is found by content as jpeg_pipe. */
function isImageDemuxer(formatName: string): boolean {
  return formatName === 'image2' || formatName.split(',').some((f) => f.endsWith('_pipe'));
}

/** ffmpeg's input syntax treats "name:rest" as a protocol; the file: prefix pins it to a local file. */
export function ffmpegInputUrl(file: string): string {
  return `file:${path.resolve(file)}`;
}

/** Clockwise degrees in {0, 90, 180, 270} from the display matrix (counter-clockwise) or a rotate tag. */
function rotationOf(s: FfprobeStream): number {
  const matrix = s.side_data_list?.find((d) => d.rotation !== undefined)?.rotation;
  const tag = num(s.tags?.rotate);
  const cw = matrix !== undefined ? -matrix : (tag ?? 0);
  return (((Math.round(cw / 90) * 90) % 360) + 360) % 360;
}

function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines.at(-1) ?? '';
}

function streamDuration(s: FfprobeStream, fallback: number): number {
  return num(s.duration) ?? tagDuration(s.tags) ?? fallback;
}

function toAudio(s: FfprobeStream, fallback: number): AudioStreamInfo {
  return {
    index: s.index,
    codec: s.codec_name ?? 'unknown',
    sampleRate: num(s.sample_rate) ?? 0,
    channels: s.channels ?? 0,
    durationSec: streamDuration(s, fallback),
  };
}

function toVideo(s: FfprobeStream, fallback: number): VideoStreamInfo {
  return {
    index: s.index,
    codec: s.codec_name ?? 'unknown',
    width: s.width ?? 0,
    height: s.height ?? 0,
    fps: rate(s.avg_frame_rate) ?? rate(s.r_frame_rate) ?? 0,
    rotation: rotationOf(s),
    durationSec: streamDuration(s, fallback),
  };
}

/** Picks the first stream of a kind, preferring one marked default. Cover art is not video. */
function pick(streams: FfprobeStream[], kind: 'audio' | 'video'): FfprobeStream | undefined {
  const all = streams.filter((s) => s.codec_type === kind && !(kind === 'video' && s.disposition?.attached_pic === 1));
  return all.find((s) => s.disposition?.default === 1) ?? all[0];
}

export async function probeMedia(file: string, ctx: StageContext): Promise<MediaInfo> {
  const { sizeBytes } = await checkReadableFile(file);
  const extent = await checkContainerExtent(file, sizeBytes);
  if (extent.truncated) {
    throw new AppError('MediaTruncated', `${file} is cut short: ${extent.truncated}.`, { file });
  }

  ctx.onProgress({ type: 'stage', stage: 'probe', detail: path.basename(file) });
  const res = await runProcess(
    ffprobePath(),
    ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', ffmpegInputUrl(file)],
    { signal: ctx.signal, timeoutMs: PROBE_TIMEOUT_MS, label: `ffprobe of ${file}`, file, maxStdoutBytes: 16 * 1024 * 1024 },
  );
  const why = lastLine(res.stderrTail).replace(ffmpegInputUrl(file), path.basename(file));
  if (res.exitCode !== 0) {
    if (extent.container !== 'other') {
      throw new AppError('MediaTruncated', `${file} looks like a ${extent.container === 'riff' ? 'RIFF (WAV/AVI)' : 'MP4/MOV'} file but cannot be read: ${why || 'ffprobe failed'}.`, { file });
    }
    throw new AppError('NotMedia', `${file} is not a media file ffmpeg recognises${why ? ` (${why})` : ''}.`, { file });
  }

  let parsed: FfprobeOutput;
  try {
    parsed = FfprobeOutput.parse(JSON.parse(res.stdout.toString('utf8')));
  } catch (e) {
    throw new AppError('ToolFailed', `ffprobe printed output for ${file} that does not match the expected JSON: ${e instanceof Error ? e.message : String(e)}`, { file, cause: e });
  }

  const { format, streams } = parsed;
  const maxStream = Math.max(0, ...streams.map((s) => num(s.duration) ?? tagDuration(s.tags) ?? 0));
  const durationSec = num(format.duration) ?? maxStream;
  const a = pick(streams, 'audio');
  const v = pick(streams, 'video');

  if (!a && !v) {
    throw new AppError('NotMedia', `${file} has no audio or video stream (container ${format.format_name}).`, { file });
  }

  const subtitles: SubtitleStreamInfo[] = streams
    .filter((s) => s.codec_type === 'subtitle')
    .map((s) => {
      const language = s.tags?.language;
      return { index: s.index, codec: s.codec_name ?? 'unknown', ...(language ? { language } : {}) };
    });

  if (!a && v && isImageDemuxer(format.format_name)) {
    const video = { ...toVideo(v, 0), fps: 0, durationSec: 0 };
    if (video.width <= 0 || video.height <= 0) {
      throw new AppError('NotMedia', `${file} is an image without a picture size (${v.codec_name ?? format.format_name}).`, { file });
    }
    return { file, sizeBytes, formatName: format.format_name, still: true, durationSec: 0, video, subtitles: [] };
  }

  return {
    file,
    sizeBytes,
    formatName: format.format_name,
    still: false,
    durationSec,
    ...(a ? { audio: toAudio(a, durationSec) } : {}),
    ...(v ? { video: toVideo(v, durationSec) } : {}),
    subtitles,
  };
}
