import { WorkerPool } from '../threads/worker-pool.ts';
import type { AudioWorkerApi, InferenceWorkerApi, VisualWorkerApi } from './worker-apis.ts';

/**
 * The pipeline's worker threads (STYLE habit 6), created on first use and shared by every clip of
 * the process. One audio and one face worker per process: each clip's two branches overlap, and
 * clips analysed concurrently (batch) queue on them rather than multiplying tfjs/ORT instances.
 * The entry files (main/workers/*.worker.ts) are started by URL, never imported: core sees only
 * their contracts (worker-apis.ts).
 */
export interface PipelineWorkers {
  audio: WorkerPool<AudioWorkerApi>;
  visual: WorkerPool<VisualWorkerApi>;
  inference: WorkerPool<InferenceWorkerApi>;
}

function entry(name: string): URL {
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return new URL(`../../workers/${name}.worker.${ext}`, import.meta.url);
}

let workers: PipelineWorkers | undefined;

export function pipelineWorkers(opts: { visualThreads?: number; audioThreads?: number } = {}): PipelineWorkers {
  workers ??= {
    audio: new WorkerPool<AudioWorkerApi>(entry('audio'), { size: opts.audioThreads ?? 1, name: 'audio' }),
    visual: new WorkerPool<VisualWorkerApi>(entry('visual'), { size: opts.visualThreads ?? 1, name: 'visual' }),
    inference: new WorkerPool<InferenceWorkerApi>(entry('inference'), { size: 1, name: 'inference' }),
  };
  return workers;
}

/**
 * A separate pool of face workers, for a job that keeps several busy at once (a dataset of face
 * images); the caller closes it. The shared pipeline pool above has one face worker.
 */
export function createVisualPool(size: number): WorkerPool<VisualWorkerApi> {
  return new WorkerPool<VisualWorkerApi>(entry('visual'), { size, name: 'visual' });
}

export async function closePipelineWorkers(): Promise<void> {
  const w = workers;
  workers = undefined;
  if (w) await Promise.all([w.audio.close(), w.visual.close(), w.inference.close()]);
}
