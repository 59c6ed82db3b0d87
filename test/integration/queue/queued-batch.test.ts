import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { makeContext } from '../../../main/core/context.ts';
import { runBatch } from '../../../main/core/jobs/batch.ts';
import type { BatchProgress } from '../../../main/core/jobs/batch-progress.ts';
import { PathMap } from '../../../main/core/queue/path-map.ts';
import { QUEUE_NAME } from '../../../main/core/queue/protocol.ts';
import { parseQueueUrl } from '../../../main/core/queue/queue-url.ts';
import { runQueuedBatch, type QueuedBatchOptions } from '../../../main/core/queue/queued-batch.ts';
import { QueueWorker, type WorkerEvent } from '../../../main/core/queue/queue-worker.ts';
import { outcomeOf } from '../../../main/core/store/file-outcome.ts';
import { JobFilesRepo } from '../../../main/core/store/job-files-repo.ts';
import { JobsRepo } from '../../../main/core/store/jobs-repo.ts';
import { integrityCheck, openStore } from '../../../main/core/store/open-store.ts';
import { ResultsRepo } from '../../../main/core/store/results-repo.ts';
import { createProbeAnalyzer } from '../batch/probe-analyzer.ts';
import { makeBadInputsFolder, makeRealClipsFolder } from '../batch/make-inputs.ts';
import { startRedis, type RedisServer } from './redis-server.ts';

/**
 * A queued batch in this process against a real redis-server, with real BullMQ workers in this
 * process too (the test analyzer, batch/probe-analyzer.ts: ffprobe + a full ffmpeg decode per file,
 * no model, so the comparison with a local batch stays quick). The kill/restart scenarios with
 * separate processes are in queue-processes.test.ts.
 */
let redis: RedisServer;
let queue: Queue;
beforeAll(async () => {
  redis = await startRedis();
  queue = new Queue(QUEUE_NAME, { connection: redis.client() });
});
afterAll(async () => {
  await queue.close();
  await redis.stop();
});

