import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../main/core/paths.ts';
import { ffmpegPath } from '../../main/core/media/ffmpeg-paths.ts';
import { dataPath } from '../helpers/data.ts';
import { startBridge, type Bridge } from './bridge-server.ts';
import { bridgeClientScript, openBrowser, type Browser } from './browser.ts';

/**
 * The window in a real browser against the real core (issue 6): the built renderer (dist/renderer,
 * `npm run build:renderer` runs first) in Debian's Chromium, talking to the same IPC handlers the
 * Electron main process registers, through the loopback test bridge. Screenshots of every view go
 * to test-results/e2e/ (look at them). Any console error fails the run.
 */
const SHOTS = path.join(PROJECT_ROOT, 'test-results', 'e2e');
const RENDERER = path.join(PROJECT_ROOT, 'dist', 'renderer');
const SAMPLE = path.join(PROJECT_ROOT, 'assets', 'sample', 'pexels-face.mp4');

let work: string;
let bridge: Bridge;
let b: Browser;
let page: Page;

/**
 * The views scroll inside the window (the shell is fixed), so a screenshot first grows the window
 * to the view's full height at the same 1280 px width, then restores 1280x800.
 */
async function shot(name: string): Promise<void> {
  const h = await page.evaluate(() => document.querySelector('.content')?.scrollHeight ?? 800);
  await page.setViewportSize({ width: 1280, height: Math.max(800, Math.min(h, 4000)) });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function view(id: 'analyse' | 'batch' | 'models' | 'settings'): Promise<void> {
  await page.click(`nav [data-view="${id}"]`);
  await page.waitForFunction((v) => window.location.hash === `#/${v}`, id);
}

/** Drops files on the drop zone as a user would; the bridge maps each File to its real path. */
async function drop(files: string[]): Promise<void> {
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const p of list) {
      const f = new File([''], p.split('/').pop()!, { type: 'video/mp4' });
      (window as unknown as { __corrkdE2E: { register(f: File, p: string): void } }).__corrkdE2E.register(f, p);
      dt.items.add(f);
    }
    const zone = document.querySelector('[data-testid="drop-zone"]')!;
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

/** ffmpeg / ffprobe processes started by this process (the bridge runs the core in-process). */
function childTools(): string[] {
  const r = spawnSync('pgrep', ['-a', '-P', String(process.pid)], { encoding: 'utf8' });
  return r.stdout.split('\n').filter((l) => /ff(mpeg|probe)/.test(l));
}

/** Polls a condition of the bridge (main-side state) until it holds or the budget runs out. */
async function until(cond: () => boolean, budgetMs: number): Promise<void> {
  const end = Date.now() + budgetMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`condition not met within ${budgetMs} ms: ${cond.toString()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  if (!existsSync(path.join(RENDERER, 'index.html'))) throw new Error(`${RENDERER} is missing: run npm run build:renderer first (npm run test:e2e does).`);
  work = mkdtempSync(path.join(tmpdir(), 'corrkd-e2e-'));
  process.env.CORRKD_HOME = path.join(work, 'home'); // fresh feature cache, ASR folder and settings
  rmSync(SHOTS, { recursive: true, force: true });
  mkdirSync(SHOTS, { recursive: true });
  bridge = await startBridge({ rendererDir: RENDERER, dataDir: path.join(work, 'home') });
  b = await openBrowser(await bridgeClientScript());
  page = b.page;
  await page.goto(bridge.url);
  await page.waitForSelector('[data-testid="drop-zone"]');
});

afterAll(async () => {
  await b?.context.close();
  await bridge?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('CorrKD Studio in Chromium', () => {
  it('shows the Analyse view and moves between views with the keyboard', async () => {
    await shot('1-analyse-empty');
    await page.focus('nav [data-view="analyse"]');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-view'))).toBe('batch');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.location.hash === '#/batch');
    await view('analyse');
    // the drop zone is a keyboard target too
    await page.focus('[data-testid="drop-zone"]');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('drop-zone');
  });

  it('drops a real clip and shows its result: score, label, badges with reasons, timeline', async () => {
    await drop([SAMPLE]);
    await page.waitForSelector('[data-testid="job"][data-status="running"] .stages li', { timeout: 120_000 });
    // a few stages in, for a screenshot that shows per-stage progress (the clip may also finish first)
    await page
      .waitForFunction(() => document.querySelectorAll('[data-testid="job"][data-status="running"] .stages li').length >= 4, undefined, { timeout: 120_000 })
      .catch(() => {});
    await shot('2-analyse-running');
    await page.waitForSelector('[data-testid="result-page"], [data-testid="job"][data-status="failed"]', { timeout: 480_000 });
    const job = bridge.services.analyze.list().find((j) => j.file === SAMPLE)!;
    expect(job.error).toBeNull();
    expect(job.status).toBe('succeeded');
    const result = bridge.services.analyze.result(job.id);

    const score = await page.textContent('[data-testid="score"]');
    expect(Number(score)).toBeCloseTo(result.score!, 2);
    expect(score).toMatch(/^[+-]?\d\.\d\d$/);
    expect(await page.textContent('[data-testid="label"]')).toBe(result.label);
    // the model read the transcript, so the score is evidence, not the "prior only" note
    expect(result.modalities.text.usedByModel).toBe(true);
    expect(await page.locator('[data-testid="no-evidence"]').count()).toBe(0);
    for (const m of ['text', 'audio', 'visual'] as const) {
      const badge = page.locator(`[data-modality="${m}"]`);
      const state = await badge.getAttribute('data-state');
      const mr = result.modalities[m];
      const trained = result.model.trainedModalities.includes(({ text: 'l', audio: 'a', visual: 'v' } as const)[m]);
      expect(state).toBe(!trained ? 'unused' : mr.usable ? 'usable' : 'unusable');
      if (state === 'unusable') expect(await badge.textContent()).toContain(mr.reason!);
    }
    // the sample's audio is digital silence and its transcript is a sidecar: both must show
    expect(result.modalities.audio.usable).toBe(false);
    expect(await page.locator('[data-modality="audio"]').textContent()).toMatch(/silen/i);
    expect(result.transcript.source).toBe('sidecar-srt');
    expect(await page.locator('[data-testid="transcript"]').textContent()).toContain('I honestly thought I had lost everything this year.');
    // one focusable bar per utterance; focus shows its text
    expect(await page.locator('[data-testid="timeline"] [data-seg]').count()).toBe(result.segments.length);
    expect(result.segments.length).toBeGreaterThan(1);
    await page.focus('[data-testid="timeline"] [data-seg="0"]');
    expect(await page.textContent('.timeline-caption')).toContain(result.segments[0]!.text);
    await page.keyboard.press('ArrowRight');
    expect(await page.textContent('.timeline-caption')).toContain(result.segments[1]!.text);
    await shot('3-analyse-result');
  });

  it('shows no score for a clip with nothing the model reads, with the prior apart', async () => {
    const silent = path.join(work, 'silence.wav');
    const made = spawnSync(ffmpegPath(), ['-v', 'error', '-f', 'lavfi', '-i', 'anullsrc=r=16000:cl=mono', '-t', '3', '-y', silent]);
    expect(made.status, String(made.stderr)).toBe(0);
    await drop([silent]);
    const row = page.locator('[data-testid="job"]', { hasText: 'silence.wav' });
    await row.locator('.job-status .chip').waitFor({ timeout: 120_000 });
    expect(await row.locator('.job-status').textContent()).toBe('no evidence');
    await row.locator('button.job-main').click();
    await page.waitForSelector('[data-testid="no-evidence"]');
    const job = bridge.services.analyze.list().find((j) => j.file === silent)!;
    const result = bridge.services.analyze.result(job.id);
    expect(result.score).toBeNull();
    expect(await page.textContent('[data-testid="score"]')).toBe('–');
    expect(await page.textContent('[data-testid="label"]')).toBe('no evidence');
    const prior = result.prior!.score;
    expect(await page.textContent('[data-testid="no-evidence"]')).toContain(`The model's prior (its answer for any clip without evidence) is ${prior > 0 ? '+' : ''}${prior.toFixed(2)}`);
    await shot('3b-analyse-no-evidence');
  });

  it('cancels a running analysis: the job says canceled and no ffmpeg is left behind', async () => {
    const clip = dataPath('videos/talking_heads/video-retalking_face_4.mp4');
    await drop([clip]);
    const row = page.locator('[data-testid="job"]', { hasText: 'video-retalking_face_4.mp4' });
    await row.locator('.stages li').first().waitFor({ timeout: 60_000 });
    await row.locator('button:has-text("Cancel")').click();
    await page.locator('[data-testid="job"][data-status="canceled"]', { hasText: 'video-retalking_face_4.mp4' }).waitFor({ timeout: 30_000 });
    const job = bridge.services.analyze.list().find((j) => j.file === clip)!;
    expect(job).toMatchObject({ status: 'canceled', error: null });
    await until(() => childTools().length === 0, 10_000);
  });

  it('runs a batch over a folder into the results store, filters, opens a row and exports CSV', async () => {
    const folder = path.join(work, 'batch-in');
    mkdirSync(folder);
    copyFileSync(SAMPLE, path.join(folder, 'pexels-face.mp4'));
    copyFileSync(SAMPLE.replace(/\.mp4$/, '.srt'), path.join(folder, 'pexels-face.srt'));
    copyFileSync(dataPath('videos/talking_heads/video-retalking_face_3.mp4'), path.join(folder, 'talking.mp4'));
    writeFileSync(path.join(folder, 'broken.mp4'), Buffer.from('this is not a video, only text named like one'));
    await view('batch');
    bridge.dialogs.answer('openFolder', folder);
    await page.click('[data-testid="batch-folder"] button');
    await page.click('button:has-text("Start")');
    await page.waitForSelector('.batch-progress progress', { timeout: 60_000 });
    await page.waitForFunction(() => [...document.querySelectorAll('button')].some((x) => x.textContent === 'Start' && !(x as HTMLButtonElement).disabled), undefined, { timeout: 480_000 });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="batch-table"] tbody tr').length === 3, undefined, { timeout: 30_000 });
    await shot('4-batch-table');
    expect(await page.locator('[data-testid="batch-table"] tr.row.succeeded').count()).toBe(2);
    const failed = page.locator('[data-testid="batch-table"] tr.row.failed');
    expect(await failed.count()).toBe(1);
    expect(await failed.textContent()).toMatch(/broken\.mp4.*NotMedia/);

    await page.locator('label:has-text("Outcome") select').selectOption('failed');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="batch-table"] tbody tr').length === 1);
    await page.locator('label:has-text("Outcome") select').selectOption('all');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="batch-table"] tbody tr').length === 3);

    const csv = path.join(work, 'export.csv');
    bridge.dialogs.answer('saveFile', csv);
    await page.click('button:has-text("Export CSV")');
    await page.waitForSelector('.ok-text:has-text("Exported")');
    const lines = readFileSync(csv, 'utf8').trim().split(/\r?\n/);
    expect(lines).toHaveLength(4);

    await page.locator('[data-testid="batch-table"] tr.row.succeeded').first().click();
    await page.waitForSelector('[data-testid="result-page"]');
    await shot('5-batch-row-result');
    await page.click('button:has-text("Close")');
  });

  it('builds a dataset, trains with live loss curves, evaluates and exports a pack', async () => {
    const csv = path.join(work, 'mosi-subset.csv');
    const rows = readFileSync(dataPath('mosi/label.csv'), 'utf8').trim().split(/\r?\n/).slice(1, 81);
    writeFileSync(csv, ['id,text,label', ...rows.map((r) => r.split(',').slice(0, -1).join(','))].join('\n') + '\n');
    const ds = path.join(work, 'dataset');
    const run = path.join(work, 'run');
    const pack = path.join(work, 'pack');

    await view('models');
    await page.waitForSelector('[data-testid="packs-table"]');
    await shot('6-models-packs');

    await page.click('#tab-dataset');
    await page.check('input[name="kind"] >> nth=1');
    bridge.dialogs.answer('openFile', csv);
    await page.click('.path-field:has-text("Labels CSV") button');
    bridge.dialogs.answer('openFolder', ds);
    await page.click('.path-field:has-text("Output folder") button');
    await page.click('button:has-text("Build dataset")');
    await page.waitForSelector('[data-testid="dataset-summary"]', { timeout: 120_000 });
    expect(await page.textContent('[data-testid="dataset-summary"]')).toMatch(/80\s+samples/);
    await shot('7-models-dataset');

    await page.click('#tab-train');
    bridge.dialogs.answer('openFolder', ds);
    await page.click('[data-testid="train-data"] button');
    bridge.dialogs.answer('openFolder', run);
    await page.click('[data-testid="train-out"] button');
    await page.fill('label:has-text("Epochs") input', '2');
    await page.fill('label:has-text("Batch size") input', '16');
    await page.click('button.primary:has-text("Train")');
    await page.waitForSelector('[data-testid="loss-teacher"] circle.dot', { timeout: 300_000 });
    await until(() => !bridge.services.training.current().running, 600_000);
    expect(bridge.services.training.current().last).toMatchObject({ status: 'completed' });
    await page.waitForSelector('[data-testid="loss-student"] circle.dot');
    // 64 training samples in batches of 16: 4 steps per epoch, 2 epochs, one point per step and term
    expect(await page.locator('[data-testid="loss-student"] .series').first().locator('circle.dot').count()).toBe(8);
    expect(await page.locator('[data-testid="loss-teacher"] .legend-item').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('[data-testid="loss-student"] .legend-item').count()).toBeGreaterThanOrEqual(7);
    await shot('8-models-training');

    await page.click('#tab-evaluate');
    bridge.dialogs.answer('openFolder', run);
    await page.click('.path-field:has-text("Run folder") button');
    bridge.dialogs.answer('openFolder', pack);
    await page.click('.path-field:has-text("Pack folder") button');
    await page.uncheck('label:has-text("make it the active pack") input');
    await page.click('button:has-text("Export pack")');
    await page.waitForSelector('.ok-text:has-text("Exported")', { timeout: 180_000 });
    expect(existsSync(path.join(pack, 'manifest.json'))).toBe(true);

    await page.locator('label.field select').selectOption(pack);
    bridge.dialogs.answer('openFolder', ds);
    await page.click('[data-testid="eval-data"] button');
    await page.click('button:has-text("Fixed protocol")');
    await page.waitForSelector('[data-testid="fixed-table"] table.metrics tbody tr >> nth=7', { timeout: 180_000 });
    await page.click('button:has-text("Missing-rate sweep")');
    await page.waitForSelector('[data-testid="rate-chart"] circle.dot', { timeout: 180_000 });
    expect(await page.locator('[data-testid="rate-chart"] .series').first().locator('circle.dot').count()).toBe(11);
    await shot('9-models-evaluate');
  });

  it('shows settings: devices actually available, ASR models, locations', async () => {
    await view('settings');
    await page.waitForSelector('[data-testid="settings-device"]');
    expect(await page.textContent('[data-testid="settings-device"]')).toMatch(/CPU only\s*tries cpu/);
    expect(await page.textContent('[data-testid="settings-locations"]')).toContain(path.join(work, 'home'));
    await page.click('label:has-text("CPU only") input');
    await page.waitForFunction(() => document.querySelector('label.device.chosen')?.textContent?.includes('CPU only'));
    await shot('10-settings');
  });

  it('logged no console error', () => {
    expect(b.errors).toEqual([]);
  });
});
