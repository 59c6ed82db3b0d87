import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { JobRowsRepo } from '../../../main/core/store/job-rows-repo.ts';
import { JobFilesRepo } from '../../../main/core/store/job-files-repo.ts';
import { integrityCheck, openStore } from '../../../main/core/store/open-store.ts';
import { makeRealClipsFolder } from '../batch/make-inputs.ts';
import { waitForCount } from '../batch/child-process.ts';
import { dataPath } from '../../helpers/data.ts';
import { countLines, QUEUE_CHILD, reap, start, type Proc } from './processes.ts';
import { freePort, startRedis, type RedisServer } from './redis-server.ts';

/**
 * Issue 12's failure semantics with real processes: a real redis-server (one for this file), the
 * coordinator (`corrkd batch --queue`) and workers (`corrkd worker`) as separate child processes,
 * killed and restarted mid-batch. Both sides use the test analyzer (queue-child.ts: ffprobe + a full
 * ffmpeg decode paced to N x real time, no model), so a file stays in flight for seconds without the
 * minutes a real pipeline would take on this shared machine; the real pipeline over the queue is
 * queue-real-pipeline.test.ts. Lock times are short (5 s) but generous for a decode in a child process;
 * nothing here asserts on time.
 */
let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis.stop());

let dir: string;
let root: string;
let dbFile: string;
let inputs: string[];
const procs: Proc[] = [];
beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'corrkd-qproc-'));
  root = path.join(dir, 'in');
  inputs = makeRealClipsFolder(root, 5);
  dbFile = path.join(dir, 'results.db');
  await redis.client().flushall();
});
afterEach(async () => {
  await reap(procs);
  rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string> = {}): Proc {
  const p = start(QUEUE_CHILD, args, env);
  procs.push(p);
  return p;
}
const coordinator = (...extra: string[]) => run(['batch', root, '--db', dbFile, '--queue', redis.url, '--json', ...extra]);
const worker = (name: string, pace: number, ...extra: string[]) =>
  run(['worker', '--queue', redis.url, '--name', name, '--lock', '5', ...extra], { QUEUE_TEST_PACE: String(pace) });
const took = (p: Proc, file: string) => countLines(p.stderr(), `took ${file}`) + countLines(p.stderr(), `took ${file} (attempt 2)`);

/** The store once the batch is over: one final row per input, results unique per content, intact. */
function expectComplete(db: Database.Database, jobId: number, files = inputs) {
  const rows = new JobFilesRepo(db).list(jobId);
  expect(rows.map((r) => r.path).sort()).toEqual([...files].sort());
  expect(rows.filter((r) => r.status !== 'succeeded')).toEqual([]);
  expect(new JobRowsRepo(db).counts(jobId)).toMatchObject({ total: files.length, succeeded: files.length, failed: 0, pending: 0 });
  expect(db.prepare('SELECT COUNT(*) FROM results').pluck().get()).toBe(files.length);
  expect(integrityCheck(db)).toEqual(['ok']);
}

async function finished(p: Proc): Promise<{ jobId: number; status: string; resumed: boolean }> {
  const out = await p.exited;
  expect(out.code, out.stderr).toBe(0);
  return JSON.parse(out.stdout) as { jobId: number; status: string; resumed: boolean };
}

async function withStore<T>(fn: (db: Database.Database) => T): Promise<T> {
  const db = openStore(dbFile);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

describe('queued batch with real processes', () => {
  it('SIGKILL a worker mid-job: the stalled job goes to another worker; one row per file', async () => {
    const c = coordinator();
    const a = worker('A', 0.5); // a clip takes ~2x its duration: surely in flight when killed
    const [, file] = await a.waitFor(/^took (.+)$/m);
    a.child.kill('SIGKILL');
    expect((await a.exited).signal).toBe('SIGKILL');
    const b = worker('B', 4);
    const summary = await finished(c);
    expect(summary.status).toBe('succeeded');
    await withStore((db) => expectComplete(db, summary.jobId));
    expect(took(b, file!)).toBe(1); // B took over the job A died with
    b.child.kill('SIGTERM');
    expect((await b.exited).code).toBe(0);
  });

  it('SIGTERM: a worker finishes its job and exits; with --grace 0 it hands the job back', async () => {
    const c = coordinator();
    const a = worker('A', 1); // default grace: finishes what it holds
    const [, fileA] = await a.waitFor(/^took (.+)$/m);
    const g = worker('G', 0.25, '--grace', '0'); // no grace: returns what it holds
    const [, fileG] = await g.waitFor(/^took (.+)$/m);
    a.child.kill('SIGTERM');
    g.child.kill('SIGTERM');
    const outA = await a.exited;
    const outG = await g.exited;
    expect(outA.code, outA.stderr).toBe(0);
    expect(outA.stderr).toContain(`done ${fileA}`);
    expect(outA.stdout).toMatch(/worker A stopped: [1-9]\d* file\(s\) analysed/);
    expect(outG.code, outG.stderr).toBe(0);
    expect(outG.stderr).toContain(`returned ${fileG} to the queue`);
    expect(outG.stderr).not.toContain(`done ${fileG}`);
    expect(outG.stdout).toContain('1 handed back to the queue');

    const b = worker('B', 4);
    const summary = await finished(c);
    await withStore((db) => expectComplete(db, summary.jobId));
    expect(took(b, fileA!)).toBe(0); // A's answer was kept, not redone
    expect(took(b, fileG!)).toBe(1); // G's job came back and B did it
  });

  it('Redis restarted mid-batch (its data lost): coordinator and worker reconnect, lost jobs are enqueued again, the batch completes', async () => {
    const c = coordinator();
    const a = worker('A', 2);
    expect(await waitForCount(dbFile, `SELECT COUNT(*) FROM job_files WHERE status = 'succeeded'`, 1, { child: c.child, exited: c.exited }, 120_000)).toBe(true);
    await redis.restart({ downMs: 1500 });
    const summary = await finished(c);
    expect(summary.status).toBe('succeeded');
    await withStore((db) => expectComplete(db, summary.jobId));
    expect(c.stderr()).toMatch(/is no longer on the queue \(Redis restarted without its data\?\); adding it again/);
    a.child.kill('SIGTERM');
    expect((await a.exited).code).toBe(0);
  });

  it('coordinator killed (SIGKILL): --resume collects what the workers finished meanwhile, without loss or duplicates', async () => {
    const c = coordinator();
    const a = worker('A', 2, '--concurrency', '2');
    expect(await waitForCount(dbFile, `SELECT COUNT(*) FROM job_files WHERE status = 'succeeded'`, 1, { child: c.child, exited: c.exited }, 120_000)).toBe(true);
    c.child.kill('SIGKILL');
    expect((await c.exited).signal).toBe('SIGKILL');
    // All files were handed over before the kill (5 small files); the worker finishes them alone.
    const done = () => inputs.filter((f) => a.stderr().includes(`done ${f}`)).length;
    while (done() < inputs.length && a.child.exitCode === null) await new Promise((r) => setTimeout(r, 200));
    const stored = await withStore((db) => db.prepare(`SELECT COUNT(*) FROM job_files WHERE status = 'succeeded'`).pluck().get() as number);
    expect(stored).toBeLessThan(inputs.length); // some answers wait on the queue only

    const r = coordinator('--resume');
    const summary = await finished(r);
    expect(summary).toMatchObject({ status: 'succeeded', resumed: true });
    await withStore((db) => expectComplete(db, summary.jobId));
    for (const f of inputs) expect(took(a, f), f).toBe(1); // every file analysed exactly once
    a.child.kill('SIGTERM');
    expect((await a.exited).code).toBe(0);
  });

  it('content errors are final answers; transient ones (ToolFailed, Timeout) are retried with backoff up to the limit, then recorded', async () => {
    writeFileSync(path.join(root, 'random.mp4'), randomBytes(4096));
    writeFileSync(path.join(root, 'empty.mp4'), '');
    copyFileSync(dataPath('videos/face_no_speech/pyfeat_single_face.mp4'), path.join(root, 'fail-me.mp4'));
    copyFileSync(dataPath('mosi/raw/03bSnISJMiM_1.wav'), path.join(root, 'hang-me.wav'));
    const c = coordinator('--retry-delay', '0.5', '--timeout', '2');
    const a = run(['worker', '--queue', redis.url, '--name', 'A', '--concurrency', '2'], { QUEUE_TEST_FAIL: 'fail-me', QUEUE_TEST_HANG: 'hang-me' });
    const summary = await finished(c);
    const rows = await withStore((db) => new JobFilesRepo(db).list(summary.jobId));
    const row = (name: string) => rows.find((x) => x.path === path.join(root, name))!;
    expect(row('random.mp4')).toMatchObject({ status: 'failed', error: { kind: 'NotMedia' } });
    expect(row('empty.mp4')).toMatchObject({ status: 'failed', error: { kind: 'EmptyFile', message: `${path.join(root, 'empty.mp4')} is empty (0 bytes).` } });
    expect(row('fail-me.mp4')).toMatchObject({ status: 'failed', error: { kind: 'ToolFailed', message: expect.stringContaining('fails this file on purpose') } });
    expect(row('hang-me.wav')).toMatchObject({ status: 'failed', error: { kind: 'Timeout', message: expect.stringContaining('did not finish within 2 s (per-file time limit)') } });
    for (const f of inputs) expect(row(path.basename(f)).status).toBe('succeeded');
    const err = a.stderr();
    expect(countLines(err, `took ${path.join(root, 'random.mp4')}`)).toBe(1); // content error: not retried
    expect(err).not.toContain(`took ${path.join(root, 'empty.mp4')}`); // hashed by the coordinator: never a job
    for (const name of ['fail-me.mp4', 'hang-me.wav']) {
      const f = path.join(root, name);
      expect(err).toContain(`failed ${f} (attempt 1 of 3, will be retried)`);
      expect(err).toContain(`took ${f} (attempt 3)`);
      expect(err).toContain(`failed ${f} (attempt 3 of 3, recorded)`);
      expect(err).not.toContain(`took ${f} (attempt 4)`);
    }
    a.child.kill('SIGTERM');
    expect((await a.exited).code).toBe(0);
  });

  it('a queue URL that cannot be reached, or is not a Redis URL, is a clear error naming it (exit 2), not a hang', async () => {
    const port = await freePort();
    const refused = await run(['batch', root, '--db', dbFile, '--queue', `redis://127.0.0.1:${port}`]).exited;
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`InvalidArgument: Cannot reach the batch queue at redis://127.0.0.1:${port}: connection refused`);
    expect(existsSync(dbFile)).toBe(false);
    // Something that accepts the connection and never answers (a hung server, a wrong service).
    const mute = createServer(() => {});
    await new Promise<void>((r) => mute.listen(0, '127.0.0.1', r));
    const mutePort = (mute.address() as AddressInfo).port;
    try {
      const silent = await run(['worker', '--queue', `redis://:secret@127.0.0.1:${mutePort}`]).exited;
      expect(silent.code).toBe(2);
      expect(silent.stderr).toContain(`InvalidArgument: Cannot reach the batch queue at redis://:***@127.0.0.1:${mutePort}: no answer`);
      expect(silent.stderr).not.toContain('secret');
    } finally {
      mute.close();
    }
    const scheme = await run(['worker', '--queue', 'http://127.0.0.1:6379']).exited;
    expect(scheme.code).toBe(2);
    expect(scheme.stderr).toContain('--queue http://127.0.0.1:6379: the scheme is http, not redis or rediss');
  });
});
