import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BatchStoreView } from '../../../../main/electron/services/batch-store-view.ts';
import { JobsRepo } from '../../../../main/core/store/jobs-repo.ts';
import { JobFilesRepo } from '../../../../main/core/store/job-files-repo.ts';
import { ResultsRepo } from '../../../../main/core/store/results-repo.ts';
import { openStore } from '../../../../main/core/store/open-store.ts';
import type { LiveProgress } from '../../../../main/core/store/schemas.ts';

describe("the batch view reads any process's batch from the store", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'corrkd-storeview-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists a running job with the live progress its process wrote (queue and workers), and a job of an older store without it', () => {
    const file = path.join(dir, 'results.sqlite');
    const db = openStore(file);
    const jobs = new JobsRepo(db);
    const options = { model: { id: 'm', version: '1' }, optionsHash: 'o', concurrency: 2, perFileTimeoutMs: 'auto' as const };
    const old = jobs.create({ folder: '/a', realpath: '/a' }, options);
    const queued = jobs.create({ folder: '/b', realpath: '/b' }, options);
    jobs.setStatus(queued.id, 'running');
    const live: LiveProgress = {
      total: 10,
      done: 4,
      succeeded: 3,
      failed: 1,
      skipped: 0,
      inFlight: 6,
      filesPerMin: 12.5,
      etaSec: 28.8,
      queue: { url: 'rediss://:***@queue.lan:6390', workers: 3, connected: true },
      at: new Date().toISOString(),
    };
    jobs.setProgress(queued.id, 0.4, 'analyze', live);
    jobs.setProgress(queued.id, 0.4, 'analyze'); // a write without a record keeps the last one
    db.close();

    const view = new BatchStoreView(() => file);
    try {
      const [newest, older] = view.jobs();
      expect(newest).toMatchObject({ id: queued.id, status: 'running', live });
      expect(older).toMatchObject({ id: old.id, live: null });
    } finally {
      view.close();
    }
  });

  it('pages the rows of a job through the store repository, with counts in the job list', () => {
    const file = path.join(dir, 'rows.sqlite');
    const db = openStore(file);
    const options = { model: { id: 'm', version: '1' }, optionsHash: 'o', concurrency: 1, perFileTimeoutMs: null };
    const job = new JobsRepo(db).create({ folder: '/c', realpath: '/c' }, options);
    const files = new JobFilesRepo(db);
    const results = new ResultsRepo(db);
    const key = (n: number) => ({ sha256: String(n).padStart(64, '0'), model: options.model, optionsHash: 'o' });
    const ok = results.putSucceeded(key(1), { score: 0.4, label: 'positive' }, {});
    const bad = results.putFailed(key(2), { kind: 'NotMedia', message: 'b.mp4 is not media' }, {});
    files.finish(files.ensure(job.id, '/c/a.mp4', 1, 1).id, { status: 'succeeded', resultId: ok });
    files.finish(files.ensure(job.id, '/c/b.mp4', 1, 1).id, { status: 'skipped', resultId: bad });
    files.ensure(job.id, '/c/c.mp4', 1, 1);
    db.close();

    const view = new BatchStoreView(() => file);
    try {
      expect(view.jobs()[0]!.counts).toEqual({ total: 3, succeeded: 1, failed: 1, pending: 1 });
      const q = { jobId: job.id, outcome: 'all', label: 'all', offset: 0, limit: 2 } as const;
      expect(view.rows(q)).toEqual({
        matched: 3,
        rows: [
          { path: '/c/a.mp4', status: 'succeeded', outcome: 'succeeded', score: 0.4, label: 'positive', error: null },
          { path: '/c/b.mp4', status: 'skipped', outcome: 'failed', score: null, label: null, error: { kind: 'NotMedia', message: 'b.mp4 is not media' } },
        ],
      });
      expect(view.rows({ ...q, outcome: 'pending' }).rows.map((r) => r.path)).toEqual(['/c/c.mp4']);
      expect(() => view.rows({ ...q, jobId: job.id + 1 })).toThrow();
      expect(() => view.result(job.id, '/c/b.mp4')).toThrow(/has no result for \/c\/b.mp4/);
    } finally {
      view.close();
    }
  });
});
