import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../main/core/paths.ts';
import { makeRealClipsFolder } from '../integration/batch/make-inputs.ts';
import { QUEUE_CHILD, reap, start, type Proc } from '../integration/queue/processes.ts';
import { startRedis, type RedisServer } from '../integration/queue/redis-server.ts';
import { startBridge, type Bridge } from './bridge-server.ts';
import { bridgeClientScript, openBrowser, type Browser } from './browser.ts';

/**
 * Issue 12: a batch started in a terminal with `corrkd batch --queue` (a real redis-server, one
 * `corrkd worker`, both with the test analyzer of test/integration/queue/queue-child.ts) into the
 * window's results store shows in the Batch view as it runs: its progress, the queue and its live
 * workers, from the store only (that process sends the window no events). Screenshot:
 * test-results/e2e/batch-queue.png.
 */
const SHOTS = path.join(PROJECT_ROOT, 'test-results', 'e2e');
const RENDERER = path.join(PROJECT_ROOT, 'dist', 'renderer');

let work: string;
let bridge: Bridge;
let b: Browser;
let page: Page;
let redis: RedisServer;
const procs: Proc[] = [];

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'corrkd-e2e-queue-'));
  mkdirSync(SHOTS, { recursive: true });
  redis = await startRedis();
  bridge = await startBridge({ rendererDir: RENDERER, dataDir: path.join(work, 'home') });
  b = await openBrowser(await bridgeClientScript());
  page = b.page;
  await page.goto(bridge.url);
  await page.waitForSelector('[data-testid="drop-zone"]');
});

afterAll(async () => {
  await reap(procs);
  await b?.context.close();
  await bridge?.close();
  await redis?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('Batch view and a queued batch from the CLI', () => {
  it('follows a corrkd batch --queue run from the store: progress, queue and live workers, then its rows', async () => {
    const folder = path.join(work, 'queued-in');
    const inputs = makeRealClipsFolder(folder, 4);
    const storeFile = bridge.services.settings.get().storeFile;
    mkdirSync(path.dirname(storeFile), { recursive: true });
    procs.push(start(QUEUE_CHILD, ['worker', '--queue', redis.url, '--name', 'e2e-worker'], { QUEUE_TEST_PACE: '1' }));
    const coordinator = start(QUEUE_CHILD, ['batch', folder, '--db', storeFile, '--queue', redis.url, '--json']);
    procs.push(coordinator);

    await page.click('nav [data-view="batch"]');
    await page.waitForFunction(() => window.location.hash === '#/batch');
    // The job appears from the store (the view polls while another process's job runs).
    await page
      .waitForFunction(() => /1 live worker\b/.test(document.querySelector('[data-testid="batch-queue"]')?.textContent ?? ''), undefined, { timeout: 120_000 })
      .catch(async (e: unknown) => {
        const shown = await page.locator('.batch').textContent();
        throw new Error(`${String(e)}\nview: ${shown}\ncoordinator: ${coordinator.stderr()}\nworker: ${procs[0]!.stderr()}`);
      });
    expect(await page.locator('[data-testid="batch-queue"]').textContent()).toBe(`queue ${redis.url} · 1 live worker`);
    expect(await page.locator('[data-testid="batch-live"] progress').count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, 'batch-queue.png') });

    const out = await coordinator.exited;
    expect(out.code, out.stderr).toBe(0);
    await page.waitForFunction(() => /succeeded/.test(document.querySelector('select[aria-label="Batch job"]')?.textContent ?? ''), undefined, { timeout: 30_000 });
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="batch-table"] tr.row.succeeded').length === n, inputs.length, { timeout: 30_000 });
    expect(await page.locator('[data-testid="batch-queue"]').textContent()).toBe(`ran over the queue ${redis.url}`);
    expect(b.errors).toEqual([]);
  });
});
