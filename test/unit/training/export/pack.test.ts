import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportModelPack } from '../../../../main/training/export/pack.ts';
import type { ExportPackResult } from '../../../../main/training/export/pack.ts';
import { verifyModelPack } from '../../../../main/core/inference/pack.ts';
import { EXTRACTORS } from '../../../../main/core/features/extractors.ts';
import { modelManifestSchema } from '../../../../main/core/inference/manifest-schema.ts';
import { trainCorrkd } from '../../../../main/training/trainer/train.ts';
import { mosiSubset } from '../trainer/mosi-subset.ts';

const made: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'corrkd-pack-'));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
let runDir: string;
let pack: ExportPackResult;
let textDim: number;

beforeAll(async () => {
  const data = await mosiSubset({ train: 24, dev: 6, T: 6 });
  textDim = data.meta.dims.l;
  runDir = tmp();
  await trainCorrkd(data, { runDir, backend: 'wasm', config: { model: { d: 8, layers: 1, heads: 2 }, train: { epochs: 1, batchSize: 8 } } });
  pack = await exportModelPack({ runDir, outDir: path.join(tmp(), 'pack'), id: 'mosi-tiny', includeTeacher: true });
});

describe('bad call', () => {
  it('a run folder without a trained student is ModelMissing naming the file', async () => {
    await expect(exportModelPack({ runDir: tmp(), outDir: tmp() })).rejects.toMatchObject({ kind: 'ModelMissing', message: expect.stringContaining('student.weights.bin') });
  });
});

describe('expected failure', () => {
  it('verification names the file whose checksum or presence is wrong', async () => {
    const broken = path.join(tmp(), 'p');
    cpSync(pack.dir, broken, { recursive: true });
    appendFileSync(path.join(broken, 'student.onnx'), Buffer.from([0]));
    await expect(verifyModelPack(broken)).rejects.toMatchObject({ kind: 'ModelContractMismatch', message: expect.stringMatching(/student\.onnx does not match its checksum/) });
    cpSync(path.join(pack.dir, 'student.onnx'), path.join(broken, 'student.onnx'));
    rmSync(path.join(broken, 'teacher.onnx'));
    await expect(verifyModelPack(broken)).rejects.toMatchObject({ kind: 'ModelMissing' });
    rmSync(path.join(broken, 'manifest.json'));
    await expect(verifyModelPack(broken)).rejects.toMatchObject({ kind: 'ModelMissing', message: expect.stringContaining('manifest.json') });
  });

  it('a manifest whose io contract does not match the graph is refused', async () => {
    const other = path.join(tmp(), 'p');
    cpSync(pack.dir, other, { recursive: true });
    const m = JSON.parse(readFileSync(path.join(other, 'manifest.json'), 'utf8'));
    m.io.inputs[0].name = 'words';
    writeFileSync(path.join(other, 'manifest.json'), JSON.stringify(m));
    await expect(verifyModelPack(other)).rejects.toThrow(/inputs \[text, audio, visual\].*do not match.*\[words, audio, visual\]/);
  });
});

describe('happy path', () => {
  it('writes student.onnx, teacher.onnx and a manifest that validates and verifies', async () => {
    const m = await verifyModelPack(pack.dir);
    expect(modelManifestSchema.parse(JSON.parse(readFileSync(path.join(pack.dir, 'manifest.json'), 'utf8')))).toEqual(m);
    for (const f of ['student.onnx', 'teacher.onnx']) {
      expect(m.files[f]).toBe(createHash('sha256').update(readFileSync(path.join(pack.dir, f))).digest('hex'));
    }
    expect(m).toMatchObject({
      id: 'mosi-tiny',
      task: 'sentiment-7',
      T: 6,
      inputs: { text: 'text', audio: 'audio', visual: 'visual' },
      extractors: { text: { id: EXTRACTORS.text.id, version: EXTRACTORS.text.version, dim: textDim } },
      trainedModalities: ['text'],
      normalisation: { audio: null, visual: null },
      training: { samples: { train: 24, valid: 6, test: 0 }, epochs: { teacher: 1, student: 1 } },
    });
    expect(m.io.outputs.map((o) => [o.name, o.shape])).toEqual([
      ['logits', ['batch', 7]],
      ['probabilities', ['batch', 7]],
      ['score', ['batch']],
    ]);
    expect(m.metrics.table.valid).toHaveProperty('mae');
    expect(pack.parityMaxAbsDiff).toBeLessThan(1e-4);
  });

  it('the packed student runs in onnxruntime with the manifest io contract', async () => {
    const m = pack.manifest;
    const s = await ort.InferenceSession.create(path.join(pack.dir, m.model.file));
    const feeds = Object.fromEntries(m.io.inputs.map((i) => [i.name, new ort.Tensor('float32', new Float32Array(3 * m.T * (i.shape[2] as number)), [3, m.T, i.shape[2] as number])]));
    const out = await s.run(feeds);
    expect(out.score!.dims).toEqual([3]);
    const p = out.probabilities!.data as Float32Array;
    expect(p.slice(0, 7).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    await s.release();
  });
});
