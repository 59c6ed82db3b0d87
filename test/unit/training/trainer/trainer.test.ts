import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXTRACTORS } from '../../../../main/core/features/extractors.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeContext } from '../../../../main/core/context.ts';
import type { Progress, TrainBatchProgress, TrainEpochProgress } from '../../../../main/core/context.ts';
import { PROJECT_ROOT } from '../../../../main/core/paths.ts';
import type { FeatureDataset } from '../../../../main/core/dataset/feature-dataset.ts';
import { loadCheckpoint } from '../../../../main/training/trainer/checkpoint.ts';
import { readTensorFile } from '../../../../main/training/trainer/tensor-file.ts';
import { trainCorrkd } from '../../../../main/training/trainer/train.ts';
import { readWeightsFile } from '../../../../main/training/trainer/weights-file.ts';
import { initTf } from '../../../../main/training/tf/backend.ts';
import type { Tf } from '../../../../main/training/tf/backend.ts';
import { mosiSubset } from './mosi-subset.ts';

const CONFIG = { model: { d: 8, layers: 1, heads: 2 }, train: { epochs: 3, batchSize: 8, seed: 7 } };
let data: FeatureDataset;
let tf: Tf;
let reference: Map<string, Float32Array>;
let referenceDir: string;

const made: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'corrkd-train-'));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** Every tensor a finished run leaves: teacher, student (best), both statistics networks, and the exported student weights. */
function finalTensors(runDir: string): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const [k, v] of readTensorFile(path.join(runDir, 'checkpoint.bin')).tensors) out.set(`ckpt:${k}`, v.data);
  for (const [k, v] of readTensorFile(path.join(runDir, 'student.weights.bin')).tensors) out.set(`student:${k}`, v.data);
  return out;
}

function maxDiff(a: Map<string, Float32Array>, b: Map<string, Float32Array>): number {
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  let m = 0;
  for (const [k, va] of a) {
    const vb = b.get(k)!;
    expect(vb.length, k).toBe(va.length);
    for (let i = 0; i < va.length; i++) m = Math.max(m, Math.abs(va[i]! - vb[i]!));
  }
  return m;
}

beforeAll(async () => {
  tf = (await initTf('wasm')).tf;
  data = await mosiSubset({ train: 32, dev: 8, T: 6 });
  referenceDir = tmp();
  const before = tf.memory().numTensors;
  const r = await trainCorrkd(data, { runDir: referenceDir, backend: 'wasm', config: CONFIG });
  expect(r.status).toBe('completed');
  expect(tf.memory().numTensors).toBe(before); // the whole run frees every tensor it made
  reference = finalTensors(referenceDir);
});

describe('determinism', () => {
  it('the same seed gives bit-identical weights; another seed does not', async () => {
    const again = tmp();
    await trainCorrkd(data, { runDir: again, backend: 'wasm', config: CONFIG });
    expect(maxDiff(reference, finalTensors(again))).toBe(0);
    const other = tmp();
    await trainCorrkd(data, { runDir: other, backend: 'wasm', config: { ...CONFIG, train: { ...CONFIG.train, seed: 8, epochs: 1, stages: 'teacher' } } });
    const a = readWeightsFile(path.join(referenceDir, 'teacher.weights.bin')).weights['head.out.w']!;
    const b = readWeightsFile(path.join(other, 'teacher.weights.bin')).weights['head.out.w']!;
    expect(a).not.toEqual(b);
  });
});

