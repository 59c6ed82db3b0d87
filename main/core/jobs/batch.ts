import type Database from 'better-sqlite3';
import { AppError, toAppError } from '../errors.ts';
import type { StageContext } from '../context.ts';
import { JobsRepo, type JobRecord } from '../store/jobs-repo.ts';
import { JobFilesRepo, type JobFileRecord } from '../store/job-files-repo.ts';
import { ResultsRepo } from '../store/results-repo.ts';
import type { OutcomeCounts } from '../store/file-outcome.ts';
import { JobRowsRepo } from '../store/job-rows-repo.ts';
import type { FileStatus, JobOptions, JobStatus, LiveProgress, ModelKey } from '../store/schemas.ts';
import { localAnalyzeFile } from './analyze-locally.ts';
import { ProgressTracker, type BatchProgress, type BatchProgressListener, type QueueProgress } from './batch-progress.ts';
import { defaultConcurrency } from './concurrency.ts';
import { processFile, type Analyze, type AnalyzeFile, type FileEnv } from './process-file.ts';
import { resolveFolder, walkFolder, type WalkEntry } from './walk.ts';

/**
 * `runBatch`: analyse every media file under a folder into the results store, surviving bad files,
 * cancel and crashes (DESIGN 8, issue 5).
 *
 * 1. The job record is created (or, with `resume`, the newest job over the same folder, model and
 *    options is continued; its rows left `running` by a dead process become `interrupted`).
 * 2. The folder is walked (walk.ts); every input gets one job_files row (unique on job + path).
 * 3. `concurrency` workers take files in order: hash (streaming sha256), reuse a stored result for
 *    the same (sha256, model, options), else check by content that it is media (ffprobe), analyse
 *    it under a per-file deadline, check the file did not change meanwhile, and store the result and
 *    the row in one transaction. Only `concurrency` files are open at a time (bounded queue).
 * 4. Cancel (ctx.signal): no new file starts; in-flight ones are aborted and marked `interrupted`
 *    without a result; the job becomes `canceled`. A fatal error (model missing) stops the batch
 *    the same way and fails the job. Otherwise the job `succeeded`, even if files failed: their
 *    errors are rows.
 */
export interface BatchOptions {
  db: Database.Database;
  /** Continue the newest job over this folder (same model + options) instead of starting one. */
  resume?: boolean;
  /** Files analysed at once; default defaultConcurrency(). */
  concurrency?: number;
  /** Per-file analysis limit in ms; 'auto' (default) derives it from the clip duration; null: none. */
  perFileTimeoutMs?: number | 'auto' | null;
  modelKey: ModelKey;
  /** Hash of the analysis options that change results (part of the result key). */
  optionsHash: string;
  /** A transiently failed file (Timeout, ToolFailed, FileChanged...) is retried by --resume this many attempts in all. */
  maxAttempts?: number;
  onProgress?: BatchProgressListener;
}

export interface BatchSummary extends OutcomeCounts {
  jobId: number;
  status: JobStatus;
  folder: string;
  resumed: boolean;
  /** Files neither named nor shaped like media, not considered. */
  ignored: number;
  /** This run: files worked on (hashed or analysed) and files skipped as already done. */
  worked: number;
  skipped: number;
  elapsedMs: number;
  filesPerMin: number | null;
}

export const DEFAULT_MAX_ATTEMPTS = 3;

export async function runBatch(folder: string, opts: BatchOptions, analyze: Analyze, ctx: StageContext): Promise<BatchSummary> {
  const concurrency = opts.concurrency ?? defaultConcurrency();
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new AppError('InvalidArgument', `concurrency must be a whole number >= 1, got ${concurrency}.`);
  }
  const perFileTimeoutMs = opts.perFileTimeoutMs === undefined ? 'auto' : opts.perFileTimeoutMs;
  return runBatchWith(folder, opts, { slots: concurrency, perFileTimeoutMs, analyzeFile: localAnalyzeFile({ analyze, perFileTimeoutMs, log: ctx.log }) }, ctx);
}

/**
 * How a batch gets its files analysed: here (runBatch: `slots` analyses at once) or on a queue
 * (core/queue/queued-batch.ts: `slots` files being hashed and handed over at once, any number
 * waiting on the queue). Everything else (job record, walk, rows, reuse, resume, progress, cancel)
 * is the same code for both.
 */
