import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REQUEST_CHANNELS, type RequestChannel } from '../../../../preload/contract.ts';
import { createIpcHandlers } from '../../../../main/electron/ipc/handlers.ts';
import type { RawHandlers } from '../../../../main/electron/ipc/handler-map.ts';
import { createAppServices, type AppServices } from '../../../../main/electron/services/app-services.ts';
import type { Dialogs } from '../../../../main/electron/services/dialogs.ts';

/**
 * The IPC handlers are plain functions behind the generic helper: these tests call them directly
 * with malformed arguments and check that every one is refused by the contract's zod schema with
 * an InvalidArgument envelope, before any service runs (no dialog opened, no job created, no
 * settings written).
 */
describe('IPC handlers validate every argument', () => {
  let dir: string;
  let services: AppServices;
  let handlers: RawHandlers;
  let dialogCalls: string[];
  const events: string[] = [];

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'corrkd-ipc-'));
    dialogCalls = [];
    const dialogs: Dialogs = {
      openMedia: async () => (dialogCalls.push('openMedia'), []),
      openFolder: async () => (dialogCalls.push('openFolder'), null),
      openFile: async () => (dialogCalls.push('openFile'), null),
      saveFile: async () => (dialogCalls.push('saveFile'), null),
    };
    services = createAppServices({ dataDir: dir, sink: { emit: (c) => events.push(c) }, dialogs, log: () => {} });
    handlers = createIpcHandlers(services);
  });
  afterEach(() => {
    services.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  async function expectRejected(channel: RequestChannel, arg: unknown): Promise<string> {
    const r = await handlers[channel](arg);
    expect(r.ok, `${channel} accepted ${JSON.stringify(arg)}`).toBe(false);
    if (r.ok) throw new Error('unreachable');
    expect(r.error.kind).toBe('InvalidArgument');
    expect(r.error.message).toContain(`${channel}: invalid argument`);
    return r.error.message;
  }

  it('has a handler for every channel of the contract', () => {
    expect(Object.keys(handlers).sort()).toEqual([...REQUEST_CHANNELS].sort());
  });

  it('refuses an argument of the wrong type on every channel', async () => {
    for (const channel of REQUEST_CHANNELS) {
      await expectRejected(channel, 42);
      await expectRejected(channel, 'x');
    }
    expect(dialogCalls).toEqual([]);
  });

  it('refuses relative, NUL-carrying, empty and mistyped paths', async () => {
    const bad = [undefined, {}, { paths: [] }, { paths: '/clip.mp4' }, { paths: ['clip.mp4'] }, { paths: ['../clip.mp4'] }, { paths: ['/a\0b.mp4'] }, { paths: [42] }];
    for (const arg of bad) await expectRejected('analyze:start', arg);
    expect(await expectRejected('analyze:start', { paths: ['relative/x.mp4'] })).toMatch(/absolute/);
    await expectRejected('batch:start', { folder: 'videos', resume: false });
    await expectRejected('batch:export', { jobId: 1, format: 'csv', out: 'out.csv' });
    await expectRejected('models:activate', { dir: './models/default' });
    await expectRejected('dataset:build', { kind: 'clips', csv: 'labels.csv', out: '/tmp/x', seed: 0, force: false });
    expect((await handlers['analyze:list'](undefined)).ok && (await handlers['analyze:list'](undefined))).toEqual({ ok: true, value: [] });
  });

  it('refuses unknown keys, out-of-range numbers and unknown enum values', async () => {
    await expectRejected('analyze:start', { paths: ['/x.mp4'], extra: true });
    await expectRejected('analyze:cancel', { jobId: 'job-1' });
    await expectRejected('analyze:cancel', { jobId: 7 });
    await expectRejected('batch:start', { folder: '/data', resume: 'yes' });
    await expectRejected('batch:start', { folder: '/data', resume: false, concurrency: 0 });
    await expectRejected('batch:rows', { jobId: 1, outcome: 'all', label: 'all', offset: 0, limit: 0 });
    await expectRejected('batch:rows', { jobId: 1, outcome: 'all', label: 'all', offset: -1, limit: 10 });
    await expectRejected('batch:rows', { jobId: 1, outcome: 'broken', label: 'all', offset: 0, limit: 10 });
    await expectRejected('batch:rows', { jobId: 1.5, outcome: 'all', label: 'all', offset: 0, limit: 10 });
    await expectRejected('batch:export', { jobId: 1, format: 'xlsx', out: '/tmp/x.xlsx' });
    await expectRejected('training:start', { data: '/d', out: '/r', epochs: 0, resume: false });
    await expectRejected('training:evaluate', { pack: '/p', data: '/d', protocol: 'complete-ish' });
    await expectRejected('settings:set', { fps: 0 });
    await expectRejected('settings:set', { fps: 120 });
    await expectRejected('settings:set', { device: 'tpu' });
    await expectRejected('settings:set', { activePack: '/elsewhere' }); // only models:activate, which verifies the pack
    await expectRejected('settings:set', { storeFile: 'results.sqlite' });
    await expectRejected('dialog:save-file', { title: 'x', defaultName: '../../etc/passwd' });
    await expectRejected('dialog:open-file', { title: 'x', kind: 'exe' });
    await expectRejected('analyze:list', { all: true });
  });

  it('runs no service when validation fails', async () => {
    await expectRejected('dialog:open-folder', { title: 42 });
    await expectRejected('dialog:open-media', { multi: true });
    await expectRejected('settings:set', { fps: -1 });
    expect(dialogCalls).toEqual([]);
    expect(existsSync(path.join(dir, 'settings.json'))).toBe(false);
    expect(services.analyze.list()).toEqual([]);
    expect(events).toEqual([]);
  });

  it('passes valid arguments through and keeps the service error kind', async () => {
    const set = await handlers['settings:set']({ fps: 10 });
    expect(set.ok).toBe(true);
    expect(services.settings.get().fps).toBe(10);
    expect(existsSync(path.join(dir, 'settings.json'))).toBe(true);

    const missing = path.join(dir, 'no-such-clip.mp4');
    const start = await handlers['analyze:start']({ paths: [missing] });
    expect(start).toMatchObject({ ok: true, value: { jobs: [], rejected: [{ path: missing }] } });

    const cancel = await handlers['analyze:cancel']({ jobId: 'a999' });
    expect(cancel).toMatchObject({ ok: false, error: { kind: 'InvalidArgument' } });
    if (!cancel.ok) expect(cancel.error.message).toContain('a999');

    const folder = await handlers['dialog:open-folder']({ title: 'Pick' });
    expect(folder).toEqual({ ok: true, value: null });
    expect(dialogCalls).toEqual(['openFolder']);
  });
});
