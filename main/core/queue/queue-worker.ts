import os from 'node:os';
import { UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppError, toAppError, type ErrorKind } from '../errors.ts';
import type { Logger } from '../context.ts';
import { analyzeLocally } from '../jobs/analyze-locally.ts';
import type { BatchAnalyzer } from '../jobs/default-analyzer.ts';
import { checkUnchanged, hashFile } from '../media/hash.ts';
import { CONTENT_KINDS, FATAL_KINDS } from '../jobs/process-file.ts';
import type { Timings } from '../store/schemas.ts';
import { checkReachable, openConnection } from './connection.ts';
import { describePack, samePack } from './pack-identity.ts';
import type { PathMap } from './path-map.ts';
import { checkResult, encodeFailure, PROTOCOL_VERSION, QUEUE_NAME, queueJobDataSchema, type QueueJobData, type QueueReply } from './protocol.ts';
import type { QueueTarget } from './queue-url.ts';

/**
 * `corrkd worker --queue URL` (issue 12): takes jobs off the batch queue and runs the same steps as
 * a local batch on each (hash, probe, analyzeClip under the per-file deadline, unchanged check),
 * then returns the result JSON (checked against the result schema) or the error.
 *
 * - The job's pack must be this worker's (id, version and file checksums): otherwise the job goes
 *   back on the queue untouched and the worker stops with ModelContractMismatch naming both packs.
 * - The file must be the bytes the coordinator hashed (same sha256), else FileChanged.
 * - Content errors (NotMedia, MediaTruncated, NoAudioStream, NoVideoStream) are answers, final.
 *   Everything else is thrown, so BullMQ retries it with backoff up to the job's attempts.
 * - stop(): no new job; jobs in flight may finish for `graceMs`, then they are aborted and handed
 *   back to the queue (moved to wait, their attempt not counted). A killed worker's jobs come back
 *   through BullMQ's stalled-job check after `lockMs` (another worker's check).
 */
export interface QueueWorkerOptions {
  target: QueueTarget;
  analyzer: BatchAnalyzer;
  concurrency: number;
  pathMap: PathMap;
  /** A job whose worker stops renewing its lock this long is handed to another worker. */
  lockMs: number;
  graceMs: number;
  /** Shown in CLIENT LIST, stored on each job (processedBy) and in each answer. */
  name?: string;
  log: Logger;
  onEvent?: (e: WorkerEvent) => void;
}

export type WorkerEvent =
  | { type: 'ready'; name: string }
  | { type: 'start'; path: string; attempt: number }
  | { type: 'done'; path: string; ms: number; error?: { kind: ErrorKind; message: string } }
  | { type: 'failed'; path: string; attempt: number; attempts: number; error: { kind: ErrorKind; message: string } }
  | { type: 'returned'; path: string }
  | { type: 'refused'; path: string; error: AppError };

export interface WorkerSummary {
  name: string;
  done: number;
  failed: number;
  returned: number;
}

export const DEFAULT_LOCK_MS = 30_000;
export const DEFAULT_GRACE_MS = 120_000;

export class QueueWorker {
  private readonly shutdown = new AbortController();
  private readonly summary: WorkerSummary;
  private refusal: AppError | null = null;
  private stopping: Promise<WorkerSummary> | null = null;
  private readonly ended: Promise<void>;
  private endedResolve!: () => void;

  private constructor(
    private readonly opts: QueueWorkerOptions,
    private readonly name: string,
    private readonly conn: Redis,
    private readonly worker: Worker,
  ) {
    this.summary = { name, done: 0, failed: 0, returned: 0 };
    this.ended = new Promise<void>((r) => (this.endedResolve = r));
  }

  static async start(opts: QueueWorkerOptions): Promise<QueueWorker> {
    await checkReachable(opts.target);
    const name = opts.name ?? `${os.hostname()}-${process.pid}`;
    const conn = openConnection(opts.target, `corrkd-worker-${name}`, opts.log);
    let self: QueueWorker | null = null;
    const worker = new Worker(QUEUE_NAME, (job, token) => self!.process(job, token), {
      connection: conn,
      name,
      concurrency: opts.concurrency,
      lockDuration: opts.lockMs,
      stalledInterval: opts.lockMs,
      maxStalledCount: 2,
      autorun: false,
    });
    self = new QueueWorker(opts, name, conn, worker);
    worker.on('error', (e: Error) => opts.log('debug', `queue ${opts.target.display}: ${e.message}`));
    worker.on('failed', (job: Job | undefined, err: Error) => self!.onFailed(job, err));
    void worker.run().catch((e: Error) => opts.log('error', `queue worker stopped: ${e.message}`));
    await worker.waitUntilReady();
    opts.onEvent?.({ type: 'ready', name });
    return self;
  }

  /** Resolves when the worker stopped (stop(), or refusing a job: then rejects with that error). */
  async finished(): Promise<WorkerSummary> {
    await this.ended;
    if (this.refusal) throw this.refusal;
    return this.summary;
  }

  /** Graceful stop: no new job; in-flight ones get `graceMs` to finish, then go back to the queue. */
  stop(): Promise<WorkerSummary> {
    if (this.stopping) return this.stopping;
    const grace = setTimeout(() => this.returnJobs(), this.opts.graceMs);
    this.stopping = (async () => {
      try {
        await this.worker.close();
      } finally {
        clearTimeout(grace);
        this.conn.disconnect();
        this.endedResolve();
      }
      return this.summary;
    })();
    return this.stopping;
  }

  /** Aborts the jobs in flight now; they are handed back to the queue (a second Ctrl+C). */
  returnJobs(): void {
    this.shutdown.abort(new AppError('Canceled', `Worker ${this.name} is stopping; the job goes back to the queue.`));
    void this.stop();
  }

