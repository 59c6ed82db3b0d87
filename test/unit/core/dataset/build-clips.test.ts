import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeContext } from '../../../../main/core/context.ts';
import { buildClipDataset } from '../../../../main/core/dataset/build-clips.ts';
import { readFeatureDataset } from '../../../../main/core/dataset/reader.ts';
import { createPipelineWorkers } from '../../../../main/core/pipeline/worker-pools.ts';
import { EXTRACTORS } from '../../../../main/core/features/extractors.ts';
import { STILL_STEPS } from '../../../../main/core/pipeline/still-clip.ts';
import { dataPath } from '../../../helpers/data.ts';

// one set of pipeline threads for the file's builds (a build without them starts and closes its own)
const workers = createPipelineWorkers();

/** One real MOSI utterance (audio only, 3.3 s) through the real pipeline, plus rows that must fail. */
let dir = '';
const savedCache = process.env.CORRKD_CACHE_DIR;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'corrkd-clips-'));
  process.env.CORRKD_CACHE_DIR = path.join(dir, 'cache'); // keep the user's feature cache untouched
  writeFileSync(path.join(dir, 'noise.mp4'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
});
afterAll(async () => {
  await workers.close();
  if (savedCache === undefined) delete process.env.CORRKD_CACHE_DIR;
  else process.env.CORRKD_CACHE_DIR = savedCache;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('dataset build --csv (real clip through the pipeline)', () => {
  it('builds the good clip and reports every bad row/file with its reason, without stopping', async () => {
    const wav = path.relative(dir, dataPath('mosi/raw/03bSnISJMiM_1.wav'));
    const csv = path.join(dir, 'labels.csv');
    writeFileSync(
      csv,
      'path,label,split,transcript\n' +
        `${wav},2.4,train,"anyhow it was really good"\n` +
        'missing.mp4,1,train,\n' +
        'noise.mp4,-1,valid,\n' +
        `${wav},7,train,\n` +
        'other.mp4,0,holdout,\n',
    );
    const out = path.join(dir, 'ds');
    const s = await buildClipDataset(csv, out, {}, { ...makeContext(), workers });
    expect(s.failed).toBe(4);
    expect(s.failures.map((f) => [f.row, f.kind])).toEqual([
      [2, 'FileUnreadable'],
      [3, 'NotMedia'],
      [4, 'InvalidDataset'],
      [5, 'InvalidDataset'],
    ]);
    expect(s.failures[0]!.file).toBe(path.join(dir, 'missing.mp4'));
    expect(s.failures[2]!.reason).toMatch(/repeats row 1; label 7 is outside \[-3, 3\]/);
    expect(s.failures[3]!.reason).toMatch(/split 'holdout' is not one of/);

    const ds = readFeatureDataset(out);
    const tr = ds.splits.train;
    // the pipeline splits the clip into utterances at pauses: one sample each, ids path#k
    const rel = wav.replace(/\\/g, '/');
    expect(s.samples).toBe(tr.n);
    expect(tr.ids).toEqual(tr.n === 1 ? [rel] : Array.from({ length: tr.n }, (_, k) => `${rel}#${k + 1}`));
    expect(Array.from(tr.label)).toEqual(new Array(tr.n).fill(Math.fround(2.4)));
    expect(ds.meta.dims).toEqual({ l: EXTRACTORS.text.dim, a: EXTRACTORS.audio.dim, v: EXTRACTORS.visual.dim });
    expect(ds.splits.valid.n + ds.splits.test.n).toBe(0);
    // a .wav has no video stream: visual absent; speech is audible: audio present with speech steps
    expect(Array.from(tr.present!.v)).toEqual(new Array(tr.n).fill(0));
    expect(Array.from(tr.present!.a)).toEqual(new Array(tr.n).fill(1));
    expect(tr.stepMask!.l.reduce((a, b) => a + b, 0)).toBe(5); // the five words, over the utterances
    expect(tr.stepMask!.a.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(tr.v.every((x) => x === 0)).toBe(true);
    expect(ds.meta.norm.a!.mean).toHaveLength(EXTRACTORS.audio.dim);
    expect(ds.meta.norm.v).toBeNull();
  });

  it('image rows: a face photo (detected) and a FER crop (tight-crop fallback) give visual-only samples of the still steps', async () => {
    const csv = path.join(dir, 'images.csv');
    const photo = path.relative(dir, dataPath('images/faces/faceapi_happy.jpg'));
    const crop = path.relative(dir, dataPath('fer2013/train/sad/Training_10022789.jpg'));
    writeFileSync(csv, `path,label,split\n${photo},2,train\n${crop},-2,train\n`);
    const s = await buildClipDataset(csv, path.join(dir, 'images'), {}, { ...makeContext(), workers });
    expect(s.failed).toBe(0);
    const tr = readFeatureDataset(path.join(dir, 'images')).splits.train;
    expect(tr.ids).toEqual([photo.replace(/\\/g, '/'), crop.replace(/\\/g, '/')]);
    expect(Array.from(tr.label)).toEqual([2, -2]);
    expect([...tr.present!.v, ...tr.present!.a, ...tr.present!.l]).toEqual([1, 1, 0, 0, 0, 0]);
    expect(tr.stepMask!.v.reduce((a, b) => a + b, 0)).toBe(2 * STILL_STEPS);
  });

  it('fails with InvalidDataset (and writes nothing) when no clip can be used', async () => {
    const csv = path.join(dir, 'allbad.csv');
    writeFileSync(csv, 'path,label\nmissing.mp4,1\nnoise.mp4,0\n');
    const out = path.join(dir, 'none');
    await expect(buildClipDataset(csv, out, {}, makeContext())).rejects.toThrow(/no clip could be used \(2 failed\)/);
    expect(existsSync(out)).toBe(false);
  });
});
