import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeContext } from '../../../../main/core/context.ts';
import { AppError } from '../../../../main/core/errors.ts';
import type { ErrorKind } from '../../../../main/core/errors.ts';
import { requireAudio, requireVideo } from '../../../../main/core/media/media-info.ts';
import { probeMedia } from '../../../../main/core/media/probe.ts';
import { dataPath } from '../../../helpers/data.ts';
import { ffmpeg, tempDir } from './make-media.ts';

const ctx = makeContext();
const TALKING = dataPath('videos/talking_heads/video-retalking_face_1.mp4');
let dir = '';
let cleanup: () => Promise<void> = async () => {};
const f = (name: string): string => path.join(dir, name);

async function probeError(file: string): Promise<AppError> {
  try {
    await probeMedia(file, ctx);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error(`probeMedia(${file}) succeeded`);
}

async function cutInHalf(src: string, dst: string): Promise<void> {
  const bytes = await readFile(src);
  await writeFile(dst, bytes.subarray(0, Math.floor(bytes.length / 2)));
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('probe'));
  await writeFile(f('zero.mp4'), '');
  await writeFile(f('random.mp4'), randomBytes(200_000));
  await writeFile(f('notes.mp4'), 'This is a text file, not a video.\n'.repeat(50));
  await copyFile(dataPath('images/faces/faceapi_happy.jpg'), f('image.mp4'));
  await mkdir(f('x.mp4'));
  await symlink(f('missing-target.mp4'), f('broken-link.mp4'));
  await symlink(f('loop-b.mp4'), f('loop-a.mp4'));
  await symlink(f('loop-a.mp4'), f('loop-b.mp4'));
  // The source has its moov index at the END; a cut loses the index entirely.
  await cutInHalf(TALKING, f('cut-moov-at-end.mp4'));
  // +faststart moves the index to the FRONT; a cut keeps an index describing missing data.
  await ffmpeg(['-i', TALKING, '-c', 'copy', '-movflags', '+faststart', f('faststart.mp4')]);
  await cutInHalf(f('faststart.mp4'), f('cut-moov-at-front.mp4'));
  await ffmpeg(['-i', TALKING, '-vn', '-c', 'copy', f('audio-only.mp4')]);
  await ffmpeg(['-i', TALKING, '-an', '-c', 'copy', f('video-only.mp4')]);
  await cutInHalf(dataPath('audio/speech/musetalk_eng.wav'), f('cut.wav'));
  // A rotated phone-style clip: 1 s of a 640x360 video with a 90-degree rotation flag.
  await ffmpeg(['-t', '1', '-i', dataPath('videos/sample/pyfeat_WolfgangLanger_Pexels.mp4'), '-c', 'copy', '-metadata:s:v:0', 'rotate=90', f('rotated.mp4')]);
});

afterAll(() => cleanup());

describe('probeMedia: bad inputs', () => {
  const cases: [string, () => string, ErrorKind, RegExp][] = [
    ['zero-byte file', () => f('zero.mp4'), 'EmptyFile', /empty/],
    ['random bytes named .mp4', () => f('random.mp4'), 'NotMedia', /not a media file/],
    ['text file named .mp4', () => f('notes.mp4'), 'NotMedia', /not a media file/],
    ['folder named x.mp4', () => f('x.mp4'), 'FileUnreadable', /is a directory/],
    ['nonexistent path', () => f('nope.mp4'), 'FileUnreadable', /does not exist/],
    ['broken symlink', () => f('broken-link.mp4'), 'FileUnreadable', /broken symbolic link/],
    ['looping symlink', () => f('loop-a.mp4'), 'FileUnreadable', /symbolic link loop/],
    ['mp4 (index at end) cut in half', () => f('cut-moov-at-end.mp4'), 'MediaTruncated', /cut short/],
    ['mp4 (index at front) cut in half', () => f('cut-moov-at-front.mp4'), 'MediaTruncated', /cut short/],
    ['wav cut in half', () => f('cut.wav'), 'MediaTruncated', /RIFF/],
  ];
  for (const [name, file, kind, why] of cases) {
    it(`${name} -> ${kind}, message names the file`, async () => {
      const e = await probeError(file());
      expect(e.kind).toBe(kind);
      expect(e.message).toContain(path.basename(file()));
      expect(e.message).toMatch(why);
      expect(e.file).toBe(file());
      expect(e.isBadInput).toBe(true);
    });
  }

  it('the +faststart remux itself probes fine (the cut, not the layout, is the problem)', async () => {
    const info = await probeMedia(f('faststart.mp4'), ctx);
    expect(info.video?.codec).toBe('h264');
    expect(info.audio?.codec).toBe('aac');
  });
});

