import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeContext } from '../../../../main/core/context.ts';
import { AUDIO_SAMPLE_RATE, decodeAudio, streamAudio } from '../../../../main/core/media/decode-audio.ts';
import { probeMedia } from '../../../../main/core/media/probe.ts';
import { dataPath } from '../../../helpers/data.ts';
import { liveChildren } from './child-processes.ts';
import { ffmpeg, tempDir } from './make-media.ts';

const ctx = makeContext();
const TALKING = dataPath('videos/talking_heads/video-retalking_face_1.mp4');
const SPEECH_60S = dataPath('audio/speech/musetalk_eng.wav');
let dir = '';
let cleanup: () => Promise<void> = async () => {};

function rms(x: Float32Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s / Math.max(1, x.length));
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('decode'));
  // Matroska keeps its duration in the header, so a cut mkv probes as complete: only decoding finds out.
  await ffmpeg(['-i', TALKING, '-c', 'copy', path.join(dir, 'clip.mkv')]);
  const mkv = await readFile(path.join(dir, 'clip.mkv'));
  await writeFile(path.join(dir, 'cut.mkv'), mkv.subarray(0, Math.floor(mkv.length / 2)));
  await ffmpeg(['-i', TALKING, '-an', '-c', 'copy', path.join(dir, 'video-only.mp4')]);
});
afterAll(() => cleanup());

describe('decodeAudio', () => {
  it('decodes a talking-head clip to 16 kHz mono float32 of the probed length', async () => {
    const info = await probeMedia(TALKING, ctx);
    const s = await decodeAudio(TALKING, ctx, { info });
    expect(s).toBeInstanceOf(Float32Array);
    expect(s.length / AUDIO_SAMPLE_RATE).toBeCloseTo(info.audio?.durationSec ?? 0, 1);
    let peak = 0;
    for (const v of s) peak = Math.max(peak, Math.abs(v));
    expect(peak).toBeLessThanOrEqual(1);
    expect(rms(s)).toBeGreaterThan(0.01); // audible speech, not silence
  });

  it('decodes a time range', async () => {
    const s = await decodeAudio(SPEECH_60S, ctx, { startSec: 10, durationSec: 5 });
    expect(s.length).toBe(5 * AUDIO_SAMPLE_RATE);
    const whole = await decodeAudio(SPEECH_60S, ctx);
    expect(whole.length).toBe(60 * AUDIO_SAMPLE_RATE);
    // The same samples as the slice of the whole decode (16 kHz PCM wav: exact seek).
    const slice = whole.subarray(10 * AUDIO_SAMPLE_RATE, 15 * AUDIO_SAMPLE_RATE);
    let maxDiff = 0;
    for (let i = 0; i < s.length; i++) maxDiff = Math.max(maxDiff, Math.abs((s[i] ?? 0) - (slice[i] ?? 0)));
    expect(maxDiff).toBeLessThan(1e-6);
  });

  it('streams chunks that concatenate to the whole decode', async () => {
    const whole = await decodeAudio(SPEECH_60S, ctx);
    let n = 0;
    let chunks = 0;
    let maxDiff = 0;
    for await (const c of streamAudio(SPEECH_60S, ctx, { chunkSec: 7 })) {
      expect(c.startSec).toBeCloseTo(n / AUDIO_SAMPLE_RATE, 6);
      if (n + c.samples.length < whole.length) expect(c.samples.length).toBe(7 * AUDIO_SAMPLE_RATE);
      for (let i = 0; i < c.samples.length; i++) maxDiff = Math.max(maxDiff, Math.abs((c.samples[i] ?? 0) - (whole[n + i] ?? 0)));
      n += c.samples.length;
      chunks += 1;
    }
    expect(n).toBe(whole.length);
    expect(chunks).toBe(Math.ceil(60 / 7));
    expect(maxDiff).toBe(0);
  });

  it('a cut mkv (probes as complete) -> MediaTruncated naming the file', async () => {
    const file = path.join(dir, 'cut.mkv');
    const info = await probeMedia(file, ctx);
    expect(info.durationSec).toBeGreaterThan(6); // the header still claims the full length
    await expect(decodeAudio(file, ctx, { info })).rejects.toMatchObject({ kind: 'MediaTruncated', message: expect.stringContaining('cut.mkv') });
  });

  it('a video without audio -> NoAudioStream naming the file', async () => {
    await expect(decodeAudio(path.join(dir, 'video-only.mp4'), ctx)).rejects.toMatchObject({
      kind: 'NoAudioStream',
      message: expect.stringContaining('video-only.mp4'),
    });
  });

  it('rejects a negative start', async () => {
    await expect(decodeAudio(TALKING, ctx, { startSec: -1 })).rejects.toMatchObject({ kind: 'InvalidArgument' });
  });

  it('abort mid-stream -> Canceled and no ffmpeg left running', async () => {
    const ac = new AbortController();
    const c = makeContext({ signal: ac.signal });
    const before = liveChildren().length;
    const run = (async () => {
      for await (const _chunk of streamAudio(SPEECH_60S, c, { chunkSec: 1 })) {
        expect(liveChildren().some((p) => p.comm === 'ffmpeg')).toBe(true);
        ac.abort();
      }
    })();
    await expect(run).rejects.toMatchObject({ kind: 'Canceled' });
    expect(liveChildren().length).toBe(before);
  });

  it('a consumer that stops early ends ffmpeg', async () => {
    for await (const _chunk of streamAudio(SPEECH_60S, ctx, { chunkSec: 1 })) break;
    expect(liveChildren().filter((p) => p.comm === 'ffmpeg')).toEqual([]);
  });
});
