import { makeContext } from '../core/context.ts';
import { AppError } from '../core/errors.ts';
import type { FrameSeries } from '../core/types.ts';
import { AudioV2Stream } from '../core/features/audio/audio-v2.ts';
import { concatFrameSeries } from '../core/features/audio/frame-stream.ts';
import { EXTRACTORS } from '../core/features/extractors.ts';
import { SignalStatsAccumulator } from '../core/features/audio/signal-stats.ts';
import { SileroVadStream } from '../core/features/vad/silero-vad.ts';
import { withTransfer, type WorkerCallContext } from '../core/threads/protocol.ts';
import { serveWorker } from '../core/threads/worker-host.ts';
import type { AudioBranchResult, AudioWorkerApi } from '../core/pipeline/worker-apis.ts';

/**
 * Audio branch worker: voice activity (Silero ONNX), the app's audio features (EXTRACTORS.audio: audio-v2) and level statistics over
 * streamed 16 kHz chunks, so neither the ONNX runs nor the feature maths block the caller's thread
 * and an hour of audio never has to be in memory at once. One open stream per call sequence id.
 */
interface Session {
  vad: SileroVadStream;
  feats: AudioV2Stream;
  stats: SignalStatsAccumulator;
  parts: FrameSeries[];
  vadMs: number;
  featMs: number;
}

const sessions = new Map<string, Session>();

function session(id: string): Session {
  const s = sessions.get(id);
  if (!s) throw new AppError('Internal', `audio worker: no open stream '${id}'.`);
  return s;
}

const api = {
  async open(args: { id: string; sampleRate: number }, ctx: WorkerCallContext): Promise<void> {
    const stage = makeContext({ onProgress: (p) => ctx.progress(p) });
    sessions.set(args.id, {
      vad: await SileroVadStream.create(stage),
      feats: new AudioV2Stream(args.sampleRate),
      stats: new SignalStatsAccumulator(args.sampleRate),
      parts: [],
      vadMs: 0,
      featMs: 0,
    });
  },

  async push(args: { id: string; samples: Float32Array }): Promise<void> {
    const s = session(args.id);
    s.stats.push(args.samples);
    let t = performance.now();
    s.parts.push(s.feats.push(args.samples));
    s.featMs += performance.now() - t;
    t = performance.now();
    await s.vad.push(args.samples);
    s.vadMs += performance.now() - t;
  },

  async close(args: { id: string }) {
    const s = session(args.id);
    sessions.delete(args.id);
    let t = performance.now();
    s.parts.push(s.feats.end());
    const series = concatFrameSeries(s.parts, EXTRACTORS.audio.id, EXTRACTORS.audio.dim);
    s.featMs += performance.now() - t;
    t = performance.now();
    const vad = await s.vad.finish();
    s.vadMs += performance.now() - t;
    const result: AudioBranchResult = { series, vad, stats: s.stats.result(), cpuMs: { vad: s.vadMs, features: s.featMs } };
    const buffers = [series.times.buffer, series.data.buffer, series.valid.buffer, vad.probs.buffer] as ArrayBuffer[];
    return withTransfer(result, buffers);
  },

  drop(args: { id: string }): void {
    sessions.delete(args.id);
  },
} satisfies AudioWorkerApi;

serveWorker(api);
