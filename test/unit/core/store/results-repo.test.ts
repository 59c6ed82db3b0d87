import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../../../main/core/store/open-store.ts';
import { ResultsRepo, type ResultKey } from '../../../../main/core/store/results-repo.ts';
import { JobsRepo } from '../../../../main/core/store/jobs-repo.ts';
import { JobFilesRepo } from '../../../../main/core/store/job-files-repo.ts';

let dir: string;
let db: Database.Database;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'corrkd-results-'));
  db = openStore(path.join(dir, 'r.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const key: ResultKey = { sha256: 'a'.repeat(64), model: { id: 'corrkd-student', version: '1.0.0' }, optionsHash: 'fps5' };

describe('ResultsRepo', () => {
  it('keeps one row per (sha256, model id, model version, options) however often it is written', () => {
    const repo = new ResultsRepo(db);
    const id1 = repo.putSucceeded(key, { score: 0.1 }, { analyzeMs: 10 });
    const id2 = repo.putSucceeded(key, { score: 0.2 }, { analyzeMs: 12 });
    expect(id2).toBe(id1);
    expect(db.prepare('SELECT COUNT(*) FROM results').pluck().get()).toBe(1);
    const got = repo.find(key);
    expect(got?.status === 'succeeded' && got.result).toEqual({ score: 0.2 });
    // Another model version or other options are another row.
    const id3 = repo.putSucceeded({ ...key, model: { ...key.model, version: '1.0.1' } }, { score: 0.3 }, {});
    const id4 = repo.putFailed({ ...key, optionsHash: 'fps10' }, { kind: 'NotMedia', message: 'x is not media' }, {});
    expect(new Set([id1, id3, id4]).size).toBe(3);
  });

  it('stores a failure as kind + message and reads it back', () => {
    const repo = new ResultsRepo(db);
    repo.putFailed(key, { kind: 'MediaTruncated', message: 'clip.mp4 ends early' }, { probeMs: 3 });
    const got = repo.find(key);
    expect(got).toMatchObject({ status: 'failed', error: { kind: 'MediaTruncated', message: 'clip.mp4 ends early' }, timings: { probeMs: 3 } });
  });

  it('refuses a result that is not a JSON object', () => {
    const repo = new ResultsRepo(db);
    expect(() => repo.putSucceeded(key, [1, 2, 3], {})).toThrow(/not a result object/);
    expect(() => repo.putSucceeded(key, 'text', {})).toThrow(/not a result object/);
    expect(repo.find(key)).toBeUndefined();
  });

  it('validates JSON read back: a corrupted row fails loudly naming the row', () => {
    const repo = new ResultsRepo(db);
    const id = repo.putSucceeded(key, { score: 1 }, {});
    db.prepare(`UPDATE results SET result_json = '[1,2' WHERE id = ?`).run(id);
    expect(() => repo.get(id)).toThrow(new RegExp(`results row ${id} result_json: not valid JSON`));
    db.prepare(`UPDATE results SET result_json = '"a string"' WHERE id = ?`).run(id);
    expect(() => repo.get(id)).toThrow(/unexpected content/);
  });

  it('enforces "a result or an error, never both or neither" in the schema itself', () => {
    const now = new Date().toISOString();
    const insert = db.prepare(
      `INSERT INTO results (sha256, model_id, model_version, options_hash, status, result_json, error_kind, error_message, created_at, updated_at)
       VALUES ('b', 'm', '1', 'o', ?, ?, ?, ?, ?, ?)`,
    );
    expect(() => insert.run('succeeded', null, null, null, now, now)).toThrow(/CHECK constraint/);
    expect(() => insert.run('failed', '{}', 'NotMedia', 'm', now, now)).toThrow(/CHECK constraint/);
    expect(() => insert.run('done', '{}', null, null, now, now)).toThrow(/CHECK constraint/);
  });

  it('records every path a result was seen at, once each', () => {
    const repo = new ResultsRepo(db);
    const id = repo.putSucceeded(key, { score: 0 }, {});
    repo.addPath(id, '/a/clip.mp4');
    repo.addPath(id, '/b/copy of clip.mp4');
    repo.addPath(id, '/a/clip.mp4');
    expect(repo.paths(id)).toEqual(['/a/clip.mp4', '/b/copy of clip.mp4']);
  });
});

describe('JobsRepo and JobFilesRepo', () => {
  it('persists the job record with its options snapshot and status transitions', () => {
    const jobs = new JobsRepo(db);
    const job = jobs.create(
      { folder: 'in', realpath: '/data/in' },
      { model: key.model, optionsHash: 'fps5', concurrency: 2, perFileTimeoutMs: 'auto' },
    );
    expect(job).toMatchObject({ status: 'queued', source: '/data/in', options: { concurrency: 2, perFileTimeoutMs: 'auto' } });
    jobs.setStatus(job.id, 'running', { stage: 'scan' });
    expect(jobs.mustGet(job.id)).toMatchObject({ status: 'running', stage: 'scan', finishedAt: null });
    jobs.setStatus(job.id, 'canceled', { error: { kind: 'Canceled', message: 'by the user' } });
    const done = jobs.mustGet(job.id);
    expect(done.status).toBe('canceled');
    expect(done.error).toEqual({ kind: 'Canceled', message: 'by the user' });
    expect(done.finishedAt).not.toBeNull();
    expect(jobs.latestFor('/data/in', { model: key.model, optionsHash: 'fps5' })?.id).toBe(job.id);
    expect(jobs.latestFor('/data/in', { model: key.model, optionsHash: 'other' })).toBeUndefined();
    expect(() => jobs.mustGet(999)).toThrow(/No job with id 999/);
  });

  it('keeps one job_files row per (job, path) and turns stale running rows into interrupted', () => {
    const jobs = new JobsRepo(db);
    const files = new JobFilesRepo(db);
    const job = jobs.create({ folder: '/in', realpath: '/in' }, { model: key.model, optionsHash: 'o', concurrency: 1, perFileTimeoutMs: null });
    const a = files.ensure(job.id, '/in/a.mp4', 10, 1);
    const again = files.ensure(job.id, '/in/a.mp4', 10, 1);
    expect(again.id).toBe(a.id);
    files.markRunning(a.id, 10, 1);
    expect(files.get(job.id, '/in/a.mp4')).toMatchObject({ status: 'running', attempts: 1 });
    expect(files.markStaleRunning(job.id)).toBe(1);
    expect(files.get(job.id, '/in/a.mp4')?.status).toBe('interrupted');
    expect(files.countByStatus(job.id)).toMatchObject({ interrupted: 1, running: 0, succeeded: 0 });
    expect(() => db.prepare(`UPDATE job_files SET status = 'weird' WHERE id = ?`).run(a.id)).toThrow(/CHECK constraint/);
  });
});