  private async process(job: Job, token: string | undefined): Promise<QueueReply> {
    const parsed = queueJobDataSchema.safeParse(job.data);
    if (!parsed.success) {
      const e = new AppError('Internal', `Job ${job.id} is not a job this worker understands (queue protocol ${PROTOCOL_VERSION}); is the coordinator another release?`);
      throw new UnrecoverableError(encodeFailure(e));
    }
    const data = parsed.data;
    const own = this.opts.analyzer.pack;
    if (!samePack(data.pack, own)) {
      const e = new AppError(
        'ModelContractMismatch',
        `Worker ${this.name} refuses the job for ${data.path}: it needs model pack ${describePack(data.pack)}, this worker has ${describePack(own)}. Start the worker with --model pointing at that pack (same id, version and files).`,
      );
      return this.handBack(job, token, data, e);
    }
    if (data.optionsHash !== this.opts.analyzer.optionsHash) {
      // Same pack, other analysis options (frame rate, extractors...): its numbers would be stored under the coordinator's key.
      const e = new AppError(
        'ModelContractMismatch',
        `Worker ${this.name} refuses the job for ${data.path}: its analysis options (${data.optionsHash.slice(0, 12)}) are not this worker's (${this.opts.analyzer.optionsHash.slice(0, 12)}); run the same corrkd release and options on the coordinator and the workers.`,
      );
      return this.handBack(job, token, data, e);
    }
    if (this.shutdown.signal.aborted) return this.handBack(job, token, data, null);
    this.opts.onEvent?.({ type: 'start', path: data.path, attempt: job.attemptsMade + 1 });
    const local = this.opts.pathMap.toLocal(data.path);
    const timings: Timings = {};
    const t0 = performance.now();
    try {
      const result = await this.analyze(local, data, timings);
      this.summary.done++;
      this.opts.onEvent?.({ type: 'done', path: data.path, ms: performance.now() - t0 });
      return { outcome: 'result', result, timings, worker: this.name };
    } catch (e) {
      const err = toAppError(e, local);
      if (this.shutdown.signal.aborted) return this.handBack(job, token, data, null);
      let message = this.opts.pathMap.toCoordinator(err.message, local, data.path);
      if (err.kind === 'FileUnreadable') {
        // The coordinator read it: this worker does not see the same storage.
        const as = local !== data.path ? ` as ${local}` : '';
        message += ` (on worker ${this.name}${as}: every worker must see the coordinator's files, on shared storage; --path-map maps another mount point)`;
      }
      const error = { kind: err.kind, message };
      if (FATAL_KINDS.has(err.kind)) return this.handBack(job, token, data, new AppError(err.kind, error.message));
      if (CONTENT_KINDS.has(err.kind)) {
        this.summary.done++;
        this.opts.onEvent?.({ type: 'done', path: data.path, ms: performance.now() - t0, error });
        return { outcome: 'error', error, timings, worker: this.name };
      }
      throw new Error(encodeFailure(new AppError(error.kind, error.message)), { cause: e });
    }
  }

  private async analyze(local: string, data: QueueJobData, timings: Timings): Promise<unknown> {
    const signal = this.shutdown.signal;
    const t = performance.now();
    const hashed = await hashFile(local, signal);
    timings.hashMs = performance.now() - t;
    if (hashed.sha256 !== data.sha256) {
      const mapped = local !== data.path ? ` (on this worker ${local}; is --path-map right?)` : '';
      throw new AppError(
        'FileChanged',
        `${data.path}${mapped} is not the file the coordinator hashed (sha256 ${hashed.sha256.slice(0, 12)}..., expected ${data.sha256.slice(0, 12)}...): it changed since.`,
        { file: local },
      );
    }
    const result = await analyzeLocally(local, signal, timings, {
      analyze: this.opts.analyzer.analyze,
      perFileTimeoutMs: data.perFileTimeoutMs,
      log: this.opts.log,
    }, hashed.sha256);
    await checkUnchanged(local, hashed, 'being analysed');
    // The result names the file as the coordinator does (a local batch stores the path it analysed).
    const named = result !== null && typeof result === 'object' ? { ...(result as object), file: data.path } : result;
    return checkResult(named, `The result of ${data.path}`);
  }

  /**
   * Puts the job back on the queue for another worker, without counting an attempt: on a refusal
   * (`refusal`: another pack; this worker then stops) or while stopping.
   */
  private async handBack(job: Job, token: string | undefined, data: QueueJobData, refusal: AppError | null): Promise<never> {
    await job.moveToWait(token);
    if (refusal) {
      this.refusal ??= refusal;
      this.opts.onEvent?.({ type: 'refused', path: data.path, error: refusal });
      void this.stop();
    } else {
      this.summary.returned++;
      this.opts.onEvent?.({ type: 'returned', path: data.path });
    }
    throw new WaitingError();
  }

  private onFailed(job: Job | undefined, err: Error): void {
    if (!job) return;
    const data = queueJobDataSchema.safeParse(job.data);
    const path = data.success ? data.data.path : String(job.id);
    let error: { kind: ErrorKind; message: string };
    try {
      const parsed = JSON.parse(err.message) as { kind: ErrorKind; message: string };
      error = { kind: parsed.kind, message: parsed.message };
    } catch {
      error = { kind: 'ToolFailed', message: err.message };
    }
    this.summary.failed++;
    this.opts.onEvent?.({ type: 'failed', path, attempt: job.attemptsMade, attempts: job.opts.attempts ?? 1, error });
  }
}