let dir: string;
const stores: Database.Database[] = [];
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'corrkd-queued-'));
});
afterEach(() => {
  for (const db of stores.splice(0)) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function store(name: string): Database.Database {
  const db = openStore(path.join(dir, name));
  stores.push(db);
  return db;
}

/** Every row of the newest job: outcome, and the error kind and message of a failed one. */
function rowsOf(db: Database.Database, jobId: number) {
  const results = new ResultsRepo(db);
  return new JobFilesRepo(db).list(jobId).map((r) => {
    const res = r.resultId === null ? null : results.get(r.resultId)!;
    const o = outcomeOf(r.status, r.error, res && { id: res.id, status: res.status, error: res.status === 'failed' ? res.error : null });
    return { path: r.path, outcome: o.outcome, error: o.outcome === 'failed' ? o.error : null };
  });
}

async function startWorker(calls: string[], extra: { pathMap?: PathMap; concurrency?: number } = {}): Promise<{ worker: QueueWorker; events: WorkerEvent[] }> {
  const events: WorkerEvent[] = [];
  const worker = await QueueWorker.start({
    target: parseQueueUrl(redis.url),
    analyzer: createProbeAnalyzer({ calls }),
    concurrency: extra.concurrency ?? 2,
    pathMap: extra.pathMap ?? new PathMap(),
    lockMs: 30_000,
    graceMs: 30_000,
    log: () => {},
    onEvent: (e) => events.push(e),
  });
  return { worker, events };
}

const probe = createProbeAnalyzer();
const queued = (db: Database.Database, extra: Partial<QueuedBatchOptions> = {}): QueuedBatchOptions => ({
  db,
  modelKey: probe.model,
  optionsHash: probe.optionsHash,
  pack: probe.pack,
  queue: parseQueueUrl(redis.url),
  retryDelayMs: 200,
  pollMs: 200,
  ...extra,
});

async function jobsOnQueue(): Promise<number> {
  const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
  return Object.values(c).reduce((a, b) => a + b, 0);
}

async function addedEvents(): Promise<number> {
  const events = await redis.client().xrange(`bull:${QUEUE_NAME}:events`, '-', '+');
  return events.filter(([, fields]) => fields[1] === 'added').length;
}

describe('corrkd batch --queue in one process (real Redis, real BullMQ workers)', () => {
  it('bad inputs give the same rows as a local batch (same kinds and messages); jobs leave the queue; a re-run or --resume enqueues nothing', async () => {
    const folder = makeBadInputsFolder(path.join(dir, 'in'));
    const local = store('local.db');
    const localSummary = await runBatch(folder.root, { db: local, modelKey: probe.model, optionsHash: probe.optionsHash, concurrency: 2 }, probe.analyze, makeContext());

    const calls: string[] = [];
    const { worker } = await startWorker(calls);
    try {
      const db = store('queued.db');
      const events: BatchProgress[] = [];
      const summary = await runQueuedBatch(folder.root, queued(db, { onProgress: (p) => events.push(p) }), makeContext());
      expect(summary).toMatchObject({ status: 'succeeded', total: localSummary.total, succeeded: localSummary.succeeded, failed: localSummary.failed, pending: 0 });
      // The same rows: outcome, error kind and message, path by path.
      expect(rowsOf(db, summary.jobId)).toEqual(rowsOf(local, localSummary.jobId));
      expect(rowsOf(db, summary.jobId).filter((r) => r.outcome === 'failed').length).toBeGreaterThanOrEqual(8);
      // The same bytes at two paths went over the queue once; walk and hash errors never did.
      expect(calls.filter((c) => c.includes('same content') || c.includes('ünïcødé'))).toHaveLength(1);
      expect(calls.some((c) => /empty\.mp4|broken link|loop\.mp4|pipe\.mp4/.test(c))).toBe(false);
      expect(integrityCheck(db)).toEqual(['ok']);
      // Progress says where the work goes, and the job record keeps it for the window.
      expect(events.at(-1)!.queue).toMatchObject({ url: redis.url, connected: true });
      expect(events.some((e) => e.queue?.workers === 1)).toBe(true);
      expect(new JobsRepo(db).mustGet(summary.jobId).live).toMatchObject({ done: summary.total, queue: { url: redis.url, connected: true } });
      // Every answered job was removed from Redis once its row was stored.
      expect(await jobsOnQueue()).toBe(0);

      // --resume and a fresh run: every file is known (store), nothing is enqueued, nothing analysed.
      const added = await addedEvents();
      calls.length = 0;
      const resumed = await runQueuedBatch(folder.root, queued(db, { resume: true }), makeContext());
      expect(resumed).toMatchObject({ jobId: summary.jobId, resumed: true, worked: 0 });
      const fresh = await runQueuedBatch(folder.root, queued(db), makeContext());
      expect(fresh.jobId).not.toBe(summary.jobId);
      expect(fresh).toMatchObject({ succeeded: summary.succeeded, failed: summary.failed });
      expect(calls).toEqual([]);
      expect(await addedEvents()).toBe(added);
    } finally {
      await worker.stop();
    }
  });

  it('a worker with other analysis options (same pack) puts the job back and stops with ModelContractMismatch', async () => {
    const root = path.join(dir, 'in');
    makeRealClipsFolder(root, 1);
    const worker = await QueueWorker.start({
      target: parseQueueUrl(redis.url),
      analyzer: { ...createProbeAnalyzer(), optionsHash: 'probe-v2' },
      concurrency: 1,
      pathMap: new PathMap(),
      lockMs: 30_000,
      graceMs: 30_000,
      log: () => {},
    });
    const ac = new AbortController();
    const batch = runQueuedBatch(root, queued(store('queued.db')), makeContext({ signal: ac.signal }));
    await expect(worker.finished()).rejects.toMatchObject({
      kind: 'ModelContractMismatch',
      message: expect.stringMatching(/refuses the job for .*: its analysis options \(probe-v1\) are not this worker's \(probe-v2\)/),
    });
    expect(await queue.getJobCounts('waiting', 'active', 'failed')).toEqual({ waiting: 1, active: 0, failed: 0 });
    ac.abort();
    expect(await batch).toMatchObject({ status: 'canceled', pending: 1 });
    await queue.obliterate({ force: true });
  });

  it('a worker that mounts the files elsewhere maps them (--path-map) and answers with the coordinator paths', async () => {
    const folder = makeBadInputsFolder(path.join(dir, 'in'));
    // The worker's "mount" of the same storage: another absolute path to the same files.
    const mount = path.join(dir, 'mnt');
    symlinkSync(folder.root, mount);
    const local = store('local.db');
    const localSummary = await runBatch(folder.root, { db: local, modelKey: probe.model, optionsHash: probe.optionsHash, concurrency: 2 }, probe.analyze, makeContext());
    const calls: string[] = [];
    const { worker } = await startWorker(calls, { pathMap: new PathMap([{ from: folder.root, to: mount }]) });
    try {
      const db = store('queued.db');
      const summary = await runQueuedBatch(folder.root, queued(db), makeContext());
      expect(rowsOf(db, summary.jobId)).toEqual(rowsOf(local, localSummary.jobId));
      expect(calls.length).toBeGreaterThan(0);
      for (const c of calls) expect(c.startsWith(mount + path.sep), c).toBe(true);
      // The stored results name the files as the coordinator sees them.
      const files = db.prepare(`SELECT json_extract(result_json, '$.file') FROM results WHERE status = 'succeeded'`).pluck().all() as string[];
      for (const f of files) expect(f.startsWith(folder.root + path.sep), f).toBe(true);
    } finally {
      await worker.stop();
    }
  });
});
