import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { appendFileSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../../main/core/errors.ts';
import { makeContext } from '../../../../main/core/context.ts';
import { runBatch, type BatchOptions } from '../../../../main/core/jobs/batch.ts';
import { autoTimeoutMs, type BatchProgress } from '../../../../main/core/jobs/batch-progress.ts';
import { defaultConcurrency } from '../../../../main/core/jobs/concurrency.ts';
import type { Analyze } from '../../../../main/core/jobs/process-file.ts';
import { openStore, integrityCheck } from '../../../../main/core/store/open-store.ts';
import { JobFilesRepo } from '../../../../main/core/store/job-files-repo.ts';
import { JobsRepo } from '../../../../main/core/store/jobs-repo.ts';
import { outcomeOf } from '../../../../main/core/store/file-outcome.ts';
import { ResultsRepo } from '../../../../main/core/store/results-repo.ts';
import { createProbeAnalyzer, probeAnalyze } from '../../../integration/batch/probe-analyzer.ts';
import { makeBadInputsFolder, makeRealClipsFolder } from '../../../integration/batch/make-inputs.ts';

let dir: string;
let db: Database.Database;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'corrkd-batch-'));
  db = openStore(path.join(dir, 'results.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const model = { id: 'test-probe-analyzer', version: '1' };
const opts = (extra: Partial<BatchOptions> = {}): BatchOptions => ({ db, modelKey: model, optionsHash: 'probe-v1', concurrency: 2, ...extra });

/** Every job_files row of a job with its outcome, keyed by path relative to `root`. */
function outcomes(root: string, jobId: number) {
  const results = new ResultsRepo(db);
  return new JobFilesRepo(db).list(jobId).map((r) => {
    const res = r.resultId === null ? null : results.get(r.resultId)!;
    const o = outcomeOf(r.status, r.error, res && { id: res.id, status: res.status, error: res.status === 'failed' ? res.error : null });
    return { rel: path.relative(root, r.path), row: r, outcome: o };
  });
}

describe('runBatch over real and broken inputs', () => {
  it('gives every input exactly one row (results or kind + message); a rerun does no new analysis', async () => {
    const folder = makeBadInputsFolder(path.join(dir, 'in'));
    const calls: string[] = [];
    const analyzer = createProbeAnalyzer({ calls });
    const events: BatchProgress[] = [];
    const summary = await runBatch(folder.root, opts({ onProgress: (p) => events.push(p) }), analyzer.analyze, makeContext());

    expect(summary.status).toBe('succeeded');
    const rows = outcomes(folder.root, summary.jobId);
    expect(rows.map((r) => r.rel).sort()).toEqual(folder.inputs.map((i) => i.rel).sort());
    for (const spec of folder.inputs) {
      const got = rows.find((r) => r.rel === spec.rel)!.outcome;
      if (spec.expect === 'ok') expect(got, spec.rel).toMatchObject({ outcome: 'succeeded' });
      else {
        expect(got, spec.rel).toMatchObject({ outcome: 'failed', error: { kind: spec.expect } });
        if (got.outcome === 'failed') expect(got.error.message.length).toBeGreaterThan(10);
      }
    }
    expect(summary).toMatchObject({ total: folder.inputs.length, pending: 0, ignored: 2 });
    expect(summary.succeeded + summary.failed).toBe(folder.inputs.length);
    // Same bytes under two names: analysed once, one result row seen at two paths.
    expect(calls.filter((c) => c.includes('same content') || c.includes('ünïcødé'))).toHaveLength(1);
    const dupRows = rows.filter((r) => r.rel === 'sub/same content.MP4' || r.rel === 'ünïcødé 映像.mp4');
    expect(new Set(dupRows.map((r) => r.row.resultId)).size).toBe(1);
    expect(new ResultsRepo(db).paths(dupRows[0]!.row.resultId!)).toHaveLength(2);
    // Progress: one event per input after the initial one, counts adding up, throughput known.
    expect(events).toHaveLength(folder.inputs.length + 1);
    const last = events.at(-1)!;
    expect(last.done).toBe(folder.inputs.length);
    expect(last.failed + last.succeeded + last.skipped).toBe(last.done);
    expect(last.filesPerMin).toBeGreaterThan(0);
    expect(last.etaSec).toBe(0);
    expect(integrityCheck(db)).toEqual(['ok']);
    // The job record keeps the last progress for readers of the store (the window), local: no queue.
    expect(new JobsRepo(db).mustGet(summary.jobId).live).toMatchObject({ total: last.total, done: last.done, failed: last.failed, queue: null });

    // A second run with --resume does no new work: no analysis, not one row rewritten.
    const first = summary;
    const before = new JobFilesRepo(db).list(first.jobId);

    calls.length = 0;
    const resumed = await runBatch(folder.root, opts({ resume: true }), createProbeAnalyzer({ calls }).analyze, makeContext());
    expect(resumed.jobId).toBe(first.jobId);
    expect(resumed.resumed).toBe(true);
    expect(calls).toEqual([]);
    expect(resumed.worked).toBe(0);
    const after = new JobFilesRepo(db).list(first.jobId);
    expect(after).toEqual(before); // not one row rewritten

    // Without --resume: a new job, every file hashed again, but known content is reused, not re-analysed.
    const fresh = await runBatch(folder.root, opts(), createProbeAnalyzer({ calls }).analyze, makeContext());
    expect(fresh.jobId).not.toBe(first.jobId);
    expect(calls).toEqual([]); // every hashed file was known
    expect({ succeeded: fresh.succeeded, failed: fresh.failed }).toEqual({ succeeded: first.succeeded, failed: first.failed });
    expect(db.prepare('SELECT COUNT(*) FROM results').pluck().get()).toBe(
      db.prepare('SELECT COUNT(DISTINCT sha256) FROM results').pluck().get(),
    );
  });
});

describe('runBatch limits, cancel and changing files', () => {
  it('writes a Timeout row for a file past its limit, retries it on --resume a bounded number of times', async () => {
    const root = path.join(dir, 'in');
    makeRealClipsFolder(root, 4);
    const slow = createProbeAnalyzer({ pace: 1 }); // real time: a 5 s clip takes 5 s
    const s1 = await runBatch(root, opts({ perFileTimeoutMs: 150, concurrency: 4, maxAttempts: 2 }), slow.analyze, makeContext());
    expect(s1.status).toBe('succeeded');
    expect(s1.errorsByKind).toEqual({ Timeout: s1.total });
    const row = new JobFilesRepo(db).list(s1.jobId)[0]!;
    expect(row.error?.message).toMatch(/did not finish within 150 ms/);
    expect(db.prepare('SELECT COUNT(*) FROM results').pluck().get()).toBe(0);

    const s2 = await runBatch(root, opts({ resume: true, perFileTimeoutMs: 150, concurrency: 4, maxAttempts: 2 }), slow.analyze, makeContext());
    expect(s2.worked).toBe(s2.total);
    const calls: string[] = [];
    const s3 = await runBatch(root, opts({ resume: true, maxAttempts: 2 }), createProbeAnalyzer({ calls }).analyze, makeContext());
    expect(calls).toEqual([]); // two attempts spent: left as failed
    expect(s3.failed).toBe(s3.total);
    expect(new JobFilesRepo(db).list(s1.jobId).every((r) => r.attempts === 2)).toBe(true);
  });

  it('cancel stops taking files, marks in-flight ones interrupted with no result, and --resume finishes them', async () => {
    const root = path.join(dir, 'in');
    const clips = makeRealClipsFolder(root);
    const ac = new AbortController();
    const pids: number[] = [];
    // The first clip is read at full speed, the others at real time (seconds each), so when the first
    // one is done and cancel fires, the second is surely still being decoded: not left to timing.
    const analyze: Analyze = (file, ctx) => probeAnalyze(file, ctx, file === clips[0] ? { pids } : { pace: 1, pids });
    const s1 = await runBatch(
      root,
      opts({ optionsHash: 'x', onProgress: (p) => p.done >= 1 && ac.abort(new AppError('Canceled', 'test cancel')) }),
      analyze,
      makeContext({ signal: ac.signal }),
    );
    expect(s1.status).toBe('canceled');
    expect(new JobsRepo(db).mustGet(s1.jobId)).toMatchObject({ status: 'canceled', error: { kind: 'Canceled', message: 'test cancel' } });
    const rows = new JobFilesRepo(db).list(s1.jobId);
    expect(rows).toHaveLength(clips.length);
    expect(rows.filter((r) => r.status === 'running')).toEqual([]);
    const interrupted = rows.filter((r) => r.status === 'interrupted');
    expect(interrupted.length).toBeGreaterThanOrEqual(1);
    for (const r of interrupted) expect(r.resultId).toBeNull();
    expect(rows.filter((r) => r.status === 'queued').length).toBeGreaterThanOrEqual(1);
    expect(db.prepare('SELECT COUNT(*) FROM results').pluck().get()).toBe(rows.filter((r) => r.resultId !== null).length);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();

    const s2 = await runBatch(root, opts({ optionsHash: 'x', resume: true }), createProbeAnalyzer().analyze, makeContext());
    expect(s2).toMatchObject({ jobId: s1.jobId, status: 'succeeded', succeeded: clips.length, failed: 0, pending: 0 });
    expect(s2.skipped).toBe(s1.succeeded);
  });

  it('a file deleted before its turn, or growing while analysed, gets an error row and no result', async () => {
    const root = path.join(dir, 'in');
    const clips = makeRealClipsFolder(root, 4);
    const growing = clips[2]!;
    const deleted = clips[3]!;
    const analyze: Analyze = async (file, ctx) => {
      const r = await probeAnalyze(file, ctx);
      if (file === growing) appendFileSync(file, Buffer.alloc(4096)); // a writer still writing
      return r;
    };
    const s = await runBatch(
      root,
      opts({ concurrency: 1, onProgress: (p) => p.last?.path === clips[0] && unlinkSync(deleted) }),
      analyze,
      makeContext(),
    );
    const rows = new JobFilesRepo(db).list(s.jobId);
    const row = (p: string) => rows.find((r) => r.path === p)!;
    expect(row(growing)).toMatchObject({ status: 'failed', resultId: null, error: { kind: 'FileChanged', message: expect.stringMatching(/grew from/) } });
    expect(row(deleted)).toMatchObject({ status: 'failed', error: { kind: 'FileUnreadable', message: expect.stringContaining(deleted) } });
    expect(s.succeeded).toBe(clips.length - 2);
  });

  it('keeps going when the analysis has a bug (Internal row), but stops on a missing model (job failed)', async () => {
    const root = path.join(dir, 'in');
    makeRealClipsFolder(root, 3);
    let n = 0;
    const buggy: Analyze = async () => {
      if (n++ === 0) throw new TypeError("Cannot read properties of undefined (reading 'x')");
      return { schema: 2 };
    };
    const s = await runBatch(root, opts({ concurrency: 1 }), buggy, makeContext());
    expect(s.status).toBe('succeeded');
    expect(s.errorsByKind).toEqual({ Internal: 1 });
    expect(s.succeeded).toBe(s.total - 1);

    const noModel: Analyze = async () => {
      throw new AppError('ModelMissing', 'No model pack at /models/corrkd-student (manifest.json missing).');
    };
    const err = await runBatch(root, opts({ optionsHash: 'other', concurrency: 2 }), noModel, makeContext()).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'ModelMissing' });
    const job = new JobsRepo(db).latest()!;
    expect(job).toMatchObject({ status: 'failed', error: { kind: 'ModelMissing' } });
    const rows = new JobFilesRepo(db).list(job.id);
    expect(rows.filter((r) => r.status === 'running')).toEqual([]);
    expect(rows.filter((r) => r.status === 'succeeded')).toEqual([]);
  });
});

describe('defaults', () => {
  it('analyses half as many files at once as there are cores, at least one', () => {
    expect(defaultConcurrency(1)).toBe(1);
    expect(defaultConcurrency(2)).toBe(2);
    expect(defaultConcurrency(4)).toBe(2);
    expect(defaultConcurrency(16)).toBe(8);
    expect(defaultConcurrency()).toBeGreaterThanOrEqual(1);
  });
  it('gives a clip 2 minutes plus 3x its duration, 30 minutes when the duration is unknown', () => {
    expect(autoTimeoutMs(60)).toBe(300_000);
    expect(autoTimeoutMs(null)).toBe(1_800_000);
  });
});
