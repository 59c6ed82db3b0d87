import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Transferable } from 'node:worker_threads';
import { AppError } from '../errors.ts';
import type { LogLevel, Progress } from '../context.ts';
import type { ArgsOf, ResultOf, WorkerApi } from './protocol.ts';
import { WorkerSlot } from './worker-slot.ts';
import type { Job } from './worker-slot.ts';

/**
 * A typed pool of N worker threads running one `*.worker.ts` entry (STYLE habits 6, 7, 9).
 *
 *   const pool = new WorkerPool<SumWorkerApi>(new URL('./sum.worker.ts', import.meta.url), { size: 2 }); // test/fixtures/sum.worker.ts
 *   const total = await pool.call('sum', { values }, { signal, transfer: [values.buffer] });
 *
 * Calls queue FIFO and go to the first idle worker. Each call may carry an AbortSignal: queued, it
 * is dropped; running, its worker is terminated (restarted on the next call). A worker that dies
 * without replying fails its call with ToolFailed. Errors thrown in the worker arrive as AppError
 * with the same kind. `transfer` moves buffers (e.g. a Float32Array's .buffer) instead of copying.
 */

export interface WorkerPoolOptions {
  /** Number of threads; default min(4, cores - 1), at least 1. */
  size?: number;
  /** Used in thread names and error messages; default the entry's file name. */
  name?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** ArrayBuffers inside `args` to move to the worker (they become unusable here). */
  transfer?: readonly Transferable[];
  /** Receives progress the handler reports (a StageContext can be passed as CallOptions). */
  onProgress?: (p: Progress) => void;
  log?: (level: LogLevel, message: string) => void;
}

export function defaultPoolSize(): number {
  return Math.max(1, Math.min(4, os.availableParallelism() - 1));
}

export class WorkerPool<Api extends WorkerApi> {
  private readonly slots: WorkerSlot[];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  readonly name: string;

  constructor(entry: string | URL, opts: WorkerPoolOptions = {}) {
    const url = typeof entry === 'string' ? pathToFileURL(path.resolve(entry)) : entry;
    this.name = opts.name ?? path.basename(fileURLToPath(url));
    const size = opts.size ?? defaultPoolSize();
    if (!Number.isInteger(size) || size < 1) {
      throw new AppError('InvalidArgument', `Worker pool ${this.name}: size must be a positive integer, got ${size}.`);
    }
    this.slots = Array.from({ length: size }, (_, i) => new WorkerSlot(url, `${this.name}#${i + 1}`, () => this.dispatch()));
  }

  get size(): number {
    return this.slots.length;
  }

  /** Calls waiting for a free worker. */
  get queued(): number {
    return this.queue.length;
  }

  /** Thread ids of the live workers (undefined for a slot with no thread yet). */
  threadIds(): (number | undefined)[] {
    return this.slots.map((s) => s.threadId);
  }

  call<K extends keyof Api & string>(method: K, args: ArgsOf<Api[K]>, opts: CallOptions = {}): Promise<ResultOf<Api[K]>> {
    if (this.closed) return Promise.reject(new AppError('Canceled', `Worker pool ${this.name} is closed; '${method}' was not run.`));
    if (opts.signal?.aborted) return Promise.reject(new AppError('Canceled', `The worker call '${method}' was canceled before it started.`, { cause: opts.signal.reason }));
    return new Promise<ResultOf<Api[K]>>((resolve, reject) => {
      const job: Job = {
        id: this.nextId++,
        method,
        args,
        transfer: opts.transfer ?? [],
        signal: opts.signal,
        onProgress: opts.onProgress,
        log: opts.log,
        resolve: resolve as (v: unknown) => void,
        reject,
      };
      if (opts.signal) {
        // While queued, an abort just removes the job; once running, the slot handles it.
        const signal = opts.signal;
        const onAbort = (): void => {
          const i = this.queue.indexOf(job);
          if (i >= 0) {
            this.queue.splice(i, 1);
            reject(new AppError('Canceled', `The worker call '${method}' (call #${job.id}) was canceled while queued.`, { cause: signal.reason }));
          }
        };
        signal.addEventListener('abort', onAbort, { once: true });
        const settle = (): void => signal.removeEventListener('abort', onAbort);
        job.resolve = (v) => {
          settle();
          resolve(v as ResultOf<Api[K]>);
        };
        job.reject = (e) => {
          settle();
          reject(e);
        };
      }
      this.queue.push(job);
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.busy) slot.run(this.queue.shift() as Job);
    }
  }

  /** Terminates every thread; queued and running calls fail with Canceled. */
  async close(): Promise<void> {
    this.closed = true;
    const err = (): AppError => new AppError('Canceled', `Worker pool ${this.name} was closed.`);
    for (const job of this.queue.splice(0)) job.reject(err());
    await Promise.all(this.slots.map((s) => s.terminate(err())));
  }
}

/** A single-thread pool: the typed client for one worker. */
export function createWorkerClient<Api extends WorkerApi>(entry: string | URL, name?: string): WorkerPool<Api> {
  return new WorkerPool<Api>(entry, { size: 1, ...(name ? { name } : {}) });
}
