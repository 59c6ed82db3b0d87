import os from 'node:os';
import { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppError } from '../errors.ts';
import type { Logger } from '../context.ts';
import type { QueueProgress } from '../jobs/batch-progress.ts';
import type { AnalysisCall, AnalyzeFile } from '../jobs/process-file.ts';
import type { FileStatus, ModelKey, Timings } from '../store/schemas.ts';
import { checkReachable, openConnection } from './connection.ts';
import type { PackIdentity } from './pack-identity.ts';
import { checkResult, decodeFailure, JOB_NAME, QUEUE_NAME, queueJobId, queueReplySchema, type QueueJobData } from './protocol.ts';
import type { QueueTarget } from './queue-url.ts';

/**
 * The coordinator's side of the queue (`corrkd batch --queue`): an AnalyzeFile that hands a hashed
 * file to the workers as one BullMQ job and waits for its answer, so the batch around it (rows,
 * reuse, resume, progress) is the local batch's own code.
 *
 * - The job id comes from the result key (protocol.ts queueJobId): adding a job that is already on
 *   the queue (a re-run, --resume after the coordinator died) adds nothing and waits for that job,
 *   finished or not, so finished work is picked up, never done twice.
 * - Transient failures are retried by BullMQ (attempts, exponential backoff from backoffMs); the
 *   batch sees the last one. A worker's content error (NotMedia...) is an answer, not a failure.
 * - Answers are read by polling each outstanding job (at most `window` on the queue at once, so a
 *   huge archive does not sit in Redis, and polling stays cheap). A job that is gone (Redis restarted
 *   without its data) is added again; while Redis is down the coordinator waits and reconnects.
 * - A job is removed from Redis only after its row is in the store (fileDone), so a coordinator
 *   killed in between finds the answer still there on --resume. Jobs left behind expire after
 *   RETAIN_SEC.
 */
export interface CoordinatorOptions {
  target: QueueTarget;
  model: ModelKey;
  optionsHash: string;
  pack: PackIdentity;
  perFileTimeoutMs: number | 'auto' | null;
  /** Tries per job in all (the first and its retries) for transient failures. */
  attempts: number;
  /** Delay before the first retry; each further retry waits twice as long. */
  backoffMs: number;
  /** Most jobs on the queue at once for this batch (default 500). */
  window?: number;
  /** How often outstanding jobs are checked (default 1000 ms). */
  pollMs?: number;
  log: Logger;
}

/** Finished jobs nobody collected (a coordinator that never came back) are dropped after a week. */
export const RETAIN_SEC = 7 * 24 * 3600;
const WORKERS_EVERY_MS = 3000;
const CHECK_CHUNK = 100;

interface Waiter {
  id: string;
  data: QueueJobData;
  timings: Timings;
  /** true once the job is known to be on the queue (a job missing after that vanished) */
  added: boolean;
  resolve: (result: unknown) => void;
  reject: (e: AppError) => void;
}

export class QueueCoordinator {
  private readonly waiters = new Map<string, Waiter>();
  private readonly jobOfPath = new Map<string, string>();
  private readonly roomWaiters: (() => void)[] = [];
  private readonly abortWatchers = new WeakMap<AbortSignal, Set<() => void>>();
  private workers: number | null = null;
  /** false from a lost connection until it is ready again (ioredis reconnects by itself) */
  private up = true;
  private lastWorkers = 0;
  private closed = false;
  private wake: (() => void) | null = null;
  private readonly loop: Promise<void>;
  private readonly window: number;

  private constructor(
    private readonly opts: CoordinatorOptions,
    private readonly conn: Redis,
    private readonly queue: Queue,
  ) {
    this.window = Math.max(1, opts.window ?? 500);
    conn.on('close', () => (this.up = false));
    conn.on('ready', () => {
      this.up = true;
      this.wake?.(); // check at once: jobs may have been lost with a restarted Redis
    });
    this.loop = this.pollLoop();
  }

  /** Checks the URL answers (InvalidArgument within seconds otherwise), then connects for good. */
  static async open(opts: CoordinatorOptions): Promise<QueueCoordinator> {
    await checkReachable(opts.target);
    const conn = openConnection(opts.target, `corrkd-coordinator-${os.hostname()}-${process.pid}`, opts.log);
    const queue = new Queue(QUEUE_NAME, { connection: conn });
    queue.on('error', (e: Error) => opts.log('debug', `queue ${opts.target.display}: ${e.message}`));
    return new QueueCoordinator(opts, conn, queue);
  }

  readonly analyzeFile: AnalyzeFile = (call) => this.submit(call);

  progress(): QueueProgress {
    return { url: this.opts.target.display, workers: this.up ? this.workers : null, connected: this.up };
  }

  /**
   * The row of `path` is stored: a final answer's job can leave Redis. A file the batch stopped
   * waiting for (interrupted) keeps its job, so --resume collects what the workers finish meanwhile.
   */
  fileDone(path: string, status: FileStatus): void {
    const id = this.jobOfPath.get(path);
    if (id === undefined) return;
    this.jobOfPath.delete(path);
    if (status !== 'succeeded' && status !== 'failed' && status !== 'skipped') return;
    this.queue.remove(id).catch((e: Error) => this.opts.log('debug', `queue: could not remove job ${id}: ${e.message}`));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    for (const r of this.roomWaiters.splice(0)) r();
    // A Redis that is down keeps a check or quit() waiting: give each a moment, then drop the socket.
    const moment = () => new Promise((r) => setTimeout(r, 2000).unref());
    await Promise.race([this.loop, moment()]);
    const closing = this.queue.close().then(() => this.conn.quit());
    await Promise.race([closing.catch(() => {}), moment()]);
    this.conn.disconnect();
  }

