import { describe, expect, it } from 'vitest';
import { makeContext } from '../../../../../main/core/context.ts';
import { SileroVadStream, detectSpeech, detectSpeechInChunks } from '../../../../../main/core/features/vad/silero-vad.ts';
import { decodeAudio, streamAudio } from '../../../../../main/core/media/decode-audio.ts';
import { TALKING_HEADS, dataPath } from '../../../../helpers/data.ts';

const ctx = makeContext();

describe('Silero VAD', () => {
  for (const clip of TALKING_HEADS) {
    it(`finds speech in most of ${clip}`, async () => {
      const r = await detectSpeech(await decodeAudio(dataPath(clip), ctx), ctx);
      expect(r.speechRatio).toBeGreaterThan(0.3);
      expect(r.segments.length).toBeGreaterThan(0);
      expect(r.frameSec).toBeCloseTo(0.032, 9);
      expect(r.probs.length).toBe(Math.ceil((r.durationSec * 16000) / 512));
      for (const s of r.segments) {
        expect(s.end).toBeGreaterThan(s.start);
        expect(s.start).toBeGreaterThanOrEqual(0);
        expect(s.end).toBeLessThanOrEqual(r.durationSec);
      }
    });
  }

  const quiet = ['videos/sample/pyfeat_WolfgangLanger_Pexels.mp4', 'videos/face_no_speech/liveportrait_d9.mp4', 'videos/face_no_speech/pyfeat_single_face.mp4'];
  for (const clip of quiet) {
    it(`finds (almost) no speech in ${clip}`, async () => {
      const r = await detectSpeech(await decodeAudio(dataPath(clip), ctx), ctx);
      expect(r.speechRatio).toBeLessThan(0.05);
    });
  }

  it('the legacy (v4) model agrees on a talking head', async () => {
    const samples = await decodeAudio(dataPath(TALKING_HEADS[1] as string), ctx);
    const v5 = await detectSpeech(samples, ctx);
    const legacy = await detectSpeech(samples, ctx, { model: 'legacy' });
    expect(legacy.speechRatio).toBeGreaterThan(0.3);
    expect(Math.abs(legacy.speechRatio - v5.speechRatio)).toBeLessThan(0.2);
  });

  it('streamed in odd-sized chunks gives exactly the whole-buffer result', async () => {
    const samples = await decodeAudio(dataPath('audio/speech/musetalk_eng.wav'), ctx, { durationSec: 20 });
    const whole = await detectSpeech(samples, ctx);
    const stream = await SileroVadStream.create(ctx);
    const sizes = [1, 511, 513, 1000, 16000, 7];
    for (let off = 0, i = 0; off < samples.length; i++) {
      const n = sizes[i % sizes.length] as number;
      await stream.push(samples.subarray(off, off + n));
      off += n;
    }
    const chunked = await stream.finish();
    expect(Array.from(chunked.probs)).toEqual(Array.from(whole.probs));
    expect(chunked.segments).toEqual(whole.segments);
    expect(chunked.speechRatio).toBe(whole.speechRatio);
  });

  it('runs over streamAudio chunks without holding the whole file', async () => {
    const file = dataPath('audio/speech/musetalk_eng.wav');
    const r = await detectSpeechInChunks(streamAudio(file, ctx, { chunkSec: 10 }), ctx);
    expect(r.durationSec).toBeCloseTo(60, 3);
    expect(r.speechRatio).toBeGreaterThan(0.5);
  });

  it('abort -> Canceled', async () => {
    const ac = new AbortController();
    ac.abort();
    const samples = new Float32Array(16000 * 5);
    await expect(detectSpeech(samples, makeContext({ signal: ac.signal }))).rejects.toMatchObject({ kind: 'Canceled' });
  });
});
