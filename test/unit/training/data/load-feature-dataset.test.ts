import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../../../main/core/errors.ts';
import type { DatasetSample, DatasetSpec, SplitName } from '../../../../main/core/dataset/format.ts';
import { DatasetWriter } from '../../../../main/core/dataset/writer.ts';
import { createRng } from '../../../../main/core/rng.ts';
import { loadFeatureDataset } from '../../../../main/training/data/load-feature-dataset.ts';
import { loadTrainingData } from '../../../../main/training/data/load-training-data.ts';
import { MemorySink } from '../../../../main/training/data/memory-sink.ts';

const T = 10;
const spec: DatasetSpec = {
  T,
  modalities: { l: { extractor: 'text-v1', dim: 3 }, a: { extractor: 'audio-v1', dim: 4 }, v: { extractor: 'visual-v1', dim: 2 } },
  source: { kind: 'other', path: '/x', description: 'test' },
};

/** Audio like real features: a large offset per dim (dBFS, Hz) and a spread; some steps masked. */
function samples(): Array<[SplitName, DatasetSample]> {
  const rng = createRng(11);
  const rand = (): number => rng.uniform();
  const offsets = [-30, 150, 0.5, 2000];
  return Array.from({ length: 40 }, (_, i) => {
    const split: SplitName = i < 30 ? 'train' : i < 35 ? 'valid' : 'test';
    const a = { dim: 4, steps: T, data: new Float32Array(T * 4), stepMask: new Uint8Array(T) };
    for (let t = 0; t < T; t++) {
      if (rand() < 0.3) continue; // a non-speech step: zero with mask 0
      a.stepMask[t] = 1;
      for (let j = 0; j < 4; j++) a.data[t * 4 + j] = offsets[j]! + (rand() - 0.5) * (j + 1) * 10;
    }
    const l = { dim: 3, steps: T, data: Float32Array.from({ length: T * 3 }, () => rand()), stepMask: new Uint8Array(T).fill(1) };
    return [split, { id: `u${i}`, label: (i % 7) - 3, l, a: i % 5 === 4 ? null : a, v: null }];
  });
}

let root = '';
let dsDir = '';
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'corrkd-load-'));
  dsDir = path.join(root, 'ds');
  const w = new DatasetWriter(dsDir, spec);
  for (const [s, x] of samples()) w.append(s, x);
  w.finish({ tool: 'test', failed: 0 });
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('loadFeatureDataset', () => {
  it('standardises audio at valid steps of present train samples to mean 0 / std 1; padding and absent stay 0', () => {
    const ds = loadFeatureDataset(dsDir);
    expect(ds.meta.standardized).toBe(true);
    const tr = ds.splits.train;
    const cols: number[][] = [[], [], [], []];
    for (let i = 0; i < tr.n; i++) {
      for (let t = 0; t < T; t++) {
        const row = tr.a.subarray((i * T + t) * 4, (i * T + t + 1) * 4);
        if (tr.present!.a[i] === 1 && tr.stepMask!.a[i * T + t] === 1) row.forEach((x, j) => cols[j]!.push(x));
        else expect(Array.from(row)).toEqual([0, 0, 0, 0]);
      }
    }
    for (const c of cols) {
      const mean = c.reduce((a, b) => a + b, 0) / c.length;
      const std = Math.sqrt(c.reduce((a, b) => a + (b - mean) ** 2, 0) / c.length);
      expect(Math.abs(mean)).toBeLessThan(1e-5);
      expect(std).toBeCloseTo(1, 5);
    }
    // the stats themselves describe the raw data (e.g. the 2000 offset of dim 3)
    expect(ds.meta.norm.a!.mean[3]).toBeGreaterThan(1990);
    expect(ds.meta.norm.v).toBeNull();
  });

  it('standardize: false gives the raw values', () => {
    const raw = loadFeatureDataset(dsDir, { standardize: false });
    expect(raw.meta.standardized).toBe(false);
    const first = samples()[0]![1].a!;
    expect(Array.from(raw.splits.train.a.subarray(0, T * 4))).toEqual(Array.from(first.data));
  });

  it('MemorySink (training straight from a source) gives exactly what the folder gives', () => {
    const sink = new MemorySink(spec);
    for (const [s, x] of samples()) sink.append(s, x);
    const mem = sink.toDataset();
    const disk = loadFeatureDataset(dsDir);
    expect(mem.meta.norm).toEqual(disk.meta.norm);
    for (const s of ['train', 'valid', 'test'] as const) {
      expect(mem.splits[s].ids).toEqual(disk.splits[s].ids);
      for (const m of ['l', 'a', 'v'] as const) {
        expect(Buffer.from(mem.splits[s][m].buffer).equals(Buffer.from(disk.splits[s][m].buffer))).toBe(true);
        expect(Array.from(mem.splits[s].present![m])).toEqual(Array.from(disk.splits[s].present![m]));
      }
    }
  });
});

describe('loadTrainingData picks the reader by the source kind', () => {
  it('a folder, a .csv, and an error listing the accepted kinds', async () => {
    expect((await loadTrainingData(dsDir)).splits.test.n).toBe(5);
    const csv = path.join(root, 't.csv');
    writeFileSync(csv, 'id,text,label\na,good,1\nb,bad,-1\n');
    const fromCsv = await loadTrainingData(csv, { T: 4 });
    expect(fromCsv.meta.T).toBe(4);
    expect(fromCsv.meta.modalitiesPresent).toEqual(['l']);
    const txt = path.join(root, 'x.txt');
    writeFileSync(txt, 'x');
    const err = await loadTrainingData(txt).catch((e: unknown) => e);
    expect((err as AppError).kind).toBe('InvalidArgument');
    expect((err as AppError).message).toMatch(/feature dataset folder.*transcript CSV.*pickle/);
  });
});
