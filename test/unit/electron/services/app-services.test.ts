import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StageContext } from '../../../../main/core/context.ts';
import type { ClipResult } from '../../../../main/core/result/schema.ts';
import { createAppServices } from '../../../../main/electron/services/app-services.ts';
import type { Dialogs } from '../../../../main/electron/services/dialogs.ts';
import type { SettingsValues } from '../../../../preload/contract.ts';
import { deferred, RecordingSink } from '../../../helpers/recording-sink.ts';

const noDialogs: Dialogs = {
  openMedia: async () => [],
  openFolder: async () => null,
  openFile: async () => null,
  saveFile: async () => null,
};

describe("the window's services, wired once per window", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'corrkd-appservices-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps settings, store, packs and evaluations in the data folder, and builds each analyse job from the settings of that moment', async () => {
    const sink = new RecordingSink();
    const builtWith: SettingsValues[] = [];
    const hanging = deferred<StageContext>();
    const services = createAppServices({
      dataDir,
      sink,
      dialogs: noDialogs,
      log: () => {},
      clipAnalyzer: async (s) => {
        builtWith.push(s);
        return (file, ctx) => {
          if (!file.endsWith('hang.mp4')) return Promise.resolve({ file, score: 0, label: 'neutral' } as unknown as ClipResult);
          hanging.resolve(ctx);
          return new Promise<ClipResult>((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason as Error)));
        };
      },
    });
    expect(services.locations).toMatchObject({
      data: dataDir,
      settingsFile: path.join(dataDir, 'settings.json'),
      userPacks: path.join(dataDir, 'packs'),
      evaluations: path.join(dataDir, 'evaluations'),
    });
    expect(services.batch.current().storeFile).toBe(path.join(dataDir, 'results.sqlite'));
    services.settings.update({ storeFile: path.join(dataDir, 'other.sqlite') });
    expect(services.batch.current().storeFile).toBe(path.join(dataDir, 'other.sqlite'));

    services.settings.update({ fps: 12 });
    const clip = path.join(dataDir, 'settings.json'); // any readable file will do for the fake analyzer
    await services.analyze.start([clip]);
    await sink.waitFor('analyze:job', (j) => j.id === 'a1' && j.status === 'succeeded');
    services.settings.update({ fps: 3, device: 'cpu' });
    await services.analyze.start([clip]);
    await sink.waitFor('analyze:job', (j) => j.id === 'a2' && j.status === 'succeeded');
    expect(builtWith.map((s) => [s.fps, s.device])).toEqual([
      [12, 'auto'],
      [3, 'cpu'],
    ]);

    // Closing the window cancels what is still running, without starting a training worker.
    const hang = path.join(dataDir, 'hang.mp4');
    writeFileSync(hang, 'x');
    await services.analyze.start([hang, hang]);
    const ctx = await hanging.promise;
    services.dispose();
    expect(ctx.signal.aborted).toBe(true);
    await sink.waitFor('analyze:job', (j) => j.id === 'a3' && j.status === 'canceled');
    expect(services.analyze.list().map((j) => j.status)).toEqual(['succeeded', 'succeeded', 'canceled', 'canceled']);
    expect(services.training.current()).toEqual({ running: false, runDir: null, last: null });
  });
});