describe('resume', () => {
  // Exact equality is expected: every epoch's random stream is derived from (seed, stage, epoch), the
  // checkpoint holds the full optimizer state (moments and step; Adam's bias correction is recomputed
  // from the step in float64), and the wasm backend computes the same float32 results for the same
  // ops in the same order. A resumed run therefore repeats the uninterrupted run's arithmetic.
  it('stopped after teacher epoch 2, resumed: same weights as the uninterrupted run', async () => {
    const dir = tmp();
    const ac = new AbortController();
    const onProgress = (p: Progress): void => {
      if (p.type === 'train-epoch' && p.epoch === 2) ac.abort();
    };
    const r1 = await trainCorrkd(data, { runDir: dir, backend: 'wasm', config: CONFIG }, makeContext({ signal: ac.signal, onProgress }));
    expect(r1.status).toBe('stopped');
    const mid = loadCheckpoint(path.join(dir, 'checkpoint.bin')).meta;
    expect(mid.stages.teacher.epochsDone).toBe(2);
    expect(mid.running).toBe('teacher');
    expect(mid.adamStep).toBe(8); // 2 epochs x 4 batches of 8
    const r2 = await trainCorrkd(data, { runDir: dir, backend: 'wasm', config: CONFIG, resume: true });
    expect(r2.status).toBe('completed');
    expect(r2.stages.teacher!.history.map((h) => h.epoch)).toEqual([1, 2, 3]);
    expect(maxDiff(reference, finalTensors(dir))).toBe(0);
  });

  it('stopped in the middle of student epoch 3, resumed: same weights (the partial epoch is redone)', async () => {
    const dir2 = tmp();
    const ac = new AbortController();
    const onProgress = (p: Progress): void => {
      if (p.type === 'train-batch' && p.stage === 'student' && p.epoch === 3 && p.step === 2) ac.abort();
    };
    const r2 = await trainCorrkd(data, { runDir: dir2, backend: 'wasm', config: CONFIG }, makeContext({ signal: ac.signal, onProgress }));
    expect(r2.status).toBe('stopped');
    expect(loadCheckpoint(path.join(dir2, 'checkpoint.bin')).meta.stages.student.epochsDone).toBe(2);
    await trainCorrkd(data, { runDir: dir2, backend: 'wasm', config: CONFIG, resume: true });
    expect(maxDiff(reference, finalTensors(dir2))).toBe(0);
  });

  it('a process killed with SIGKILL mid-epoch resumes from its last checkpoint to the same weights', async () => {
    const dir = tmp();
    const child = fileURLToPath(new URL('./train-child.ts', import.meta.url));
    const p = spawnSync(process.execPath, ['--import', 'tsx', child, dir, 'student', '2', '3', JSON.stringify(CONFIG)], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(p.signal, p.stderr).toBe('SIGKILL');
    expect(existsSync(path.join(dir, 'student.weights.bin'))).toBe(false);
    const mid = loadCheckpoint(path.join(dir, 'checkpoint.bin')).meta;
    expect(mid.stages.teacher.status).toBe('done');
    expect(mid.stages.student.epochsDone).toBe(1);
    const r = await trainCorrkd(data, { runDir: dir, backend: 'wasm', config: CONFIG, resume: true });
    expect(r.status).toBe('completed');
    expect(maxDiff(reference, finalTensors(dir))).toBe(0);
  });

  it('teacher now, student later (same folder, or another folder given the teacher weights): same weights', async () => {
    const dir = tmp();
    await trainCorrkd(data, { runDir: dir, backend: 'wasm', config: { ...CONFIG, train: { ...CONFIG.train, stages: 'teacher' } } });
    expect(existsSync(path.join(dir, 'student.weights.bin'))).toBe(false);
    await trainCorrkd(data, { runDir: dir, backend: 'wasm', resume: true, config: { ...CONFIG, train: { ...CONFIG.train, stages: 'student' } } });
    expect(maxDiff(reference, finalTensors(dir))).toBe(0);
    const studentOnly = { ...CONFIG, train: { ...CONFIG.train, stages: 'student' } };
    await expect(trainCorrkd(data, { runDir: tmp(), backend: 'wasm', config: studentOnly })).rejects.toMatchObject({ kind: 'ModelMissing' });
    const other = tmp();
    await trainCorrkd(data, { runDir: other, backend: 'wasm', config: studentOnly, teacherWeights: path.join(dir, 'teacher.weights.bin') });
    const a = readWeightsFile(path.join(referenceDir, 'student.weights.bin')).weights;
    const b = readWeightsFile(path.join(other, 'student.weights.bin')).weights;
    for (const k of Object.keys(a)) expect(b[k], k).toEqual(a[k]);
  });

  it('refuses to overwrite a run, and to resume with another config', async () => {
    await expect(trainCorrkd(data, { runDir: referenceDir, backend: 'wasm', config: CONFIG })).rejects.toMatchObject({ kind: 'InvalidArgument' });
    await expect(
      trainCorrkd(data, { runDir: referenceDir, backend: 'wasm', resume: true, config: { ...CONFIG, train: { ...CONFIG.train, lr: 0.01 } } }),
    ).rejects.toThrow(/train\.lr: checkpoint 0\.001, requested 0\.01/);
  });
});

describe('stop', () => {
  it('an abort of the context signal mid-epoch ends the run stopped, the last whole epoch checkpointed', async () => {
    const dir = tmp();
    const ac = new AbortController();
    const seen: string[] = [];
    const onProgress = (p: Progress): void => {
      if (p.type === 'train-stage') seen.push(`${p.stage}:${p.status}`);
      if (p.type === 'train-epoch') seen.push(`${p.stage}:epoch ${p.epoch}`);
      if (p.type === 'train-batch' && p.epoch === 2 && p.step === 2) ac.abort(); // the middle of teacher epoch 2
    };
    const r = await trainCorrkd(data, { runDir: dir, backend: 'wasm', config: CONFIG }, makeContext({ signal: ac.signal, onProgress }));
    expect(r.status).toBe('stopped');
    expect(r.stages.teacher).toMatchObject({ status: 'running', epochsDone: 1 });
    expect(r.files.teacher).toBeUndefined();
    expect(seen).toEqual(['teacher:running', 'teacher:epoch 1', 'teacher:stopped']);
    const ck = loadCheckpoint(path.join(dir, 'checkpoint.bin')).meta;
    expect(ck.stages.teacher.epochsDone).toBe(1);
    expect(ck.running).toBe('teacher');
    expect(ck.adamStep).toBe(4); // epoch 1's 4 batches; epoch 2's first two are dropped
    expect(JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')).status).toBe('stopped');
  });
});

describe('progress and files', () => {
  it('reports every batch and epoch with its loss terms and writes run.json and both weights files', async () => {
    const dir = tmp();
    const events: Progress[] = [];
    await trainCorrkd(data, { runDir: dir, backend: 'wasm', config: { ...CONFIG, train: { ...CONFIG.train, epochs: 1 } } }, makeContext({ onProgress: (p) => events.push(p) }));
    // one typed stream, in order: each stage, its batches, its epoch, the stage done
    expect(events.map((p) => (p.type === 'train-stage' ? `${p.stage}:${p.status}` : p.type === 'train-batch' ? `${p.stage}:b${p.step}` : p.type === 'train-epoch' ? `${p.stage}:e${p.epoch}` : p.type))).toEqual([
      'teacher:running', 'teacher:b1', 'teacher:b2', 'teacher:b3', 'teacher:b4', 'teacher:e1', 'teacher:done',
      'student:running', 'student:b1', 'student:b2', 'student:b3', 'student:b4', 'student:e1', 'student:done',
    ]);
    const batches = events.filter((p): p is TrainBatchProgress => p.type === 'train-batch');
    const epochs = events.filter((p): p is TrainEpochProgress => p.type === 'train-epoch');
    expect(batches.map((b) => `${b.stage}:${b.step}/${b.steps}`)).toEqual(['teacher:1/4', 'teacher:2/4', 'teacher:3/4', 'teacher:4/4', 'student:1/4', 'student:2/4', 'student:3/4', 'student:4/4']);
    expect(Object.keys(batches[0]!.losses).sort()).toEqual(['ce', 'l1', 'task', 'total']);
    expect(Object.keys(batches[4]!.losses).sort()).toEqual(['ce', 'cpd', 'l1', 'miNonTarget', 'miTarget', 'rcd', 'scd', 'task', 'total']);
    for (const b of batches) for (const v of Object.values(b.losses)) expect(Number.isFinite(v)).toBe(true);
    // student total = task + scd + cpd + rcd (weights 1)
    const s = batches[4]!.losses;
    expect(s.total).toBeCloseTo(s.task! + s.scd! + s.cpd! + s.rcd!, 4);
    expect(epochs.map((e) => e.stage)).toEqual(['teacher', 'student']);
    expect(epochs[0]!.val).toHaveProperty('mae');
    expect(epochs[1]).toMatchObject({ stage: 'student', epoch: 1, epochs: 1, steps: 4, improved: true, bestEpoch: 1, earlyStop: false });
    expect(batches.map((b) => b.globalStep)).toEqual([1, 2, 3, 4, 1, 2, 3, 4]);
    const run = JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8'));
    expect(run.status).toBe('completed');
    expect(run.stages.student.bestEpoch).toBe(1);
    const w = readWeightsFile(path.join(dir, 'student.weights.bin'));
    expect(w.meta.dataset.extractors.l).toBe(EXTRACTORS.text.id);
    expect(w.spec).toMatchObject({ d: 8, T: 6, dims: data.meta.dims });
  });
});
