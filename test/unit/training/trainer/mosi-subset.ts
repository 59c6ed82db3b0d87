/**
 * A small real training set for trainer/export tests: the first rows of CMU-MOSI's train and dev
 * transcripts (../shared/data/mosi/label.csv) turned into text-v1 features by the dataset reader
 * (audio and visual absent, zero-filled, as for every transcript-only dataset).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadTranscriptCsv } from '../../../../main/training/data/load-transcript-csv.ts';
import type { FeatureDataset } from '../../../../main/core/dataset/feature-dataset.ts';
import { dataPath } from '../../../helpers/data.ts';

export async function mosiSubset(opts: { train: number; dev: number; T: number }): Promise<FeatureDataset> {
  const lines = readFileSync(dataPath('mosi', 'label.csv'), 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0]!;
  const train = lines.filter((l) => l.endsWith(',train')).slice(0, opts.train);
  const dev = lines.filter((l) => l.endsWith(',dev')).slice(0, opts.dev);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'corrkd-mosi-'));
  const csv = path.join(dir, 'mosi-subset.csv');
  writeFileSync(csv, [header, ...train, ...dev].join('\n') + '\n');
  try {
    return await loadTranscriptCsv(csv, { T: opts.T });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
