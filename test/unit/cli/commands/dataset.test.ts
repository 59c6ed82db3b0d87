import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../../main/core/paths.ts';
import { TEXT_EXTRACTOR } from '../../../../main/core/features/text/text-v1.ts';
import { AUDIO_V1_DIM } from '../../../../main/core/features/audio/audio-v1-dims.ts';
import { EXTRACTORS } from '../../../../main/core/features/extractors.ts';

/** `corrkd dataset build` as a user runs it: exit codes, stderr naming the file, one JSON document. */
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'corrkd-cli-ds-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function corrkd(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'main/cli/index.ts'), ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('corrkd dataset build', () => {
  it('--transcripts with --json: exit 0, one JSON summary on stdout, progress on stderr', () => {
    const csv = path.join(dir, 'ok.csv');
    writeFileSync(csv, '\uFEFFid,text,label,mode\na,"good, very good",2,train\nb,bad movie,-2,dev\nc,fine,0,test\n');
    const out = path.join(dir, 'ok');
    const r = corrkd('dataset', 'build', '--transcripts', csv, '--out', out, '--json');
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { samples: number; splits: object; failed: number; dims: object };
    expect(summary).toMatchObject({ samples: 3, splits: { train: 1, valid: 1, test: 1 }, failed: 0, dims: { l: TEXT_EXTRACTOR.dims, a: AUDIO_V1_DIM, v: EXTRACTORS.visual.dim } });
    expect(r.stderr).toMatch(/text-features 100% \(3\/3\)/);
    expect(existsSync(path.join(out, 'dataset.json'))).toBe(true);
  });

  it('exit 2 naming the file and the bad row; exit 2 without exactly one input flag', () => {
    const csv = path.join(dir, 'bad.csv');
    writeFileSync(csv, 'id,text,label\na,fine,1\nb,"too, high",3.01\n');
    const r = corrkd('dataset', 'build', '--transcripts', csv, '--out', path.join(dir, 'bad'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`InvalidDataset: ${csv}`);
    expect(r.stderr).toContain('row 2 (line 3): label 3.01 is outside [-3, 3]');
    expect(r.stdout).toBe('');
    const neither = corrkd('dataset', 'build', '--out', path.join(dir, 'x'));
    expect(neither.code).toBe(2);
    expect(neither.stderr).toMatch(/exactly one of --csv FILE, --transcripts FILE or --face-images DIR_OR_CSV/);
  });
});
