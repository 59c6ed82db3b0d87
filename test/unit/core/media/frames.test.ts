import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeContext } from '../../../../main/core/context.ts';
import { decodeImage, sampleFrames } from '../../../../main/core/media/frames.ts';
import type { RgbFrame } from '../../../../main/core/media/frames.ts';
import { probeMedia } from '../../../../main/core/media/probe.ts';
import { dataPath } from '../../../helpers/data.ts';
import { liveChildren } from './child-processes.ts';
import { ffmpeg, tempDir } from './make-media.ts';

const ctx = makeContext();
const SAMPLE = dataPath('videos/sample/pyfeat_WolfgangLanger_Pexels.mp4'); // 640x360, 19.69 s
let dir = '';
let cleanup: () => Promise<void> = async () => {};

async function firstFrame(file: string, maxSide: number): Promise<RgbFrame> {
  for await (const fr of sampleFrames(file, ctx, { maxSide })) return fr;
  throw new Error('no frame');
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('frames'));
  await ffmpeg(['-t', '1', '-i', SAMPLE, '-c', 'copy', path.join(dir, 'plain.mp4')]);
  await ffmpeg(['-t', '1', '-i', SAMPLE, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', path.join(dir, 'rotated.mp4')]);
  await ffmpeg(['-i', dataPath('videos/talking_heads/video-retalking_face_1.mp4'), '-vn', '-c', 'copy', path.join(dir, 'audio-only.mp4')]);
});
afterAll(() => cleanup());

describe('sampleFrames', () => {
  it('streams 5 fps rgb24 frames at the source size for the 19.7 s sample clip', async () => {
    let n = 0;
    let last: RgbFrame | undefined;
    let lumaSum = 0;
    for await (const fr of sampleFrames(SAMPLE, ctx)) {
      expect(fr.index).toBe(n);
      expect(fr.time).toBeCloseTo(n / 5, 9);
      expect([fr.width, fr.height, fr.rgb.length]).toEqual([640, 360, 640 * 360 * 3]);
      if (n % 20 === 0) for (let i = 0; i < fr.rgb.length; i += 301) lumaSum += fr.rgb[i] ?? 0;
      last = fr;
      n++;
    }
    expect(Math.abs(n - 19.69 * 5)).toBeLessThanOrEqual(2);
    expect(last?.time).toBeGreaterThan(19);
    expect(lumaSum).toBeGreaterThan(0); // real picture, not black
  });

  it('scales down to maxSide keeping the aspect ratio, at the requested rate', async () => {
    let n = 0;
    for await (const fr of sampleFrames(SAMPLE, ctx, { fps: 1, maxSide: 320 })) {
      expect([fr.width, fr.height]).toEqual([320, 180]);
      n++;
    }
    expect(Math.abs(n - 20)).toBeLessThanOrEqual(1);
  });

  it('honours the rotation flag: frames arrive upright, width and height swapped', async () => {
    const info = await probeMedia(path.join(dir, 'rotated.mp4'), ctx);
    const plain = await firstFrame(path.join(dir, 'plain.mp4'), 640);
    const rot = await firstFrame(path.join(dir, 'rotated.mp4'), 640);
    expect([plain.width, plain.height]).toEqual([640, 360]);
    expect([rot.width, rot.height]).toEqual([360, 640]);
    // rot(x, y) is plain rotated clockwise by info.video.rotation degrees.
    const W = plain.width;
    const H = plain.height;
    const cw = info.video?.rotation;
    let diff = 0;
    let n = 0;
    for (let y = 0; y < rot.height; y += 9) {
      for (let x = 0; x < rot.width; x += 9) {
        const src = cw === 90 ? (H - 1 - x) * W + y : x * W + (W - 1 - y);
        diff += Math.abs((rot.rgb[(y * rot.width + x) * 3] ?? 0) - (plain.rgb[src * 3] ?? 0));
        n++;
      }
    }
    expect(diff / n).toBeLessThan(2);
  });

  it('a file without video -> NoVideoStream naming it', async () => {
    const run = (async () => {
      for await (const _fr of sampleFrames(path.join(dir, 'audio-only.mp4'), ctx)) break;
    })();
    await expect(run).rejects.toMatchObject({ kind: 'NoVideoStream', message: expect.stringContaining('audio-only.mp4') });
  });

  it('stopping after a few frames ends ffmpeg; abort -> Canceled with no child left', async () => {
    let n = 0;
    for await (const _fr of sampleFrames(SAMPLE, ctx)) if (++n === 3) break;
    expect(liveChildren().filter((p) => p.comm === 'ffmpeg')).toEqual([]);

    const ac = new AbortController();
    const run = (async () => {
      for await (const _fr of sampleFrames(SAMPLE, makeContext({ signal: ac.signal }))) ac.abort();
    })();
    await expect(run).rejects.toMatchObject({ kind: 'Canceled' });
    expect(liveChildren().filter((p) => p.comm === 'ffmpeg')).toEqual([]);
  });
});

describe('decodeImage', () => {
  it('decodes a jpeg to rgb24 of its size', async () => {
    const img = await decodeImage(dataPath('images/faces/faceapi_happy.jpg'), ctx);
    expect([img.width, img.height]).toEqual([500, 282]);
    expect(img.rgb.length).toBe(500 * 282 * 3);
    const distinct = new Set(img.rgb.subarray(0, 3000));
    expect(distinct.size).toBeGreaterThan(10);
  });

  it('a text file is NotMedia naming it', async () => {
    const f = dataPath('audio/speech/librivox/transcription');
    await expect(decodeImage(f, ctx)).rejects.toMatchObject({ kind: 'NotMedia', message: expect.stringContaining('transcription') });
  });
});
