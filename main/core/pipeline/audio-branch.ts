import { randomUUID } from 'node:crypto';
import { AUDIO_SAMPLE_RATE, streamAudio } from '../media/decode-audio.ts';
import type { MediaInfo } from '../media/media-info.ts';
import type { AudioBranchResult } from './worker-apis.ts';
import type { PipelineContext } from './worker-pools.ts';

/** Seconds of audio per chunk sent to the worker: small enough to bound memory, large enough to amortise messages. */
const CHUNK_SEC = 10;

/**
 * Audio branch (DESIGN 3.2-3.3 + the audio extractor, EXTRACTORS.audio): ffmpeg streams 16 kHz mono PCM in this thread (a
 * child process), the audio worker runs VAD, features and level statistics chunk by chunk.
 */
export async function runAudioBranch(file: string, info: MediaInfo, ctx: PipelineContext): Promise<AudioBranchResult & { wallMs: number }> {
  const t0 = performance.now();
  const pool = ctx.workers.audio;
  const id = randomUUID();
  const call = { signal: ctx.signal, onProgress: ctx.onProgress, log: ctx.log };
  await pool.call('open', { id, sampleRate: AUDIO_SAMPLE_RATE }, call);
  try {
    for await (const chunk of streamAudio(file, ctx, { chunkSec: CHUNK_SEC, info })) {
      ctx.onProgress({
        type: 'stage',
        stage: 'audio-features',
        fraction: info.durationSec > 0 ? Math.min(1, chunk.startSec / info.durationSec) : undefined,
      });
      await pool.call('push', { id, samples: chunk.samples }, { ...call, transfer: [chunk.samples.buffer as ArrayBuffer] });
    }
    const res = await pool.call('close', { id }, call);
    return { ...res, wallMs: performance.now() - t0 };
  } catch (e) {
    void pool.call('drop', { id }).catch(() => {});
    throw e;
  }
}
