import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BatchStoreView } from '../../../../main/electron/services/batch-store-view.ts';
import { JobsRepo } from '../../../../main/core/store/jobs-repo.ts';
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
});
