import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { openStore, integrityCheck } from '../../../main/core/store/open-store.ts';
import { JobRowsRepo } from '../../../main/core/store/job-rows-repo.ts';
import { JobsRepo } from '../../../main/core/store/jobs-repo.ts';
import { JobFilesRepo } from '../../../main/core/store/job-files-repo.ts';
import { CHILD, startCli, waitForCount } from './child-process.ts';
import { makeRealClipsFolder } from './make-inputs.ts';

/**
 * A real child process running `corrkd batch` (with the test analyzer, decoding at 4x real time so
 * files are in flight) is killed: SIGKILL (a crash), SIGINT (graceful cancel), SIGINT twice (exit
 * now). Each time the store must reopen intact, and --resume must finish with exactly one row per
 * input and no duplicate result.
 */
let dir: string;
let root: string;
let dbFile: string;
let inputs: string[];
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'corrkd-kill-'));
  root = path.join(dir, 'in');
  inputs = makeRealClipsFolder(root);
  writeFileSync(path.join(root, 'empty.mp4'), '');
  writeFileSync(path.join(root, 'random.mp4'), randomBytes(4096));
  symlinkSync(path.join(root, 'missing.mp4'), path.join(root, 'broken.mp4'));
  inputs.push(...['empty.mp4', 'random.mp4', 'broken.mp4'].map((n) => path.join(root, n)));
  dbFile = path.join(dir, 'results.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const batchArgs = (...extra: string[]) => ['batch', root, '--db', dbFile, '--concurrency', '2', '--json', ...extra];
const PACED = { BATCH_TEST_PACE: '4' };
const SUCCEEDED = `SELECT COUNT(*) FROM job_files WHERE status = 'succeeded'`;

/** The store after --resume: one final row per input, results unique per content, nothing partial. */
function expectComplete(db: Database.Database, jobId: number) {
  const rows = new JobFilesRepo(db).list(jobId);
  expect(rows.map((r) => r.path).sort()).toEqual([...inputs].sort());
  expect(rows.filter((r) => !['succeeded', 'failed', 'skipped'].includes(r.status))).toEqual([]);
  expect(new JobRowsRepo(db).counts(jobId)).toMatchObject({ total: inputs.length, succeeded: inputs.length - 3, failed: 3, pending: 0 });
  expect(db.prepare('SELECT COUNT(*) FROM results').pluck().get()).toBe(
    db.prepare('SELECT COUNT(*) FROM (SELECT DISTINCT sha256, model_id, model_version, options_hash FROM results)').pluck().get(),
  );
  expect(db.prepare('SELECT COUNT(*) FROM job_files GROUP BY job_id, path HAVING COUNT(*) > 1').all()).toEqual([]);
  for (const r of rows.filter((x) => x.status === 'succeeded')) {
    expect(db.prepare(`SELECT status FROM results WHERE id = ?`).pluck().get(r.resultId)).toBe('succeeded');
  }
  expect(integrityCheck(db)).toEqual(['ok']);
}

async function resumeToEnd(): Promise<number> {
  const run = startCli(CHILD, batchArgs('--resume'));
  const out = await run.exited;
  expect(out.code, out.stderr).toBe(0);
  const summary = JSON.parse(out.stdout) as { jobId: number; status: string; resumed: boolean };
  expect(summary).toMatchObject({ status: 'succeeded', resumed: true });
  return summary.jobId;
}

describe('batch child process killed mid-batch', () => {
  it('kill -9: the store reopens intact, loses only files in flight, and --resume completes without duplicates', async () => {
    const run = startCli(CHILD, batchArgs(), PACED);
    expect(await waitForCount(dbFile, SUCCEEDED, 2, run)).toBe(true);
    run.child.kill('SIGKILL');
    expect((await run.exited).signal).toBe('SIGKILL');

    const db = openStore(dbFile);
    expect(integrityCheck(db)).toEqual(['ok']);
    const job = new JobsRepo(db).latest()!;
    expect(job.status).toBe('running'); // the crash left it so
    const before = new JobFilesRepo(db).list(job.id);
    expect(before.filter((r) => r.status === 'succeeded').length).toBeGreaterThanOrEqual(2);
    expect(before.filter((r) => r.status === 'succeeded').length).toBeLessThan(inputs.length - 3);
    for (const r of before.filter((x) => x.status === 'running')) expect(r.resultId).toBeNull(); // in flight: no partial result
    db.close();

    const jobId = await resumeToEnd();
    expect(jobId).toBe(job.id);
    const after = openStore(dbFile);
    expectComplete(after, jobId);
    // Files finished before the kill were not redone.
    const files = new JobFilesRepo(after);
    for (const r of before.filter((x) => x.status === 'succeeded')) expect(files.get(jobId, r.path)).toMatchObject({ attempts: 1, resultId: r.resultId });
    after.close();

    const exp = await startCli(CHILD, ['export', '--db', dbFile, '--format', 'jsonl']).exited;
    expect(exp.code, exp.stderr).toBe(0);
    const lines = exp.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; error?: { kind: string } });
    expect(lines.map((l) => l.file).sort()).toEqual([...inputs].sort());
  });

  it('SIGINT: in-flight files become interrupted with no result, the job canceled, exit 130; --resume finishes', async () => {
    const run = startCli(CHILD, batchArgs(), PACED);
    expect(await waitForCount(dbFile, SUCCEEDED, 1, run)).toBe(true);
    run.child.kill('SIGINT');
    const out = await run.exited;
    expect(out.code).toBe(130);
    expect(out.stderr).toContain('Canceling...');
    expect(out.stderr).toMatch(/Canceled: Batch canceled: \d+ file\(s\) not finished; run the same command with --resume/);
    expect(JSON.parse(out.stdout)).toMatchObject({ status: 'canceled' });

    const db = openStore(dbFile);
    expect(integrityCheck(db)).toEqual(['ok']);
    const job = new JobsRepo(db).latest()!;
    expect(job).toMatchObject({ status: 'canceled', error: { kind: 'Canceled' } });
    const rows = new JobFilesRepo(db).list(job.id);
    expect(rows.filter((r) => r.status === 'running')).toEqual([]);
    const interrupted = rows.filter((r) => r.status === 'interrupted');
    expect(interrupted.length).toBeGreaterThanOrEqual(1);
    for (const r of interrupted) expect(r.resultId).toBeNull();
    db.close();

    const jobId = await resumeToEnd();
    const after = openStore(dbFile);
    expectComplete(after, jobId);
    after.close();
  });

  it('SIGINT twice: exits at once, the store stays consistent, --resume finishes', async () => {
    const run = startCli(CHILD, batchArgs(), PACED);
    expect(await waitForCount(dbFile, SUCCEEDED, 1, run)).toBe(true);
    run.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 30));
    run.child.kill('SIGINT');
    const out = await run.exited;
    expect(out.code).toBe(130);

    const db = openStore(dbFile);
    expect(integrityCheck(db)).toEqual(['ok']);
    db.close();
    const jobId = await resumeToEnd();
    const after = openStore(dbFile);
    expectComplete(after, jobId);
    after.close();
  });
});
