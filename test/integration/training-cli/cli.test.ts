/**
 * The training tool end to end through the real CLI (issue 3 "how it is checked"): a transcript CSV
 * the tool has not seen (real MOSI sentences under new ids, with train/valid/test and blank modes)
 * -> `dataset build --transcripts` -> `train --epochs 2` (tiny config) -> `export-onnx` ->
 * `eval --protocol fixed|random --json`, plus the bad-input exits.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPath } from '../../helpers/data.ts';
import { corrkd, json } from './run-cli.ts';

const METRIC_KEYS = ['n', 'acc2_has0', 'f1_has0', 'acc2_non0', 'f1_non0', 'acc7', 'acc5', 'mae', 'corr'];
const CONDITIONS = ['l', 'a', 'v', 'la', 'lv', 'av', 'lav'];

let dir: string;
let csv: string;
let cfg: string;
const ROWS = 72;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'corrkd-train-cli-'));
  const src = readFileSync(dataPath('mosi/label.csv'), 'utf8').split(/\r?\n/).slice(1).filter((l) => l.trim() !== '');
  // every 17th MOSI row: text and label are real; ids and modes are ours
  const picked = src.filter((_, i) => i % 17 === 0).slice(0, ROWS);
  const modes = (i: number): string => (i < 40 ? 'train' : i < 52 ? 'valid' : i < 62 ? 'test' : '');
  const lines = picked.map((l, i) => {
    const parts = l.split(',');
    const label = parts[parts.length - 2];
    const text = parts.slice(1, -2).join(' ');
    return `clip-${String(i).padStart(3, '0')},"${text}",${label},${modes(i)}`;
  });
  csv = path.join(dir, 'unseen.csv');
  writeFileSync(csv, ['id,text,label,mode', ...lines].join('\n') + '\n');
  cfg = path.join(dir, 'tiny.json');
  writeFileSync(cfg, JSON.stringify({ model: { d: 8, layers: 1, heads: 2 }, train: { batchSize: 16, seed: 7 } }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Nine CLI processes, two of them training: ~50 s alone on 2 cores, 100+ s when the machine is busy
 * (seen at load 18); a named budget instead of vitest's default 120 s.
 */
const END_TO_END_BUDGET_MS = 300_000;

