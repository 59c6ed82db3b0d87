import os from 'node:os';
import { WorkerPool } from '../threads/worker-pool.ts';
import type { StageContext } from '../context.ts';
import type { AudioWorkerApi, InferenceWorkerApi, VisualWorkerApi } from './worker-apis.ts';

/**
 * The pipeline's worker threads (STYLE habit 6). Whoever runs analyses owns one set and hands it to
 * the pipeline in the stage context (PipelineContext): the CLI command for its files, a batch
 * analyzer for its batch, the app for its lifetime (single clips and batches share it). Clips
 * analysed concurrently queue on the same threads rather than multiplying tfjs/ORT instances; each
 * clip's audio and visual branches still overlap. Threads start on their first call, so a set that
 * is never used costs nothing. The entry files (main/workers/*.worker.ts) are started by URL, never
 * imported: core sees only their contracts (worker-apis.ts).
 */
export interface PipelineWorkers {
  audio: WorkerPool<AudioWorkerApi>;
  visual: WorkerPool<VisualWorkerApi>;
  inference: WorkerPool<InferenceWorkerApi>;
  /** Ends the threads; calls made afterwards are refused (Canceled). */
  close(): Promise<void>;
}

export interface PipelineWorkersOptions {
  /**
   * Face workers; default defaultVisualThreads() (1 on 2 cores, up to 4). A clip's
   * frames go to them in runs that each start with a detection (features/visual/face-tracker.ts), so
   * one clip uses several. There is no such option for the audio worker: it keeps each clip's
   * stream state (VAD, feature windows) between its open/push/close calls, so one clip's calls
   * must reach the same thread; one audio thread is also more than the audio needs.
   */
  visualThreads?: number;
}

/** What the pipeline's stages (analyzeClip, extractClipFeatures, the branches) run with. */
export interface PipelineContext extends StageContext {
  workers: PipelineWorkers;
}

function entry(name: string): URL {
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return new URL(`../../workers/${name}.worker.${ext}`, import.meta.url);
}

export function createPipelineWorkers(opts: PipelineWorkersOptions = {}): PipelineWorkers {
  const audio = new WorkerPool<AudioWorkerApi>(entry('audio'), { size: 1, name: 'audio' });
  const visual = createVisualPool(opts.visualThreads ?? defaultVisualThreads());
  const inference = new WorkerPool<InferenceWorkerApi>(entry('inference'), { size: 1, name: 'inference' });
  return {
    audio,
    visual,
    inference,
    close: async () => {
      await Promise.all([audio.close(), visual.close(), inference.close()]);
    },
  };
}

/**
 * Face workers by default: one per core beyond two (ffmpeg's decoding, the audio worker, inference
 * and the main thread share those two), at least 1, at most 4. Each face worker holds ~300 MB (tfjs,
 * face-api's nets, face-net), so on 2 cores the second one is not started by default: measured on a
 * 6-minute clip at 5 fps (2 cores), 1 face worker 64 s and 618 MB peak RSS, 2 face workers 46 s and
 * 948 MB; 1 worker already analyses long clips at 5.7x real time with tracking (README "Tracking,
 * sampling rate and face workers"). `visualThreads` sets another count.
 */
export function defaultVisualThreads(cores: number = os.availableParallelism()): number {
  return Math.max(1, Math.min(4, cores - 2));
}

/** `ctx` with `workers` for the pipeline (a batch or a queue worker hands each file a plain StageContext). */
export function withWorkers(ctx: StageContext, workers: PipelineWorkers): PipelineContext {
  return { signal: ctx.signal, onProgress: ctx.onProgress, log: ctx.log, workers };
}

/**
 * A pool of face workers alone, for a job that keeps several busy at once on images (a dataset of
 * face images); the caller closes it.
 */
export function createVisualPool(size: number): WorkerPool<VisualWorkerApi> {
  return new WorkerPool<VisualWorkerApi>(entry('visual'), { size, name: 'visual' });
}