export interface BatchEngine {
  /** Files between their start and the moment they yield their slot (AnalysisCall.yieldSlot) or end. */
  slots: number;
  perFileTimeoutMs: number | 'auto' | null;
  analyzeFile: AnalyzeFile;
  /** Said in each progress snapshot and in the job's live record (the queue, with its live workers). */
  queue?: () => QueueProgress;
  /** A file's row got its status (not called for a fatal error). */
  fileDone?: (path: string, status: FileStatus) => void;
  /** Also report progress this often while files are out (a queue: workers come and go meanwhile). */
  tickMs?: number;
}

/** Each live progress record is written at most this often (plus at every file's end when slower). */
const LIVE_WRITE_MS = 1000;

export async function runBatchWith(folder: string, opts: BatchOptions, engine: BatchEngine, ctx: StageContext): Promise<BatchSummary> {
  const root = await resolveFolder(folder);
  const db = opts.db;
  const jobs = new JobsRepo(db);
  const jobFiles = new JobFilesRepo(db);
  const options: JobOptions = {
    model: opts.modelKey,
    optionsHash: opts.optionsHash,
    concurrency: engine.slots,
    perFileTimeoutMs: engine.perFileTimeoutMs,
  };
  const job = openJob(jobs, jobFiles, root, folder, options, opts.resume ?? false, ctx);
  const started = performance.now();
  const fatal = new AbortController();
  const signal = AbortSignal.any([ctx.signal, fatal.signal]);
  let fatalError: AppError | null = null;
  let ignored = 0;
  let worked = 0;
  let skipped = 0;
  let filesPerMin: number | null = null;
  let tracker: ProgressTracker | null = null;
  let lastLive = 0;
  const snapshot = (last?: BatchProgress['last']): BatchProgress => {
    const snap = tracker!.snapshot(last);
    return engine.queue ? { ...snap, queue: engine.queue() } : snap;
  };
  const writeLive = (snap: BatchProgress, force: boolean) => {
    const now = performance.now();
    if (!force && now - lastLive < LIVE_WRITE_MS) return;
    lastLive = now;
    jobs.setProgress(job.id, snap.done / Math.max(1, snap.total), 'analyze', liveOf(snap));
  };
  try {
    jobs.setStatus(job.id, 'running', { stage: 'scan', progress: 0, error: null });
    const walk = await walkFolder(root, { signal, log: ctx.log });
    ignored = walk.ignored;
    const rows = registerInputs(db, jobFiles, job.id, walk.entries);
    tracker = new ProgressTracker(job.id, walk.entries.length);
    const first = snapshot();
    writeLive(first, true);
    opts.onProgress?.(first);
    const env: FileEnv = {
      db,
      results: new ResultsRepo(db),
      jobFiles,
      model: opts.modelKey,
      optionsHash: opts.optionsHash,
      analyzeFile: engine.analyzeFile,
      ctx,
      signal,
      resume: opts.resume ?? false,
      maxAttempts: opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      inflight: new Map(),
    };
    const t = tracker;
    const one = async (i: number, release: () => void): Promise<void> => {
      const entry = walk.entries[i]!;
      t.begin();
      let run;
      try {
        run = await processFile(entry, rows[i]!, env, release);
      } catch (e) {
        // A store write failed or a fatal kind (the model is missing): not this file's fault.
        fatalError ??= toAppError(e, entry.path);
        fatal.abort(fatalError);
        t.end('interrupted', true);
        return;
      }
      t.end(run.status, run.worked);
      engine.fileDone?.(entry.path, run.status);
      const snap = snapshot({
        path: entry.path,
        status: run.status,
        ...(run.error ? { error: { kind: run.error.kind, message: run.error.message } } : {}),
      });
      writeLive(snap, false);
      opts.onProgress?.(snap);
    };
    const ticker =
      engine.tickMs !== undefined
        ? setInterval(() => {
            const snap = snapshot();
            writeLive(snap, false);
            opts.onProgress?.(snap);
          }, engine.tickMs)
        : undefined;
    try {
      await forEachInSlots(walk.entries.length, engine.slots, signal, one);
    } finally {
      clearInterval(ticker);
    }
    const snap = snapshot();
    writeLive(snap, true);
    worked = snap.worked;
    skipped = snap.skipped;
    filesPerMin = snap.filesPerMin;
  } catch (e) {
    fatalError ??= toAppError(e);
  }
  let status: JobStatus;
  if (fatalError && !(fatalError.kind === 'Canceled' && ctx.signal.aborted)) {
    status = 'failed';
    jobs.setStatus(job.id, status, { error: { kind: fatalError.kind, message: fatalError.message } });
  } else if (ctx.signal.aborted) {
    status = 'canceled';
    const reason = ctx.signal.reason instanceof AppError ? ctx.signal.reason.message : 'The batch was canceled.';
    jobs.setStatus(job.id, status, { error: { kind: 'Canceled', message: reason } });
  } else {
    status = 'succeeded';
    jobs.setStatus(job.id, status, { stage: 'done', progress: 1, error: null });
  }
  const summary: BatchSummary = {
    jobId: job.id,
    status,
    folder: root,
    resumed: job.resumed,
    ...new JobRowsRepo(db).counts(job.id),
    ignored,
    worked,
    skipped,
    elapsedMs: performance.now() - started,
    filesPerMin,
  };
  if (status === 'failed' && fatalError) throw fatalError;
  return summary;
}

