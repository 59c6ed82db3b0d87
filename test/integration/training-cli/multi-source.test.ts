/**
 * `corrkd train` with several sources through the real CLI (main/training/README.md "Several
 * datasets in one run"): real MOSI transcripts + an audio-only and a visual-only dataset folder
 * written as `corrkd dataset build` writes them, with sampling weights; then export-onnx, whose
 * manifest must carry the run's normalisation; and the contract and argument errors (exit 2).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPath } from '../../helpers/data.ts';
import { writeOneModalityDataset } from '../../helpers/one-modality-sets.ts';
import { corrkd, json } from './run-cli.ts';

const T = 50;
let dir: string;
let csv: string;
let audio: string;
let face: string;
let cfg: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'corrkd-multi-cli-'));
  const rows = readFileSync(dataPath('mosi/label.csv'), 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const train = rows.filter((l) => l.endsWith(',train')).slice(0, 24);
  const dev = rows.filter((l) => l.endsWith(',dev')).slice(0, 6);
  csv = path.join(dir, 'mosi.csv');
  writeFileSync(csv, [rows[0], ...train, ...dev].join('\n') + '\n');
  audio = writeOneModalityDataset(path.join(dir, 'voice'), 'a', { T, sizes: { train: 16, valid: 4, test: 0 }, seed: 1, offset: 3 });
  face = writeOneModalityDataset(path.join(dir, 'faces'), 'v', { T, sizes: { train: 12, valid: 4, test: 0 }, seed: 2, offset: -2 });
  cfg = path.join(dir, 'tiny.json');
  writeFileSync(cfg, JSON.stringify({ model: { d: 8, layers: 1, heads: 2 }, train: { batchSize: 16, seed: 3 } }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('corrkd train --data A --data B --data C --data-weights (real CLI)', () => {
  it('trains on text + voice + face sources, records them, and exports their normalisation', async () => {
    const run = path.join(dir, 'run');
    const trained = await corrkd(['train', '--data', csv, '--data', audio, '--data', face, '--data-weights', '1,0.5,2', '--out', run, '--epochs', '1', '--config', cfg, '--json']);
    expect(trained.code, trained.stderr).toBe(0);
    expect(trained.stderr).toMatch(/voice: weight 0\.5, train 16, valid 4, test 0; modalities a/);
    expect(trained.stderr).toMatch(/teacher epoch 1\/1 .*valid \d+\.\d+ \[mosi\.csv \d+\.\d+, voice \d+\.\d+, faces \d+\.\d+\]/);
    const t = json(trained) as { stages: Record<string, { validBySource: { name: string; n: number }[] }> };
    expect(t.stages.student!.validBySource.map((s) => s.n)).toEqual([6, 4, 4]);
    const record = JSON.parse(readFileSync(path.join(run, 'train-data.json'), 'utf8'));
    expect(record).toEqual({
      sources: [
        { kind: 'data', path: path.resolve(csv), weight: 1 },
        { kind: 'data', path: path.resolve(audio), weight: 0.5 },
        { kind: 'data', path: path.resolve(face), weight: 2 },
      ],
    });

    const pack = path.join(dir, 'pack');
    const exported = await corrkd(['export-onnx', '--run', run, '--out', pack, '--json']);
    expect(exported.code, exported.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(pack, 'manifest.json'), 'utf8'));
    expect(manifest.trainedModalities).toEqual(['text', 'audio', 'visual']);
    // one source has audio and one has visual: the pooled statistics are theirs
    const own = (folder: string, m: 'a' | 'v') => JSON.parse(readFileSync(path.join(folder, 'dataset.json'), 'utf8')).norm[m];
    manifest.normalisation.audio.mean.forEach((x: number, j: number) => expect(x).toBeCloseTo(own(audio, 'a').mean[j], 9));
    manifest.normalisation.visual.std.forEach((x: number, j: number) => expect(x).toBeCloseTo(own(face, 'v').std[j], 9));
    expect(manifest.metrics.table.lav.n).toBe(6 + 4 + 4);
    expect(manifest.training.source).toMatch(/ \+ .* \+ /);
  });

  it('exits 2 naming the source and modality whose contract differs, and on a wrong number of weights', async () => {
    const wide = writeOneModalityDataset(path.join(dir, 'wide-voice'), 'a', { T, sizes: { train: 4, valid: 0, test: 0 }, seed: 5, declare: { a: { extractor: 'audio-v1', dim: 20 } } });
    const bad = await corrkd(['train', '--data', audio, '--data', wide, '--out', path.join(dir, 'bad'), '--config', cfg]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/wide-voice: modality 'a' \(audio\) is audio-v1 with 20 dims, but .*voice has audio-v1 with 25 dims/);
    const weights = await corrkd(['train', '--data', csv, '--data', audio, '--data-weights', '1', '--out', path.join(dir, 'bad2')]);
    expect(weights.code).toBe(2);
    expect(weights.stderr).toMatch(/--data-weights has 1 weight\(s\) for 2 --data source\(s\)/);
  });
});
