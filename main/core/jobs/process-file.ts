import type { KnownFile } from '../media/media-info.ts';
import type Database from 'better-sqlite3';
import { isBadInputKind, toAppError, type AppError, type ErrorKind } from '../errors.ts';
import type { StageContext } from '../context.ts';
import type { JobFilesRepo, JobFileRecord } from '../store/job-files-repo.ts';
import type { ResultKey, ResultsRepo } from '../store/results-repo.ts';
import type { FileStatus, ModelKey, Timings } from '../store/schemas.ts';
import { checkUnchanged, hashFile, type HashedFile } from '../media/hash.ts';
import type { WalkEntry } from './walk.ts';

/** The per-clip analysis the batch runs (analyzeClip in the app): returns the result JSON. */
/** One file's analysis; `known` is what the batch already learnt about it (not probed or hashed again). */
export type Analyze = (file: string, ctx: StageContext, known?: KnownFile) => Promise<unknown>;

/**
 * One hashed file's analysis as the batch asks for it: here (analyze-locally.ts) or on a queue
 * worker (core/queue). It resolves with the result JSON or rejects with an AppError whose kind says
 * what went wrong (a content kind is stored against the file's bytes). `timings` collects the steps
 * it went through; `yieldSlot` says the file no longer needs its batch slot (it was handed to a
 * queue), so the batch may start the next file while this one waits.
 */
export interface AnalysisCall {
  file: string;
  hashed: HashedFile;
  signal: AbortSignal;
  timings: Timings;
  yieldSlot: () => void;
}
export type AnalyzeFile = (call: AnalysisCall) => Promise<unknown>;

/** Outcomes that are a property of the file's bytes: stored against the content hash, never redone. */
export const CONTENT_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['NotMedia', 'MediaTruncated', 'NoAudioStream', 'NoVideoStream']);

/** A failure here is not the file's fault and would repeat for every file: the batch stops. */
export const FATAL_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['ModelMissing', 'ModelContractMismatch']);

export interface FileEnv {
  db: Database.Database;
  results: ResultsRepo;
  jobFiles: JobFilesRepo;
  model: ModelKey;
  optionsHash: string;
  analyzeFile: AnalyzeFile;
  ctx: StageContext;
  /** ctx.signal, also aborted when the batch stops for a fatal error. */
  signal: AbortSignal;
  resume: boolean;
  maxAttempts: number;
  /** Content keys being analysed right now: a second path with the same bytes waits and reuses. */
  inflight: Map<string, Promise<void>>;
}

export interface FileRun {
  status: FileStatus;
  worked: boolean;
  error?: AppError;
}

/** True when a resumed job already has a final answer for this unchanged file. */
function alreadyDone(row: JobFileRecord, entry: Extract<WalkEntry, { kind: 'file' }>, maxAttempts: number): boolean {
  if (row.size !== entry.size || row.mtimeMs !== entry.mtimeMs) return false;
  if ((row.status === 'succeeded' || row.status === 'skipped') && row.resultId !== null) return true;
  if (row.status !== 'failed' || row.error === null) return false;
  // A bad input (empty, not media, truncated, unreadable) stays bad while its size and mtime stay.
  if (isBadInputKind(row.error.kind)) return true;
  return row.attempts >= maxAttempts; // transient failures are retried a bounded number of times
}

/**
 * One input of a batch to its final row: a walk error becomes a failed row; a file is hashed, its
 * stored result reused when the same bytes were analysed with the same model and options, else
 * analysed (env.analyzeFile) and stored with its row in one transaction. `yieldSlot` is passed on to
 * the analysis (see AnalysisCall).
 */
export async function processFile(entry: WalkEntry, row: JobFileRecord, env: FileEnv, yieldSlot: () => void = () => {}): Promise<FileRun> {
  if (entry.kind === 'error') {
    const same = row.status === 'failed' && row.error?.kind === entry.error.kind && row.error.message === entry.error.message;
    if (!same) env.jobFiles.finish(row.id, { status: 'failed', error: { kind: entry.error.kind, message: entry.error.message } });
    return { status: 'failed', worked: false, error: entry.error };
  }
  if (env.resume && alreadyDone(row, entry, env.maxAttempts)) return { status: 'skipped', worked: false };

  env.jobFiles.markRunning(row.id, entry.size, entry.mtimeMs);
  const timings: Timings = {};
  let hashed: HashedFile | null = null;
  let key: ResultKey | null = null;
  try {
    const t = performance.now();
    hashed = await hashFile(entry.path, env.signal);
    timings.hashMs = performance.now() - t;
    key = { sha256: hashed.sha256, model: env.model, optionsHash: env.optionsHash };
    const k = `${key.sha256}|${key.model.id}|${key.model.version}|${key.optionsHash}`;
    for (let p = env.inflight.get(k); p; p = env.inflight.get(k)) await p;
    const known = env.results.find(key);
    if (known) {
      const error = known.status === 'failed' ? known.error : null;
      env.db.transaction(() => {
        env.results.addPath(known.id, entry.path);
        env.jobFiles.finish(row.id, { status: 'skipped', sha256: hashed!.sha256, resultId: known.id, error });
      })();
      return { status: 'skipped', worked: true };
    }
    const h = hashed;
    const work = (async () => {
      const result = await env.analyzeFile({ file: entry.path, hashed: h, signal: env.signal, timings, yieldSlot });
      await checkUnchanged(entry.path, h, 'being analysed');
      env.db.transaction(() => {
        const id = env.results.putSucceeded(key!, result, timings);
        env.results.addPath(id, entry.path);
        env.jobFiles.finish(row.id, { status: 'succeeded', sha256: h.sha256, resultId: id });
      })();
    })();
    const marker = work.then(
      () => undefined,
      () => undefined,
    );
    env.inflight.set(k, marker);
    try {
      await work;
    } finally {
      if (env.inflight.get(k) === marker) env.inflight.delete(k);
    }
    return { status: 'succeeded', worked: true };
  } catch (e) {
    const err = toAppError(e, entry.path);
    if (env.signal.aborted) {
      // Stopped from outside (cancel or a fatal error elsewhere): whatever the stage threw while being
      // torn down says nothing about the file. No result row; the next --resume redoes it.
      const message = `Not finished: the batch stopped while this file was in progress (${err.kind}: ${err.message}).`;
      env.jobFiles.finish(row.id, { status: 'interrupted', sha256: hashed?.sha256 ?? null, error: { kind: 'Canceled', message } });
      return { status: 'interrupted', worked: true, error: err };
    }
    const error = { kind: err.kind, message: err.message };
    if (FATAL_KINDS.has(err.kind)) {
      env.jobFiles.finish(row.id, { status: 'interrupted', sha256: hashed?.sha256 ?? null, error });
      throw err;
    }
    if (key && CONTENT_KINDS.has(err.kind)) {
      env.db.transaction(() => {
        const id = env.results.putFailed(key!, error, timings);
        env.results.addPath(id, entry.path);
        env.jobFiles.finish(row.id, { status: 'failed', sha256: key!.sha256, resultId: id, error });
      })();
    } else {
      env.jobFiles.finish(row.id, { status: 'failed', sha256: hashed?.sha256 ?? null, error });
    }
    return { status: 'failed', worked: true, error: err };
  }
}
