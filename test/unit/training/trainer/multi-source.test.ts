/**
 * Training on several sources in one run (README "Several datasets in one run"): real MOSI text,
 * an audio-only and a visual-only set, merged with sampling weights; per-source validation and
 * selection on their mean; determinism and exact resume as with one dataset.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeContext, type Progress } from '../../../../main/core/context.ts';
import { mergeDatasets, type MergeSource } from '../../../../main/training/data/merge-datasets.ts';
import type { FeatureDataset } from '../../../../main/core/dataset/feature-dataset.ts';
import { loadCheckpoint } from '../../../../main/training/trainer/checkpoint.ts';
import { readTensorFile } from '../../../../main/training/trainer/tensor-file.ts';
import { trainCorrkd } from '../../../../main/training/trainer/train.ts';
import type { EpochRecord } from '../../../../main/training/trainer/types.ts';
import { readWeightsFile } from '../../../../main/training/trainer/weights-file.ts';
import { initTf, type Tf } from '../../../../main/training/tf/backend.ts';
import { oneModalityDataset } from '../../../helpers/one-modality-sets.ts';
import { mosiSubset } from './mosi-subset.ts';

const T = 6;
const CONFIG = { model: { d: 8, layers: 1, heads: 2 }, train: { epochs: 2, batchSize: 8, seed: 11 } };
const WEIGHTS = [1, 0.5, 2];
let tf: Tf;
let parts: Omit<MergeSource, 'weight'>[];
let data: FeatureDataset;
let refDir: string;
let reference: Map<string, Float32Array>;

const made: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'corrkd-multi-'));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

const merged = (weights: number[]): FeatureDataset => mergeDatasets(parts.map((p, i) => ({ ...p, weight: weights[i]! })));

function finalTensors(runDir: string): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const [k, v] of readTensorFile(path.join(runDir, 'checkpoint.bin')).tensors) out.set(`ckpt:${k}`, v.data);
  for (const [k, v] of readTensorFile(path.join(runDir, 'student.weights.bin')).tensors) out.set(`student:${k}`, v.data);
  return out;
}

function expectSame(a: Map<string, Float32Array>, b: Map<string, Float32Array>): void {
  expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
  for (const [k, v] of a) expect(b.get(k), k).toEqual(v);
}

beforeAll(async () => {
  tf = (await initTf('wasm')).tf;
  parts = [
    { name: 'mosi.csv', data: await mosiSubset({ train: 32, dev: 8, T }) },
    { name: 'audio-set', data: oneModalityDataset('a', { T, sizes: { train: 24, valid: 6, test: 2 }, seed: 4, offset: 2 }) },
    { name: 'face-set', data: oneModalityDataset('v', { T, sizes: { train: 20, valid: 5, test: 2 }, seed: 5, offset: -1 }) },
  ];
  data = merged(WEIGHTS);
  refDir = tmp();
  const before = tf.memory().numTensors;
  const r = await trainCorrkd(data, { runDir: refDir, backend: 'wasm', config: CONFIG });
  expect(r.status).toBe('completed');
  expect(tf.memory().numTensors).toBe(before);
  reference = finalTensors(refDir);
});

describe('training on a text-only, an audio-only and a visual-only source', () => {
  it('runs round(w * n) samples per epoch in mixed batches and validates each source, selecting on their mean', () => {
    const run = JSON.parse(readFileSync(path.join(refDir, 'run.json'), 'utf8')) as {
      stages: Record<'teacher' | 'student', { history: EpochRecord[] }>;
      dataset: { sources: { name: string; weight: number }[]; norm?: unknown };
    };
    expect(run.dataset.sources.map((s) => [s.name, s.weight])).toEqual([['mosi.csv', 1], ['audio-set', 0.5], ['face-set', 2]]);
    for (const stage of ['teacher', 'student'] as const) {
      for (const rec of run.stages[stage].history) {
        expect(rec.steps).toBe(Math.ceil((32 + 12 + 40) / 8));
        const vs = rec.valSources!;
        expect(vs.map((v) => [v.name, v.n])).toEqual([['mosi.csv', 8], ['audio-set', 6], ['face-set', 5]]);
        expect(rec.valLoss).toBeCloseTo(vs.reduce((s, v) => s + v.loss!, 0) / 3, 5);
        for (const v of vs) expect(v.val).toHaveProperty('mae');
      }
    }
    const w = readWeightsFile(path.join(refDir, 'student.weights.bin'));
    expect(w.meta.dataset.modalitiesPresent).toEqual(['l', 'a', 'v']);
    expect(w.meta.dataset.sources!.map((s) => s.n.train)).toEqual([32, 24, 20]);
    expect(w.meta.dataset.norm.a!.mean.length).toBe(data.meta.dims.a);
    expect(w.meta.dataset.norm.v).toEqual(data.meta.norm.v);
  });

  it('is deterministic: the same seed gives bit-identical weights', async () => {
    const dir = tmp();
    await trainCorrkd(merged(WEIGHTS), { runDir: dir, backend: 'wasm', config: CONFIG });
    expectSame(reference, finalTensors(dir));
  });

  it('stopped mid student epoch 2 and resumed: the same weights; other weights refuse to resume', async () => {
    const dir = tmp();
    const ac = new AbortController();
    const onProgress = (p: Progress): void => {
      if (p.type === 'train-batch' && p.stage === 'student' && p.epoch === 2 && p.step === 3) ac.abort();
    };
    const r1 = await trainCorrkd(data, { runDir: dir, backend: 'wasm', config: CONFIG }, makeContext({ signal: ac.signal, onProgress }));
    expect(r1.status).toBe('stopped');
    expect(loadCheckpoint(path.join(dir, 'checkpoint.bin')).meta.stages.student.epochsDone).toBe(1);
    await expect(trainCorrkd(merged([1, 0.6, 2]), { runDir: dir, backend: 'wasm', config: CONFIG, resume: true })).rejects.toThrow(/training data differs/);
    const r2 = await trainCorrkd(data, { runDir: dir, backend: 'wasm', config: CONFIG, resume: true });
    expect(r2.status).toBe('completed');
    expectSame(reference, finalTensors(dir));
  });
});
