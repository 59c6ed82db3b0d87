import { AppError } from '../errors.ts';

/** What probing a media file found (DESIGN 3.1). Durations in seconds; absent stream kind = missing modality. */
export interface AudioStreamInfo {
  /** ffprobe's stream index, for `-map 0:<index>`. */
  index: number;
  codec: string;
  sampleRate: number;
  channels: number;
  durationSec: number;
}

export interface VideoStreamInfo {
  index: number;
  codec: string;
  /** Coded frame size, before rotation. */
  width: number;
  height: number;
  /** Average frame rate (frames / duration); 0 when the container does not say. */
  fps: number;
  /** Clockwise rotation in degrees the player applies (0, 90, 180, 270). */
  rotation: number;
  durationSec: number;
}

export interface SubtitleStreamInfo {
  index: number;
  codec: string;
  language?: string;
}

/**
 * What a caller already knows about a file (a batch hashed it, then probed it), handed down so the
 * pipeline probes and hashes each file once: batch -> analyzeClip -> branches.
 */
export interface KnownFile {
  media?: MediaInfo;
  sha256?: string;
}

export interface MediaInfo {
  file: string;
  sizeBytes: number;
  /** ffprobe's demuxer name, e.g. "mov,mp4,m4a,3gp,3g2,mj2"; "jpeg_pipe", "png_pipe", "image2" for stills. */
  formatName: string;
  /**
   * A single still image (jpg, png, bmp, webp, ...): one picture, no time. Its `video` stream has
   * fps 0 and durationSec 0, there is no audio, and `durationSec` is 0. The visual branch takes its
   * one frame (see core/pipeline/still-clip.ts for how a still is stepped).
   */
  still: boolean;
  durationSec: number;
  /** The first (default) audio stream, when there is one. */
  audio?: AudioStreamInfo;
  /** The first real video stream (cover art excluded), when there is one. */
  video?: VideoStreamInfo;
  subtitles: SubtitleStreamInfo[];
}

/** Frame size as displayed, i.e. after applying the rotation. */
export function displaySize(v: VideoStreamInfo): { width: number; height: number } {
  return v.rotation % 180 === 0 ? { width: v.width, height: v.height } : { width: v.height, height: v.width };
}

export function requireAudio(info: MediaInfo): AudioStreamInfo {
  if (!info.audio) {
    throw new AppError('NoAudioStream', `${info.file} has no audio stream.`, { file: info.file });
  }
  return info.audio;
}

export function requireVideo(info: MediaInfo): VideoStreamInfo {
  if (!info.video) {
    throw new AppError('NoVideoStream', `${info.file} has no video stream.`, { file: info.file });
  }
  return info.video;
}
