import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../../../main/core/store/open-store.ts';
import { JobsRepo } from '../../../../main/core/store/jobs-repo.ts';
import { JobFilesRepo } from '../../../../main/core/store/job-files-repo.ts';
import { ResultsRepo, type ResultKey } from '../../../../main/core/store/results-repo.ts';
import { JobRowsRepo, PAGE_SQL, type JobRow, type JobRowsQuery } from '../../../../main/core/store/job-rows-repo.ts';
import { FILE_STATUSES, type FileStatus, type StoredError } from '../../../../main/core/store/schemas.ts';

let dir: string;
let db: Database.Database;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'corrkd-jobrows-'));
  db = openStore(path.join(dir, 'r.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const options = { model: { id: 'm', version: '1' }, optionsHash: 'o', concurrency: 2, perFileTimeoutMs: null };
let nextSha = 0;
const key = (): ResultKey => ({ sha256: String(++nextSha).padStart(64, '0'), model: options.model, optionsHash: 'o' });

function newJob(folder: string): number {
  return new JobsRepo(db).create({ folder, realpath: folder }, options).id;
}

/** A job_files row in any state, written directly (some states only a crash or an older release leaves). */
function addFile(jobId: number, file: string, status: FileStatus, o: { resultId?: number | null; error?: { kind: string; message: string | null } | null } = {}): void {
  const row = new JobFilesRepo(db).ensure(jobId, file, null, null);
  db.prepare('UPDATE job_files SET status = ?, result_id = ?, error_kind = ?, error_message = ? WHERE id = ?').run(
    status,
    o.resultId ?? null,
    o.error?.kind ?? null,
    o.error?.message ?? null,
    row.id,
  );
}

const succeeded = (score: number | null, label: string | null) => new ResultsRepo(db).putSucceeded(key(), { score, label }, {});
const failed = (error: StoredError) => new ResultsRepo(db).putFailed(key(), error, {});

const ALL: JobRowsQuery = { outcome: 'all', label: 'all', offset: 0, limit: 1000 };
const paths = (rows: JobRow[]) => rows.map((r) => r.path);

/**
 * One job with a file in each situation, plus another job whose rows must never show:
 * a, b, c, j succeed (c reused a result: skipped), d reused a failed result, e failed on its own,
 * k is `succeeded` with an error but no result, f/g/h/i never finished.
 */
function fixture(): { jobId: number } {
  const jobId = newJob('/clips');
  addFile(jobId, '/clips/a.mp4', 'succeeded', { resultId: succeeded(0.6, 'positive') });
  addFile(jobId, '/clips/b.mp4', 'succeeded', { resultId: succeeded(-0.7, 'negative') });
  addFile(jobId, '/clips/c.mp4', 'skipped', { resultId: succeeded(0.05, 'neutral') });
  addFile(jobId, '/clips/d.mp4', 'skipped', { resultId: failed({ kind: 'MediaTruncated', message: 'd.mp4 ends early' }) });
  addFile(jobId, '/clips/e.mp4', 'failed', { error: { kind: 'NotMedia', message: 'e.mp4 is not media' } });
  addFile(jobId, '/clips/f.mp4', 'queued');
  addFile(jobId, '/clips/g.mp4', 'running');
  addFile(jobId, '/clips/h.mp4', 'interrupted');
  addFile(jobId, '/clips/i.mp4', 'canceled');
  addFile(jobId, '/clips/j.mp4', 'succeeded', { resultId: succeeded(null, null) }); // no evidence in the clip
  addFile(jobId, '/clips/k.mp4', 'succeeded', { error: { kind: 'Timeout', message: 'k.mp4 took too long' } });
  const other = newJob('/other');
  addFile(other, '/other/a.mp4', 'succeeded', { resultId: succeeded(0.9, 'positive') });
  addFile(other, '/other/z.mp4', 'failed', { error: { kind: 'NotMedia', message: 'z' } });
  return { jobId };
}

describe('JobRowsRepo.page: SQL filters by outcome and label', () => {
  it('gives every row of the job, in path order, with outcome, score, label and error', () => {
    const { jobId } = fixture();
    const page = new JobRowsRepo(db).page(jobId, ALL);
    expect(page.matched).toBe(11);
    expect(paths(page.rows)).toEqual('abcdefghijk'.split('').map((c) => `/clips/${c}.mp4`));
    const by = new Map(page.rows.map((r) => [path.basename(r.path), r]));
    expect(by.get('a.mp4')).toEqual({ path: '/clips/a.mp4', status: 'succeeded', outcome: 'succeeded', score: 0.6, label: 'positive', error: null });
    expect(by.get('c.mp4')).toMatchObject({ status: 'skipped', outcome: 'succeeded', score: 0.05, label: 'neutral', error: null });
    // A skipped row takes the outcome and the error of the failed result it points to.
    expect(by.get('d.mp4')).toEqual({
      path: '/clips/d.mp4',
      status: 'skipped',
      outcome: 'failed',
      score: null,
      label: null,
      error: { kind: 'MediaTruncated', message: 'd.mp4 ends early' },
    });
    expect(by.get('e.mp4')).toMatchObject({ outcome: 'failed', error: { kind: 'NotMedia', message: 'e.mp4 is not media' } });
    // An error with no result is a failure, whatever the status says.
    expect(by.get('k.mp4')).toMatchObject({ status: 'succeeded', outcome: 'failed', error: { kind: 'Timeout', message: 'k.mp4 took too long' } });
    expect(by.get('j.mp4')).toMatchObject({ outcome: 'succeeded', score: null, label: null });
    for (const f of ['f', 'g', 'h', 'i']) expect(by.get(`${f}.mp4`)).toMatchObject({ outcome: 'pending', score: null, label: null, error: null });
  });

  it.each([
    ['succeeded', 'abcj'],
    ['failed', 'dek'],
    ['pending', 'fghi'],
  ] as const)('outcome %s keeps only those rows', (outcome, expected) => {
    const { jobId } = fixture();
    const page = new JobRowsRepo(db).page(jobId, { ...ALL, outcome });
    expect(paths(page.rows)).toEqual(expected.split('').map((c) => `/clips/${c}.mp4`));
    expect(page.matched).toBe(expected.length);
    expect(page.rows.every((r) => r.outcome === outcome)).toBe(true);
  });

  it.each([
    ['positive', 'a'],
    ['negative', 'b'],
    ['neutral', 'c'],
  ] as const)('label %s keeps only succeeded rows with that label', (label, expected) => {
    const { jobId } = fixture();
    const page = new JobRowsRepo(db).page(jobId, { ...ALL, label });
    expect(paths(page.rows)).toEqual([`/clips/${expected}.mp4`]);
    expect(page.matched).toBe(1);
  });

  it('combines outcome and label: a label never matches a failed or pending row', () => {
    const { jobId } = fixture();
    const repo = new JobRowsRepo(db);
    expect(repo.page(jobId, { ...ALL, outcome: 'failed', label: 'positive' })).toEqual({ matched: 0, rows: [] });
    expect(repo.page(jobId, { ...ALL, outcome: 'pending', label: 'neutral' })).toEqual({ matched: 0, rows: [] });
    expect(paths(repo.page(jobId, { ...ALL, outcome: 'succeeded', label: 'negative' }).rows)).toEqual(['/clips/b.mp4']);
  });

  it('pages with offset and limit; matched counts the whole filter, not the page', () => {
    const { jobId } = fixture();
    const repo = new JobRowsRepo(db);
    const everything = paths(repo.page(jobId, ALL).rows);
    const pages = [0, 3, 6, 9].map((offset) => repo.page(jobId, { ...ALL, offset, limit: 3 }));
    expect(pages.map((p) => p.matched)).toEqual([11, 11, 11, 11]);
    expect(pages.map((p) => p.rows.length)).toEqual([3, 3, 3, 2]);
    expect(pages.flatMap((p) => paths(p.rows))).toEqual(everything);
    expect(repo.page(jobId, { ...ALL, offset: 11, limit: 3 })).toEqual({ matched: 11, rows: [] });
    const pending = repo.page(jobId, { ...ALL, outcome: 'pending', offset: 1, limit: 2 });
    expect(pending).toMatchObject({ matched: 4 });
    expect(paths(pending.rows)).toEqual(['/clips/g.mp4', '/clips/h.mp4']);
  });

  it('refuses an offset or limit SQLite would read as "no limit"', () => {
    const { jobId } = fixture();
    const repo = new JobRowsRepo(db);
    expect(() => repo.page(jobId, { ...ALL, limit: -1 })).toThrow(/limit/);
    expect(() => repo.page(jobId, { ...ALL, limit: 0 })).toThrow(/limit/);
    expect(() => repo.page(jobId, { ...ALL, offset: -1 })).toThrow(/offset/);
    expect(() => repo.page(jobId, { ...ALL, offset: 1.5 })).toThrow(/offset/);
  });

  it('an unknown job or a job without files is an empty page', () => {
    const repo = new JobRowsRepo(db);
    expect(repo.page(newJob('/empty'), ALL)).toEqual({ matched: 0, rows: [] });
    expect(repo.page(999, ALL)).toEqual({ matched: 0, rows: [] });
  });

  it('walks the (job_id, path) index in path order: no scan of the table, no sort', () => {
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN ${PAGE_SQL}`)
      .all({ jobId: 1, outcome: 'all', label: 'all', offset: 0, limit: 10 })
      .map((r) => (r as { detail: string }).detail)
      .join('\n');
    expect(plan).toMatch(/SEARCH jf USING (COVERING )?INDEX \S+ \(job_id=\?\)/);
    expect(plan).not.toMatch(/TEMP B-TREE|SCAN jf/);
  });
});

describe('JobRowsRepo.counts', () => {
  it('counts outcomes and failures by kind by SQL GROUP BY, for one job only', () => {
    const { jobId } = fixture();
    expect(new JobRowsRepo(db).counts(jobId)).toEqual({
      total: 11,
      succeeded: 4,
      failed: 3,
      pending: 4,
      errorsByKind: { MediaTruncated: 1, NotMedia: 1, Timeout: 1 },
    });
    expect(new JobRowsRepo(db).counts(newJob('/empty'))).toEqual({ total: 0, succeeded: 0, failed: 0, pending: 0, errorsByKind: {} });
  });

  it('adds up several failures of one kind, and counts a failure without a recorded error as Internal', () => {
    const jobId = newJob('/x');
    addFile(jobId, '/x/1.mp4', 'failed', { error: { kind: 'NotMedia', message: '1' } });
    addFile(jobId, '/x/2.mp4', 'skipped', { resultId: failed({ kind: 'NotMedia', message: '2' }) });
    addFile(jobId, '/x/3.mp4', 'failed');
    const repo = new JobRowsRepo(db);
    expect(repo.counts(jobId)).toEqual({ total: 3, succeeded: 0, failed: 3, pending: 0, errorsByKind: { NotMedia: 2, Internal: 1 } });
    expect(repo.page(jobId, ALL).rows[2]!.error).toEqual({ kind: 'Internal', message: 'The file failed without a recorded error.' });
  });

  it('every file status is counted as one of the three outcomes', () => {
    const jobId = newJob('/s');
    FILE_STATUSES.forEach((s, i) => addFile(jobId, `/s/${i}.mp4`, s));
    const c = new JobRowsRepo(db).counts(jobId);
    expect(c.total).toBe(FILE_STATUSES.length);
    expect(c.succeeded + c.failed + c.pending).toBe(c.total);
  });
});

describe('JobRowsRepo.resultJson', () => {
  it('gives the result JSON a row points to, and nothing for a failed result or a row without one', () => {
    const { jobId } = fixture();
    const repo = new JobRowsRepo(db);
    expect(repo.resultJson(jobId, '/clips/a.mp4')?.json).toEqual({ score: 0.6, label: 'positive' });
    expect(repo.resultJson(jobId, '/clips/d.mp4')).toBeUndefined();
    expect(repo.resultJson(jobId, '/clips/e.mp4')).toBeUndefined();
    expect(repo.resultJson(jobId, '/clips/nope.mp4')).toBeUndefined();
  });
});
