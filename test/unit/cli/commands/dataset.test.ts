import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../../main/core/paths.ts';
import { EXTRACTORS } from '../../../../main/core/features/extractors.ts';
import { dataPath } from '../../../helpers/data.ts';

/** `corrkd dataset build` as a user runs it: exit codes, stderr naming the file, one JSON document. */
let dir = '';
const savedCache = process.env.CORRKD_CACHE_DIR;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'corrkd-cli-ds-'));
  process.env.CORRKD_CACHE_DIR = path.join(dir, 'cache'); // the CLI children inherit it: the user's feature cache stays untouched
});
afterAll(() => {
  if (savedCache === undefined) delete process.env.CORRKD_CACHE_DIR;
  else process.env.CORRKD_CACHE_DIR = savedCache;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function corrkd(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'main/cli/index.ts'), ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Each test starts the CLI up to three times (tsx compiles at start, text-v3 loads its sentence
// encoder): ~10-20 s alone, measured 130-175 s with a CI run beside it on 2 cores.
const CLI_BUDGET_MS = 300_000;

describe('corrkd dataset build', { timeout: CLI_BUDGET_MS }, () => {
  it('--transcripts with --json: exit 0, one JSON summary on stdout, progress on stderr', () => {
    const csv = path.join(dir, 'ok.csv');
    writeFileSync(csv, '\uFEFFid,text,label,mode\na,"good, very good",2,train\nb,bad movie,-2,dev\nc,fine,0,test\n');
    const out = path.join(dir, 'ok');
    const r = corrkd('dataset', 'build', '--transcripts', csv, '--out', out, '--json');
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { samples: number; splits: object; failed: number; dims: object };
    expect(summary).toMatchObject({ samples: 3, splits: { train: 1, valid: 1, test: 1 }, failed: 0, dims: { l: EXTRACTORS.text.dim, a: EXTRACTORS.audio.dim, v: EXTRACTORS.visual.dim } });
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
    expect(neither.stderr).toMatch(/exactly one of --csv FILE, --transcripts FILE, --emotion-audio FILE or --face-images DIR_OR_CSV/);
    const misplaced = corrkd('dataset', 'build', '--transcripts', csv, '--no-text', '--out', path.join(dir, 'y'));
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toMatch(/--no-text applies to --emotion-audio only/);
  });

  it('--emotion-audio with --config and --no-text: labels from the emotion table, splits by actor, one JSON summary', () => {
    const rav = (f: string) => path.relative(dir, dataPath('ravdess_speech', f)).replace(/\\/g, '/');
    const csv = path.join(dir, 'emotions.csv');
    writeFileSync(
      csv,
      'file,actor,emotion,intensity,text\n' +
        `${rav('Actor_01/03-01-03-02-01-01-01.flac')},1,happy,strong,Kids are talking by the door\n` +
        `${rav('Actor_13/03-01-05-01-02-01-13.flac')},13,angry,normal,Dogs are sitting by the door\n` +
        `${rav('Actor_14/03-01-08-01-01-01-14.flac')},14,surprised,normal,Kids are talking by the door\n`,
    );
    const config = path.join(dir, 'emotions.json');
    writeFileSync(config, JSON.stringify({ columns: { speaker: 'actor' }, split: { valid: ['13'] } }));
    const out = path.join(dir, 'emo');
    const r = corrkd('dataset', 'build', '--emotion-audio', csv, '--config', config, '--no-text', '--out', out, '--json');
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { samples: number; splits: Record<string, number>; modalitiesPresent: string[]; warnings: string[] };
    expect(summary.modalitiesPresent).toEqual(['a']);
    expect(summary.splits.test).toBe(0);
    expect(summary.splits.train).toBeGreaterThan(0);
    expect(summary.splits.valid).toBeGreaterThan(0);
    expect(summary.warnings.join('\n')).toMatch(/left out: 'surprised'/);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"emotions": {"happy": 9}}');
    const r2 = corrkd('dataset', 'build', '--emotion-audio', csv, '--config', bad, '--out', path.join(dir, 'emo2'));
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain(`dataset config ${bad} is not valid: emotions.happy`);
  });
});
