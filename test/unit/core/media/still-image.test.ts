import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeContext } from '../../../../main/core/context.ts';
import { decodeImage } from '../../../../main/core/media/frames.ts';
import { decodeInProcess, decodeStill, sniffStill, stillMediaInfo } from '../../../../main/core/media/still-image.ts';
import { dataPath } from '../../../helpers/data.ts';
import { ffmpeg, tempDir } from './make-media.ts';

const ctx = makeContext();
const FER = dataPath('fer2013/train/happy/Training_10019449.jpg');
const PHOTO = dataPath('images/faces/faceapi_happy.jpg'); // 500x282
let dir = '';
let cleanup: () => Promise<void> = async () => {};

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('still'));
  await ffmpeg(['-i', PHOTO, path.join(dir, 'photo.png')]);
  await ffmpeg(['-i', PHOTO, path.join(dir, 'photo.bmp')]);
});
afterAll(() => cleanup());

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += Math.abs(a[i]! - b[i]!);
  return d / a.length;
}

describe('still images', () => {
  it('sniffs JPEG and PNG by content, nothing else', () => {
    expect(sniffStill(readFileSync(FER))).toBe('jpeg');
    expect(sniffStill(readFileSync(path.join(dir, 'photo.png')))).toBe('png');
    expect(sniffStill(readFileSync(path.join(dir, 'photo.bmp')))).toBeNull();
    expect(sniffStill(Buffer.from('GIF89a'))).toBeNull();
  });

  it('decodes a grey FER crop in-process to the pixels ffmpeg gives (grey replicated to RGB)', async () => {
    const mine = decodeInProcess(readFileSync(FER))!;
    const ref = await decodeImage(FER, ctx);
    expect([mine.width, mine.height]).toEqual([48, 48]);
    expect([ref.width, ref.height]).toEqual([48, 48]);
    for (let i = 0; i < 48 * 48; i++) expect(mine.rgb[3 * i]).toBe(mine.rgb[3 * i + 2]);
    // two JPEG decoders (IDCT rounding, upsampling) agree to about one grey level
    expect(meanAbsDiff(mine.rgb, ref.rgb)).toBeLessThan(1.5);
  });

  it('decodes a colour photo (jpeg, png) in-process and a bmp through ffmpeg, all alike', async () => {
    const jpg = await decodeStill(PHOTO, ctx);
    const png = await decodeStill(path.join(dir, 'photo.png'), ctx);
    const bmp = await decodeStill(path.join(dir, 'photo.bmp'), ctx);
    expect([jpg.decoder, png.decoder, bmp.decoder]).toEqual(['jpeg-js', 'pngjs', 'ffmpeg']);
    for (const p of [jpg, png, bmp]) expect([p.width, p.height, p.sourceWidth, p.sourceHeight]).toEqual([500, 282, 500, 282]);
    // png/bmp were written from ffmpeg's decode of the jpeg: jpeg-js differs by the decoder only
    expect(meanAbsDiff(png.rgb, bmp.rgb)).toBe(0);
    expect(meanAbsDiff(jpg.rgb, png.rgb)).toBeLessThan(2);
  });

  it('caps the longer side at maxSide by area averaging, keeping the aspect ratio', async () => {
    const small = await decodeStill(PHOTO, ctx, { maxSide: 250 });
    expect([small.width, small.height, small.sourceWidth]).toEqual([250, 141, 500]);
    const full = await decodeStill(PHOTO, ctx);
    // mean brightness is kept by an area average
    const mean = (x: Uint8Array) => x.reduce((a, b) => a + b, 0) / x.length;
    expect(Math.abs(mean(small.rgb) - mean(full.rgb))).toBeLessThan(0.5);
  });

  it('a text file is NotMedia naming it', async () => {
    const f = dataPath('audio/speech/librivox/transcription');
    await expect(decodeStill(f, ctx)).rejects.toMatchObject({ kind: 'NotMedia', message: expect.stringContaining('transcription') });
  });

  it('describes a decoded still as probeMedia would (still, no time, one video stream)', async () => {
    const pic = await decodeStill(FER, ctx);
    const info = stillMediaInfo(FER, readFileSync(FER).length, pic);
    expect(info).toMatchObject({ still: true, durationSec: 0, formatName: 'jpeg_pipe', video: { width: 48, height: 48, fps: 0 }, subtitles: [] });
    expect(info.audio).toBeUndefined();
  });
});
