/**
 * A real, tiny model pack for the evaluation tests: a small slice of the MOSI transcripts
 * (../shared/data/mosi/label.csv: train rows + dev rows), a 1-layer d = 8 CorrKD trained for two
 * epochs per stage, exported with the project's own exporter. Seconds on two cores.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dataPath } from '../../../helpers/data.ts';
import { loadTranscriptCsv } from '../../../../main/training/data/load-transcript-csv.ts';
import type { FeatureDataset } from '../../../../main/core/dataset/feature-dataset.ts';
import { exportModelPack } from '../../../../main/training/export/pack.ts';
import { trainCorrkd } from '../../../../main/training/trainer/train.ts';

export const TINY_CONFIG = { model: { d: 8, layers: 1, heads: 2 }, train: { epochs: 2, batchSize: 32, seed: 3 } };

/** The first `nTrain` train rows and `nDev` dev rows of MOSI's label.csv, as a new CSV. */
export function mosiSlice(file: string, nTrain: number, nDev: number): void {
  const lines = readFileSync(dataPath('mosi/label.csv'), 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const rows = lines.slice(1);
  const train = rows.filter((l) => l.endsWith(',train')).slice(0, nTrain);
  const dev = rows.filter((l) => l.endsWith(',dev')).slice(0, nDev);
  writeFileSync(file, [lines[0], ...train, ...dev].join('\n') + '\n');
}

export interface TinyPack {
  dir: string;
  csv: string;
  runDir: string;
  packDir: string;
  data: FeatureDataset;
}

export async function makeTinyPack(): Promise<TinyPack> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'corrkd-eval-'));
  const csv = path.join(dir, 'slice.csv');
  mosiSlice(csv, 64, 40);
  const data = await loadTranscriptCsv(csv);
  const runDir = path.join(dir, 'run');
  await trainCorrkd(data, { runDir, config: TINY_CONFIG });
  const packDir = path.join(dir, 'pack');
  await exportModelPack({ runDir, outDir: packDir });
  return { dir, csv, runDir, packDir, data };
}