/**
 * Runs `one(i)` for i = 0..n-1 in order, at most `slots` at a time; a call holds its slot until it
 * ends or calls `release` (idempotent). No new call starts once `signal` is aborted; resolves when
 * every started call has ended.
 */
async function forEachInSlots(n: number, slots: number, signal: AbortSignal, one: (i: number, release: () => void) => Promise<void>): Promise<void> {
  let free = Math.max(1, slots);
  let wake: (() => void) | null = null;
  const running = new Set<Promise<void>>();
  const onAbort = () => wake?.();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for (let i = 0; i < n && !signal.aborted; i++) {
      while (free === 0 && !signal.aborted) await new Promise<void>((r) => (wake = r));
      wake = null;
      if (signal.aborted) break;
      free--;
      let held = true;
      const release = () => {
        if (!held) return;
        held = false;
        free++;
        wake?.();
      };
      const p: Promise<void> = one(i, release).finally(() => {
        release();
        running.delete(p);
      });
      running.add(p);
    }
    await Promise.all(running);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** The part of a progress snapshot the job record keeps (what the window shows for any running job). */
function liveOf(p: BatchProgress): LiveProgress {
  return {
    total: p.total,
    done: p.done,
    succeeded: p.succeeded,
    failed: p.failed,
    skipped: p.skipped,
    inFlight: p.inFlight,
    filesPerMin: p.filesPerMin,
    etaSec: p.etaSec,
    queue: p.queue ?? null,
    at: new Date().toISOString(),
  };
}

function openJob(
  jobs: JobsRepo,
  jobFiles: JobFilesRepo,
  root: string,
  folder: string,
  options: JobOptions,
  resume: boolean,
  ctx: StageContext,
): JobRecord & { resumed: boolean } {
  if (resume) {
    const prev = jobs.latestFor(root, options);
    if (prev) {
      const stale = jobFiles.markStaleRunning(prev.id);
      ctx.log('info', `batch: resuming job ${prev.id} (${prev.status})${stale > 0 ? `; ${stale} file(s) left in progress by a stopped run will be redone` : ''}.`);
      return { ...prev, resumed: true };
    }
    ctx.log('info', `batch: no earlier job over ${root} with this model and options; starting a new one.`);
  }
  return { ...jobs.create({ folder, realpath: root }, options), resumed: false };
}

/**
 * One row per input, in one transaction. Rows of a resumed job whose file is gone and that never
 * finished become failed (the analyst sees the file disappeared); finished rows keep their answer.
 */
function registerInputs(db: Database.Database, jobFiles: JobFilesRepo, jobId: number, entries: WalkEntry[]): JobFileRecord[] {
  return db.transaction(() => {
    const rows = entries.map((e) => (e.kind === 'file' ? jobFiles.ensure(jobId, e.path, e.size, e.mtimeMs) : jobFiles.ensure(jobId, e.path, null, null)));
    const seen = new Set(entries.map((e) => e.path));
    for (const r of jobFiles.list(jobId)) {
      if (seen.has(r.path) || r.status === 'succeeded' || r.status === 'skipped' || r.status === 'failed') continue;
      jobFiles.finish(r.id, { status: 'failed', error: { kind: 'FileUnreadable', message: `${r.path} is no longer in the folder (deleted or moved before it was analysed).` } });
    }
    return rows;
  })();
}
