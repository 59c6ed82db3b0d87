import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { makeContext } from '../../../main/core/context.ts';
import { createBatchAnalyzer } from '../../../main/core/jobs/default-analyzer.ts';
import { runBatch } from '../../../main/core/jobs/batch.ts';
import { openStore } from '../../../main/core/store/open-store.ts';
import { PROJECT_ROOT } from '../../../main/core/paths.ts';
import { dataPath } from '../../helpers/data.ts';
import type * as ProbeModule from '../../../main/core/media/probe.ts';
import type * as HashModule from '../../../main/core/media/hash.ts';

// Every probe and hash of the process is counted by path (the pipeline's frames and audio are
// decoded in this thread; the face worker receives frames, not files).
const calls = vi.hoisted(() => ({ probe: [] as string[], hash: [] as string[] }));
vi.mock('../../../main/core/media/probe.ts', async (importOriginal) => {
  const m = await importOriginal<typeof ProbeModule>();
  return { ...m, probeMedia: (file: string, ctx: Parameters<typeof m.probeMedia>[1]) => (calls.probe.push(file), m.probeMedia(file, ctx)) };
});
vi.mock('../../../main/core/media/hash.ts', async (importOriginal) => {
  const m = await importOriginal<typeof HashModule>();
  return {
    ...m,
    hashFile: (file: string, ...rest: [AbortSignal?, { allowEmpty?: boolean }?]) => (calls.hash.push(file), m.hashFile(file, ...rest)),
    sha256File: (file: string, ctx?: Parameters<typeof m.sha256File>[1]) => (calls.hash.push(file), m.sha256File(file, ctx)),
  };
});

describe('a batch probes and hashes each file once (issue 11 item 2)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'once-per-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a video with sound and an audio file: one probe and one hash each, handed down to the analysis', async () => {
    const root = path.join(dir, 'in');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(root);
    const video = path.join(root, 'sample.mp4');
    const audio = path.join(root, 'speech.flac');
    copyFileSync(path.join(PROJECT_ROOT, 'assets', 'sample', 'pexels-face.mp4'), video);
    copyFileSync(dataPath('ravdess_speech', 'Actor_01', '03-01-03-01-01-01-01.flac'), audio);
    const analyzer = await createBatchAnalyzer();
    const db = openStore(path.join(dir, 'results.db'));
    try {
      const summary = await runBatch(root, { db, modelKey: analyzer.model, optionsHash: analyzer.optionsHash, concurrency: 1 }, analyzer.analyze, makeContext());
      expect(summary.succeeded).toBe(2);
    } finally {
      db.close();
      await analyzer.close?.();
    }
    for (const f of [video, audio]) {
      expect(calls.probe.filter((p) => p === f)).toHaveLength(1);
      expect(calls.hash.filter((p) => p === f)).toHaveLength(1);
    }
  }, 600_000);
});
