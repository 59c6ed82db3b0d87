import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../../main/core/paths.ts';
import { makeContext } from '../../../main/core/context.ts';
import { runBatch } from '../../../main/core/jobs/batch.ts';
import { openStore } from '../../../main/core/store/open-store.ts';
import { CSV_COLUMNS } from '../../../main/core/store/export-columns.ts';
import { startCli } from './child-process.ts';
import { createProbeAnalyzer } from './probe-analyzer.ts';
import { makeRealClipsFolder } from './make-inputs.ts';

/** The shipped `corrkd` entry point (main/cli/bin.js) as a child process. */
const BIN = path.join(PROJECT_ROOT, 'main/cli/bin.js');

let dir: string;
let dbFile: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'corrkd-cli-'));
  const root = path.join(dir, 'in');
  makeRealClipsFolder(root, 2);
  writeFileSync(path.join(root, '=1+2 @evil.mp4'), 'not a video');
  dbFile = path.join(dir, 'results.db');
  const db = openStore(dbFile);
  const a = createProbeAnalyzer();
  await runBatch(root, { db, modelKey: a.model, optionsHash: a.optionsHash, concurrency: 1 }, a.analyze, makeContext());
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('corrkd batch / export (real CLI)', () => {
  it('batch refuses a missing model pack before touching any file, and creates no store', async () => {
    const db = path.join(dir, 'never.db');
    const out = await startCli(BIN, ['batch', path.join(dir, 'in'), '--db', db, '--model', path.join(dir, 'no-such-pack')]).exited;
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/ModelMissing: .*no-such-pack.*manifest\.json is missing/);
    expect(out.stdout).toBe('');
    expect(existsSync(db)).toBe(false);
  });

  it('export writes the CSV to --out (atomically), one row per input; bad arguments exit 2', async () => {
    const csv = path.join(dir, 'out.csv');
    const ok = await startCli(BIN, ['export', '--db', dbFile, '--format', 'csv', '--out', csv]).exited;
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toBe('');
    const text = readFileSync(csv, 'utf8');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines.filter((l) => l !== '')).toHaveLength(1 + 3);
    // The injected name is escaped in the file column (a text cell); its row is a NotMedia error.
    expect(text).toMatch(new RegExp(`${dir.replace(/[/\\^$.*+?()[\]{}|]/g, '\\$&')}/in/=1\\+2 @evil\\.mp4,[0-9a-f]{64},failed,NotMedia,`));
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const badFormat = await startCli(BIN, ['export', '--db', dbFile, '--format', 'xml']).exited;
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/expected one of csv, jsonl, got "xml"/);
    const missing = await startCli(BIN, ['export', '--db', path.join(dir, 'missing.db'), '--format', 'jsonl']).exited;
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/FileUnreadable: .*Results store .*missing\.db does not exist/);
  });
});