  private async submit(call: AnalysisCall): Promise<unknown> {
    await this.roomFor(call.signal);
    const key = { sha256: call.hashed.sha256, model: this.opts.model, optionsHash: this.opts.optionsHash };
    const id = queueJobId(key);
    const data: QueueJobData = {
      v: 1,
      path: call.file,
      sha256: call.hashed.sha256,
      size: call.hashed.size,
      model: this.opts.model,
      optionsHash: this.opts.optionsHash,
      pack: this.opts.pack,
      perFileTimeoutMs: this.opts.perFileTimeoutMs,
    };
    return new Promise<unknown>((resolve, reject) => {
      const onAbort = () => settle(() => reject(canceled(call)));
      let unwatch = () => {};
      const settle = (fn: () => void) => {
        if (this.waiters.get(id) !== w) return;
        this.waiters.delete(id);
        unwatch();
        this.roomWaiters.shift()?.();
        fn();
      };
      const w: Waiter = {
        id,
        data,
        timings: call.timings,
        added: false,
        resolve: (r) => settle(() => resolve(r)),
        reject: (e) => settle(() => reject(e)),
      };
      if (this.waiters.has(id)) {
        // The batch hands the same bytes over once (process-file's in-flight map); twice is a bug.
        reject(new AppError('Internal', `The queue already waits for job ${id} (${call.file}).`, { file: call.file }));
        return;
      }
      this.waiters.set(id, w);
      this.jobOfPath.set(call.file, id);
      if (call.signal.aborted) return onAbort();
      unwatch = this.onAbort(call.signal, onAbort);
      this.add(w).then(
        () => {
          w.added = true;
          call.yieldSlot();
          this.wake?.();
        },
        (e: Error) => w.reject(new AppError('ToolFailed', `Could not put ${call.file} on the batch queue ${this.opts.target.display}: ${e.message}`, { file: call.file })),
      );
    });
  }

  /** One abort listener per signal for all the files waiting on it (a batch hands over thousands). */
  private onAbort(signal: AbortSignal, fn: () => void): () => void {
    let set = this.abortWatchers.get(signal);
    if (!set) {
      const fns = new Set<() => void>();
      set = fns;
      this.abortWatchers.set(signal, fns);
      signal.addEventListener('abort', () => [...fns].forEach((f) => f()), { once: true });
    }
    const fns = set;
    fns.add(fn);
    return () => fns.delete(fn);
  }

  private add(w: Waiter): Promise<unknown> {
    return this.queue.add(JOB_NAME, w.data, {
      jobId: w.id,
      attempts: this.opts.attempts,
      backoff: { type: 'exponential', delay: this.opts.backoffMs },
      removeOnComplete: { age: RETAIN_SEC },
      removeOnFail: { age: RETAIN_SEC },
    });
  }

  private roomFor(signal: AbortSignal): Promise<void> {
    if (this.waiters.size < this.window || this.closed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const go = () => {
        signal.removeEventListener('abort', go);
        resolve();
      };
      signal.addEventListener('abort', go, { once: true });
      this.roomWaiters.push(go);
    });
  }

  private async pollLoop(): Promise<void> {
    const pollMs = this.opts.pollMs ?? 1000;
    while (!this.closed) {
      await new Promise<void>((r) => {
        const t = setTimeout(r, pollMs);
        this.wake = () => {
          clearTimeout(t);
          r();
        };
      });
      this.wake = null;
      if (this.closed) break;
      if (!this.up) continue;
      try {
        await this.checkOutstanding();
        if (performance.now() - this.lastWorkers > WORKERS_EVERY_MS) {
          this.lastWorkers = performance.now();
          this.workers = await this.queue.getWorkersCount();
        }
      } catch (e) {
        this.opts.log('debug', `queue ${this.opts.target.display}: check failed (${(e as Error).message}); trying again.`);
      }
    }
  }

  private async checkOutstanding(): Promise<void> {
    const added = [...this.waiters.values()].filter((w) => w.added);
    for (let i = 0; i < added.length && !this.closed; i += CHECK_CHUNK) {
      await Promise.all(added.slice(i, i + CHECK_CHUNK).map((w) => this.check(w)));
    }
  }

  private async check(w: Waiter): Promise<void> {
    const job = await Job.fromId(this.queue, w.id);
    if (this.waiters.get(w.id) !== w) return;
    if (!job) {
      this.opts.log('warn', `queue: the job for ${w.data.path} is no longer on the queue (Redis restarted without its data?); adding it again.`);
      w.added = false;
      await this.add(w);
      w.added = true;
      return;
    }
    if (!job.finishedOn) return;
    const state = await job.getState();
    if (state === 'completed') this.ingest(w, job.returnvalue);
    else if (state === 'failed') w.reject(decodeFailure(job.failedReason, w.data.path, job.attemptsMade));
  }

  private ingest(w: Waiter, value: unknown): void {
    const file = w.data.path;
    const reply = queueReplySchema.safeParse(value);
    if (!reply.success) {
      w.reject(new AppError('Internal', `The answer the queue holds for ${file} is not a worker's reply this coordinator understands.`, { file }));
      return;
    }
    Object.assign(w.timings, reply.data.timings);
    if (reply.data.outcome === 'error') {
      w.reject(new AppError(reply.data.error.kind, reply.data.error.message, { file }));
      return;
    }
    try {
      w.resolve(checkResult(reply.data.result, `The result for ${file} from worker ${reply.data.worker}`));
    } catch (e) {
      w.reject(e as AppError);
    }
  }
}

function canceled(call: AnalysisCall): AppError {
  const r: unknown = call.signal.reason;
  return r instanceof AppError ? r : new AppError('Canceled', `${call.file} was handed to the queue; the batch stopped before its answer came.`, { file: call.file });
}
