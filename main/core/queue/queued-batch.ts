import type { StageContext } from '../context.ts';
import { DEFAULT_MAX_ATTEMPTS, runBatchWith, type BatchOptions, type BatchSummary } from '../jobs/batch.ts';
import { QueueCoordinator } from './coordinator.ts';
import type { PackIdentity } from './pack-identity.ts';
import type { QueueTarget } from './queue-url.ts';

/**
 * `corrkd batch FOLDER --db FILE --queue URL` (issue 12, DESIGN 11): the local batch (same walk,
 * rows, reuse of known content, resume, progress, cancel), except that each file's analysis is a job
 * on the queue for `corrkd worker`s on any number of machines. This process stays the only writer
 * of the SQLite store. Cancel (Ctrl+C) or a crash leaves the queued jobs to the workers; `--resume`
 * collects what they finished meanwhile and waits for the rest.
 */
export interface QueuedBatchOptions extends BatchOptions {
  queue: QueueTarget;
  pack: PackIdentity;
  /** Delay before a transiently failed file's first retry on the queue (doubles each time). */
  retryDelayMs?: number;
  /** Most of this batch's jobs on the queue at once. */
  window?: number;
  /** How often outstanding jobs are checked. */
  pollMs?: number;
}

/** Files hashed and handed to the queue at once (hashing reads the whole file: I/O bound). */
export const HASH_SLOTS = 2;
export const DEFAULT_RETRY_DELAY_MS = 10_000;

export async function runQueuedBatch(folder: string, opts: QueuedBatchOptions, ctx: StageContext): Promise<BatchSummary> {
  const perFileTimeoutMs = opts.perFileTimeoutMs === undefined ? 'auto' : opts.perFileTimeoutMs;
  const coordinator = await QueueCoordinator.open({
    target: opts.queue,
    model: opts.modelKey,
    optionsHash: opts.optionsHash,
    pack: opts.pack,
    perFileTimeoutMs,
    attempts: opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    backoffMs: opts.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS,
    ...(opts.window !== undefined ? { window: opts.window } : {}),
    ...(opts.pollMs !== undefined ? { pollMs: opts.pollMs } : {}),
    log: ctx.log,
  });
  try {
    return await runBatchWith(
      folder,
      opts,
      {
        slots: HASH_SLOTS,
        perFileTimeoutMs,
        analyzeFile: coordinator.analyzeFile,
        queue: () => coordinator.progress(),
        fileDone: (path, status) => coordinator.fileDone(path, status),
        tickMs: 1000,
      },
      ctx,
    );
  } finally {
    await coordinator.close();
  }
}
