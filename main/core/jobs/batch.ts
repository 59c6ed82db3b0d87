import type Database from 'better-sqlite3';
import { AppError, toAppError } from '../errors.ts';
import type { StageContext } from '../context.ts';
import { JobsRepo, type JobRecord } from '../store/jobs-repo.ts';
import { JobFilesRepo, type JobFileRecord } from '../store/job-files-repo.ts';
import { ResultsRepo } from '../store/results-repo.ts';
import { countOutcomes, type OutcomeCounts } from '../store/file-outcome.ts';
import type { JobOptions, JobStatus, ModelKey } from '../store/schemas.ts';
import { ProgressTracker, type BatchProgressListener } from './batch-progress.ts';
import { defaultConcurrency } from './concurrency.ts';
import { processFile, type Analyze, type FileEnv } from './process-file.ts';
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
  const root = await resolveFolder(folder);
  const db = opts.db;
  const jobs = new JobsRepo(db);
  const jobFiles = new JobFilesRepo(db);
  const options: JobOptions = {
    model: opts.modelKey,
    optionsHash: opts.optionsHash,
    concurrency,
    perFileTimeoutMs: opts.perFileTimeoutMs === undefined ? 'auto' : opts.perFileTimeoutMs,
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
  try {
    jobs.setStatus(job.id, 'running', { stage: 'scan', progress: 0, error: null });
    const walk = await walkFolder(root, { signal, log: ctx.log });
    ignored = walk.ignored;
    const rows = registerInputs(db, jobFiles, job.id, walk.entries);
    jobs.setProgress(job.id, 0, 'analyze');
    const tracker = new ProgressTracker(job.id, walk.entries.length);
    opts.onProgress?.(tracker.snapshot());
    const env: FileEnv = {
      db,
      results: new ResultsRepo(db),
      jobFiles,
      model: opts.modelKey,
      optionsHash: opts.optionsHash,
      analyze,
      ctx,
      signal,
      perFileTimeoutMs: options.perFileTimeoutMs,
      resume: opts.resume ?? false,
      maxAttempts: opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      inflight: new Map(),
    };
    let next = 0;
    const worker = async () => {
      while (!signal.aborted && next < walk.entries.length) {
        const entry = walk.entries[next++]!;
        tracker.begin();
        let run;
        try {
          run = await processFile(entry, rows[next - 1]!, env);
        } catch (e) {
          // A store write failed or a fatal kind (the model is missing): not this file's fault.
          fatalError ??= toAppError(e, entry.path);
          fatal.abort(fatalError);
          tracker.end('interrupted', true);
          return;
        }
        tracker.end(run.status, run.worked);
        const snap = tracker.snapshot({
          path: entry.path,
          status: run.status,
          ...(run.error ? { error: { kind: run.error.kind, message: run.error.message } } : {}),
        });
        jobs.setProgress(job.id, snap.done / Math.max(1, snap.total), 'analyze');
        opts.onProgress?.(snap);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, walk.entries.length)) }, worker));
    const snap = tracker.snapshot();
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
    ...countOutcomes(db, job.id),
    ignored,
    worked,
    skipped,
    elapsedMs: performance.now() - started,
    filesPerMin,
  };
  if (status === 'failed' && fatalError) throw fatalError;
  return summary;
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