describe('corrkd dataset build -> train -> export-onnx -> eval (real CLI)', () => {
  it('runs end to end with exit 0 and the DESIGN 8 JSON keys', async () => {
    const ds = path.join(dir, 'ds');
    const built = await corrkd(['dataset', 'build', '--transcripts', csv, '--out', ds, '--json']);
    expect(built.code, built.stderr).toBe(0);
    const b = json(built) as { samples: number; splits: { train: number; valid: number; test: number } };
    expect(b.samples).toBe(ROWS);

    const run = path.join(dir, 'run');
    const trained = await corrkd(['train', '--data', ds, '--out', run, '--epochs', '2', '--config', cfg, '--json']);
    expect(trained.code, trained.stderr).toBe(0);
    const t = json(trained) as { status: string; stages: Record<string, { epochsDone: number; valid: Record<string, number | null> }> };
    expect(t.status).toBe('completed');
    expect(t.stages.teacher!.epochsDone).toBe(2);
    expect(t.stages.student!.epochsDone).toBe(2);
    expect(trained.stderr).toMatch(/teacher epoch 2\/2 .*train \d+\.\d+ .*valid \d+\.\d+ .*F1\(Non0\)/);
    expect(trained.stderr).toMatch(/student epoch 1\/2 .*scd .*cpd .*rcd/);

    const pack = path.join(dir, 'pack');
    const licence = path.join(dir, 'licence.json');
    writeFileSync(licence, JSON.stringify({ id: 'CC-BY-NC-SA-4.0', commercialUse: false, notice: 'test data', sources: [{ name: 'rows', licence: 'CC-BY-NC-SA-4.0' }] }));
    const badLicence = path.join(dir, 'bad-licence.json');
    writeFileSync(badLicence, JSON.stringify({ id: 'MIT' }));
    const refused = await corrkd(['export-onnx', '--run', run, '--out', path.join(dir, 'no-pack'), '--licence', badLicence]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--licence .*bad-licence\.json is not a licence: commercialUse/);
    expect(existsSync(path.join(dir, 'no-pack'))).toBe(false);
    const exported = await corrkd(['export-onnx', '--run', run, '--out', pack, '--json', '--licence', licence]);
    expect(exported.code, exported.stderr).toBe(0);
    const e = json(exported) as { parityMaxAbsDiff: number; eval: Record<string, unknown> };
    expect(e.parityMaxAbsDiff).toBeLessThan(1e-4);
    const manifest = JSON.parse(readFileSync(path.join(pack, 'manifest.json'), 'utf8')) as { metrics: { table: Record<string, Record<string, unknown>> }; licence: unknown };
    expect(manifest.licence).toEqual({ id: 'CC-BY-NC-SA-4.0', commercialUse: false, notice: 'test data', sources: [{ name: 'rows', licence: 'CC-BY-NC-SA-4.0' }] });
    expect(Object.keys(manifest.metrics.table).sort()).toEqual([...CONDITIONS, 'avg'].sort());
    expect(Object.keys(manifest.metrics.table.lav!)).toEqual(METRIC_KEYS);
    expect(manifest.metrics.table.lav!.n).toBe(b.splits.valid);
    expect(b.splits.valid).toBeGreaterThanOrEqual(12);

    const fixed = await corrkd(['eval', '--model', pack, '--transcripts', csv, '--protocol', 'fixed', '--json']);
    expect(fixed.code, fixed.stderr).toBe(0);
    const f = json(fixed) as Record<string, unknown> & { conditions: Record<string, Record<string, unknown>>; avg: Record<string, number> };
    expect(Object.keys(f).slice(0, METRIC_KEYS.length)).toEqual(METRIC_KEYS);
    expect(f.n).toBe(ROWS); // every row of the CSV, whatever its mode
    expect(Object.keys(f.conditions)).toEqual(CONDITIONS);
    for (const c of CONDITIONS) expect(Object.keys(f.conditions[c]!)).toEqual(METRIC_KEYS);
    expect(Object.keys(f.avg)).toEqual(METRIC_KEYS);
    expect(f.conditions.lav).toEqual(Object.fromEntries(METRIC_KEYS.map((k) => [k, f[k]])));
    for (const k of ['acc2_has0', 'f1_has0', 'acc7', 'acc5'] as const) expect(f[k] as number).toBeLessThanOrEqual(1);

    // the valid split of the dataset folder is what export-onnx stored in the manifest
    const validFixed = await corrkd(['eval', '--model', pack, '--data', ds, '--split', 'valid', '--protocol', 'fixed', '--json']);
    expect(validFixed.code, validFixed.stderr).toBe(0);
    const vf = json(validFixed) as { conditions: Record<string, unknown>; avg: unknown };
    expect(vf.conditions).toEqual(Object.fromEntries(CONDITIONS.map((c) => [c, manifest.metrics.table[c]])));
    expect(vf.avg).toEqual(manifest.metrics.table.avg);

    const report = path.join(dir, 'report.html');
    const args = ['eval', '--model', pack, '--data', ds, '--protocol', 'random', '--seed', '3', '--json', '--report', report, '--run', run];
    const r1 = await corrkd(args);
    expect(r1.code, r1.stderr).toBe(0);
    const rates = (json(r1) as { rates: Array<{ p: number; metrics: Record<string, unknown> }> }).rates;
    expect(rates.map((x) => x.p)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(Object.keys(rates[5]!.metrics)).toEqual(METRIC_KEYS);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/https?:\/\/|<script|\ssrc=/i);
    const r2 = await corrkd(args.slice(0, -4));
    expect((json(r2) as { rates: unknown }).rates).toEqual(rates); // same seed, same numbers

    const table = await corrkd(['eval', '--model', pack, '--transcripts', csv, '--protocol', 'fixed']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/lav \(complete\)\s+72\s/);
    expect(table.stdout).toMatch(/Avg \(l,a,v,la,lv,av\)/);
  }, END_TO_END_BUDGET_MS);

  it('exits 2 with the reason on bad input', async () => {
    const noPack = await corrkd(['eval', '--model', path.join(dir, 'nope'), '--transcripts', csv]);
    expect(noPack.code).toBe(2);
    expect(noPack.stderr).toMatch(/ModelMissing: .*nope.*manifest\.json is missing/);
    expect(noPack.stdout).toBe('');
    const both = await corrkd(['train', '--data', csv, '--transcripts', csv, '--out', path.join(dir, 'x')]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/exactly one of --data/);
    const badProto = await corrkd(['eval', '--model', dir, '--transcripts', csv, '--protocol', 'half']);
    expect(badProto.code).toBe(2);
    expect(badProto.stderr).toMatch(/Unknown evaluation protocol 'half'; allowed: complete, fixed, random/);
    const badCfg = path.join(dir, 'bad.json');
    writeFileSync(badCfg, JSON.stringify({ model: { d: 8, heads: 3 } }));
    const cfgErr = await corrkd(['train', '--transcripts', csv, '--out', path.join(dir, 'y'), '--config', badCfg]);
    expect(cfgErr.code).toBe(2);
    expect(cfgErr.stderr).toMatch(/heads \(3\) must divide d \(8\)/);
    expect(existsSync(path.join(dir, 'y', 'checkpoint.bin'))).toBe(false);
  });
});