describe('probeMedia: still images', () => {
  it('a jpeg is a still: one video stream with its size, fps 0, duration 0, no audio', async () => {
    const file = dataPath('images/faces/faceapi_happy.jpg');
    const info = await probeMedia(file, ctx);
    expect(info.still).toBe(true);
    expect(info.durationSec).toBe(0);
    expect(info.audio).toBeUndefined();
    expect(info.subtitles).toEqual([]);
    const v = requireVideo(info);
    expect([v.width, v.height, v.fps, v.durationSec, v.rotation]).toEqual([500, 282, 0, 0, 0]);
  });

  it('is found by content: a jpeg renamed .mp4 and a FER crop are stills', async () => {
    expect((await probeMedia(f('image.mp4'), ctx)).still).toBe(true);
    const fer = await probeMedia(dataPath('fer2013/train/happy/Training_10019449.jpg'), ctx);
    expect([fer.still, fer.video?.width, fer.video?.height]).toEqual([true, 48, 48]);
  });

  it('png and bmp (made from a real photo) are stills too', async () => {
    await ffmpeg(['-i', dataPath('images/faces/faceapi_sad.jpg'), f('sad.png')]);
    await ffmpeg(['-i', dataPath('images/faces/faceapi_sad.jpg'), f('sad.bmp')]);
    for (const name of ['sad.png', 'sad.bmp']) {
      const info = await probeMedia(f(name), ctx);
      expect(info.still).toBe(true);
      expect(info.video?.width).toBeGreaterThan(0);
    }
  });

  it('a video is not a still', async () => {
    expect((await probeMedia(TALKING, ctx)).still).toBe(false);
  });
});

describe('probeMedia: real clips', () => {
  it('reads streams, duration and frame rate of a talking-head clip', async () => {
    const info = await probeMedia(TALKING, ctx);
    expect(info.sizeBytes).toBe((await stat(TALKING)).size);
    expect(info.formatName).toContain('mp4');
    expect(info.durationSec).toBeCloseTo(6.133, 2);
    const v = requireVideo(info);
    expect([v.codec, v.width, v.height, v.rotation]).toEqual(['h264', 700, 700, 0]);
    // Variable frame rate: 135 frames over 6.1 s, not the nominal 30.
    expect(v.fps).toBeCloseTo(1350 / 61, 3);
    const a = requireAudio(info);
    expect([a.codec, a.sampleRate, a.channels]).toEqual(['aac', 44100, 2]);
    expect(a.durationSec).toBeCloseTo(6.107, 2);
    expect(info.subtitles).toEqual([]);
  });

  it('reads the 23.976 fps, 48 kHz sample clip', async () => {
    const info = await probeMedia(dataPath('videos/sample/pyfeat_WolfgangLanger_Pexels.mp4'), ctx);
    expect(info.durationSec).toBeCloseTo(19.69, 2);
    expect(info.video?.fps).toBeCloseTo(24000 / 1001, 3);
    expect([info.video?.width, info.video?.height]).toEqual([640, 360]);
    expect(info.audio?.sampleRate).toBe(48000);
  });

  it('reports the rotation flag as clockwise degrees', async () => {
    const v = requireVideo(await probeMedia(f('rotated.mp4'), ctx));
    // ffmpeg 4's muxer stores rotate=90 as a matrix that ffmpeg itself reads back as 270 (see frames test).
    expect(v.rotation % 180).toBe(90);
    expect([v.width, v.height]).toEqual([640, 360]);
  });

  it('audio-only file: no video; requireVideo throws NoVideoStream naming the file', async () => {
    const info = await probeMedia(f('audio-only.mp4'), ctx);
    expect(info.video).toBeUndefined();
    expect(info.audio?.durationSec).toBeGreaterThan(6);
    expect(() => requireVideo(info)).toThrow(expect.objectContaining({ kind: 'NoVideoStream', message: expect.stringContaining('audio-only.mp4') }));
  });

  it('video without audio: requireAudio throws NoAudioStream naming the file', async () => {
    const info = await probeMedia(f('video-only.mp4'), ctx);
    expect(info.video?.width).toBe(700);
    expect(info.audio).toBeUndefined();
    expect(() => requireAudio(info)).toThrow(expect.objectContaining({ kind: 'NoAudioStream', message: expect.stringContaining('video-only.mp4') }));
  });

  it('a file name with spaces, a colon and a leading dash is read as a local file, not a protocol or option', async () => {
    const odd = f('-concat: take 1.mp4');
    await copyFile(TALKING, odd);
    const info = await probeMedia(odd, ctx);
    expect(info.video?.width).toBe(700);
  });

  it('a plain wav file is audio-only media', async () => {
    const info = await probeMedia(dataPath('audio/speech/musetalk_eng.wav'), ctx);
    expect(info.video).toBeUndefined();
    expect(info.audio?.durationSec).toBeCloseTo(60, 1);
  });

  it('abort before probing -> Canceled', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(probeMedia(TALKING, makeContext({ signal: ac.signal }))).rejects.toMatchObject({ kind: 'Canceled' });
  });
});
