/**
 * Still images as one RGB24 picture. JPEG and PNG (found by their signature, not the file name) are
 * decoded in-process with jpeg-js / pngjs: a dataset of tens of thousands of small face crops would
 * otherwise spend most of its time starting ffprobe and ffmpeg (measured ~40 ms CPU and ~120 ms wall
 * per 48x48 FER crop on the 2-core dev machine, against < 1 ms in-process). Anything else ffmpeg can
 * read (bmp, webp, tiff, ...) and any JPEG/PNG the pure-JS decoders refuse go through ffmpeg
 * (frames.ts decodeImage). EXIF orientation is not applied (ffmpeg 4 does not apply it either), and
 * PNG alpha is dropped as ffmpeg's rgb24 conversion drops it.
 *
 * The picture is area-downscaled so its longer side is at most `maxSide` (default 640, the video
 * frame cap of sampleFrames), so a photo reaches the face engine at the size a video frame would.
 */
import { readFile } from 'node:fs/promises';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { StageContext } from '../context.ts';
import { AppError, throwIfAborted } from '../errors.ts';
import { checkReadableFile } from './file-access.ts';
import { decodeImage, FRAME_MAX_SIDE } from './frames.ts';
import { type RgbPicture, cappedSize, downscaleArea } from './resize-rgb.ts';
import type { MediaInfo } from './media-info.ts';

export type InProcessFormat = 'jpeg' | 'png';

/** JPEG starts FF D8 FF; PNG with its 8-byte signature. */
export function sniffStill(head: Uint8Array): InProcessFormat | null {
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.every((b, i) => head[i] === b)) return 'png';
  return null;
}

/** Largest picture decoded in-process (pixels); bigger ones go to ffmpeg, which streams. */
const MAX_IN_PROCESS_PIXELS = 50e6;

function rgbaToRgb(rgba: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; j < out.length; i += 4, j += 3) {
    out[j] = rgba[i]!;
    out[j + 1] = rgba[i + 1]!;
    out[j + 2] = rgba[i + 2]!;
  }
  return out;
}

/** Decodes JPEG/PNG bytes in-process; null when the decoder refuses them (the caller uses ffmpeg). */
export function decodeInProcess(bytes: Uint8Array): RgbPicture | null {
  const format = sniffStill(bytes);
  try {
    if (format === 'jpeg') {
      const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: MAX_IN_PROCESS_PIXELS / 1e6, maxMemoryUsageInMB: 1024 });
      return { width: img.width, height: img.height, rgb: img.data };
    }
    if (format === 'png') {
      const img = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
      if (img.width * img.height > MAX_IN_PROCESS_PIXELS) return null;
      return { width: img.width, height: img.height, rgb: rgbaToRgb(img.data, img.width, img.height) };
    }
  } catch {
    return null; // unusual variants (12-bit, arithmetic coding, CMYK, corrupt): ffmpeg decides
  }
  return null;
}

export interface DecodeStillOptions {
  /** Longest side after downscaling (px). Default 640. */
  maxSide?: number;
  /** The file's bytes when the caller already read them (dataset builders hash them first). */
  bytes?: Uint8Array;
}

export interface DecodedStill extends RgbPicture {
  /** Size of the picture in the file, before any downscaling. */
  sourceWidth: number;
  sourceHeight: number;
  decoder: 'jpeg-js' | 'pngjs' | 'ffmpeg';
}

/** One still image as RGB24, its longer side capped at maxSide. NotMedia when nothing can decode it. */
export async function decodeStill(file: string, ctx: StageContext, opts: DecodeStillOptions = {}): Promise<DecodedStill> {
  const maxSide = opts.maxSide ?? FRAME_MAX_SIDE;
  if (!(maxSide >= 1)) throw new AppError('InvalidArgument', `Cannot decode ${file}: maxSide must be >= 1, got ${maxSide}.`, { file });
  throwIfAborted(ctx.signal, `image decode of ${file}`);
  let bytes = opts.bytes;
  if (!bytes) {
    await checkReadableFile(file);
    bytes = await readFile(file);
  }
  const inProcess = decodeInProcess(bytes);
  const format = sniffStill(bytes);
  const pic = inProcess ?? (await decodeImage(file, ctx));
  const decoder = inProcess ? (format === 'png' ? 'pngjs' : 'jpeg-js') : 'ffmpeg';
  const size = cappedSize(pic.width, pic.height, maxSide);
  const out = downscaleArea(pic, size.width, size.height);
  return { ...out, sourceWidth: pic.width, sourceHeight: pic.height, decoder };
}

/**
 * The MediaInfo probeMedia would give for a still image, from its decoded picture (no ffprobe):
 * dataset builders decode thousands of small images and need no more than this.
 */
export function stillMediaInfo(file: string, sizeBytes: number, pic: DecodedStill): MediaInfo {
  const codec = pic.decoder === 'pngjs' ? 'png' : pic.decoder === 'jpeg-js' ? 'mjpeg' : 'unknown';
  return {
    file,
    sizeBytes,
    formatName: pic.decoder === 'pngjs' ? 'png_pipe' : pic.decoder === 'jpeg-js' ? 'jpeg_pipe' : 'image2',
    still: true,
    durationSec: 0,
    video: { index: 0, codec, width: pic.sourceWidth, height: pic.sourceHeight, fps: 0, rotation: 0, durationSec: 0 },
    subtitles: [],
  };
}
