import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeContext } from '../../../../main/core/context.ts';
import { FACE_IMAGE_HOLDOUT, buildFaceImageDataset } from '../../../../main/core/dataset/build-face-images.ts';
import { hashSplit } from '../../../../main/core/dataset/holdout.ts';
import { readFeatureDataset } from '../../../../main/core/dataset/reader.ts';
import { EXTRACTORS } from '../../../../main/core/features/extractors.ts';
import { extractClipFeatures } from '../../../../main/core/pipeline/clip-features.ts';
import { STILL_STEPS } from '../../../../main/core/pipeline/still-clip.ts';
import { createPipelineWorkers } from '../../../../main/core/pipeline/worker-pools.ts';
import { dataPath } from '../../../helpers/data.ts';

// one set of pipeline threads for the file's builds (a build without them starts and closes its own)
const workers = createPipelineWorkers();

/** Real FER2013 crops, 4 per emotion folder, plus made-up trouble: a copy with another emotion, a byte-identical duplicate, a non-image. */
const PER_EMOTION = 4;
const EMOTIONS = ['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad', 'surprise'];
const BLACK = 'angry/Training_10131352.jpg'; // one of FER's all-black images
let dir = '';
let src = '';
const files: Record<string, string[]> = {};

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'corrkd-faces-'));
  src = path.join(dir, 'fer');
  for (const e of EMOTIONS) {
    mkdirSync(path.join(src, e), { recursive: true });
    files[e] = readdirSync(dataPath('fer2013/train', e)).sort().slice(0, PER_EMOTION);
    for (const f of files[e]!) copyFileSync(dataPath('fer2013/train', e, f), path.join(src, e, f));
  }
  copyFileSync(dataPath('fer2013/train', BLACK), path.join(src, BLACK));
  // the same bytes as a happy image, filed under sad: the group disagrees on the emotion
  copyFileSync(dataPath('fer2013/train/happy', files.happy![0]!), path.join(src, 'sad', 'copy-of-happy.jpg'));
  // a byte-identical duplicate under the same emotion: merged into one sample
  copyFileSync(dataPath('fer2013/train/sad', files.sad![1]!), path.join(src, 'sad', 'zz-duplicate.jpg'));
  writeFileSync(path.join(src, 'happy', 'notes.txt'), 'not an image\n');
});
afterAll(async () => {
  await workers.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('dataset build --face-images (real FER2013 crops)', () => {
  it('labels by the emotion table, splits by content hash, merges copies, drops conflicting ones, reports the black crop', async () => {
    const out = path.join(dir, 'ds');
    const s = await buildFaceImageDataset(src, out, { threads: 2 }, makeContext());

    // surprise has no sentiment target; the conflicting pair (2 files) is dropped; the duplicate merged
    expect(s.counts.leftOut).toEqual({ surprise: PER_EMOTION });
    expect([s.counts.conflictingGroups, s.counts.conflictingFiles, s.counts.duplicatesMerged, s.counts.skipped]).toEqual([1, 2, 1, 1]);
    expect(s.failures).toHaveLength(1);
    expect(s.failures[0]).toMatchObject({ file: path.join(src, BLACK), kind: 'InvalidDataset' });
    expect(s.failures[0]!.reason).toMatch(/no usable face: face too dark/);
    // happy's first image is in the dropped pair; the black crop fails (it may be one of angry's first four)
    const blackAmongFirst = files.angry!.includes(path.basename(BLACK)) ? 1 : 0;
    expect(s.samples).toBe(6 * PER_EMOTION - 1 - blackAmongFirst);

    const ds = readFeatureDataset(out);
    expect(ds.meta.extractors.v).toBe(EXTRACTORS.visual.id);
    expect(ds.meta.dims.v).toBe(EXTRACTORS.visual.dim);
    expect(ds.meta.modalitiesPresent).toEqual(['v']);
    const label = { angry: -2, disgust: -2, fear: -2, happy: 2, neutral: 0, sad: -2 } as Record<string, number>;
    for (const split of ['train', 'valid', 'test'] as const) {
      const sp = ds.splits[split];
      sp.ids.forEach((id, i) => {
        // the split is the content-hash group's: first byte of sha256(bytes) < 26 test, 26..51 valid
        expect(hashSplit(readFileSync(path.join(src, id)), FACE_IMAGE_HOLDOUT)).toBe(split);
        expect(sp.label[i]).toBe(label[id.split('/')[0]!]);
        // visual only, the face on the first STILL_STEPS steps
        expect([sp.present!.l[i], sp.present!.a[i], sp.present!.v[i]]).toEqual([0, 0, 1]);
        const mask = sp.stepMask!.v.subarray(i * ds.meta.T, (i + 1) * ds.meta.T);
        expect([...mask].filter((m) => m === 1).length).toBe(STILL_STEPS);
        expect(mask[0]).toBe(1);
        expect(mask[STILL_STEPS]).toBe(0);
      });
    }
    const ids = [...ds.splits.train.ids, ...ds.splits.valid.ids, ...ds.splits.test.ids];
    expect(ids).not.toContain(`happy/${files.happy![0]}`);
    expect(ids).not.toContain('sad/copy-of-happy.jpg');
    expect(ids).not.toContain('sad/zz-duplicate.jpg');
  });

  it('steps a crop exactly as corrkd analyze/features step the same picture (face-crop on)', async () => {
    const out = path.join(dir, 'ds2');
    const one = path.join(dir, 'one');
    mkdirSync(path.join(one, 'happy'), { recursive: true });
    const name = files.happy![2]!;
    copyFileSync(dataPath('fer2013/train/happy', name), path.join(one, 'happy', name));
    await buildFaceImageDataset(one, out, { threads: 1 }, makeContext());
    const ds = readFeatureDataset(out);
    const sp = [ds.splits.train, ds.splits.valid, ds.splits.test].find((x) => x.n === 1)!;
    const f = await extractClipFeatures(path.join(one, 'happy', name), { ...makeContext(), workers }, { faceCrop: 'on', cache: null, T: ds.meta.T });
    expect(f.media.still).toBe(true);
    expect(f.utterances).toHaveLength(1);
    const v = f.utterances[0]!.steps.visual;
    expect([...v.stepMask]).toEqual([...sp.stepMask!.v]);
    expect([...v.data]).toEqual([...sp.v]);
  });

  it('a CSV with a person column splits by person; the CSV split column wins for the whole person', async () => {
    const csv = path.join(dir, 'faces.csv');
    const usable = (e: string) => files[e]!.filter((f) => f !== path.basename(BLACK)).slice(0, 2);
    const rows = EMOTIONS.filter((e) => e !== 'surprise').flatMap((e) => usable(e).map((f, k) => `fer/${e}/${f},${e},,p${k}`));
    const extra = `fer/happy/${files.happy![3]}`;
    writeFileSync(csv, `file,emotion,split,person\nfer/sad/${files.sad![0]},sad,train,p9\nfer/sad/${files.sad![1]},sad,test,p9\n`);
    await expect(buildFaceImageDataset(csv, path.join(dir, 'ds3'), { threads: 2 }, makeContext())).rejects.toMatchObject({
      kind: 'InvalidDataset',
      message: expect.stringMatching(/group 'p9' is train at row 1 and test at row 2/),
    });
    writeFileSync(csv, `file,emotion,split,person\n${rows.join('\n')}\n${extra},happy,test,p2\n`);
    const s = await buildFaceImageDataset(csv, path.join(dir, 'ds3'), { threads: 2 }, makeContext());
    const ds = readFeatureDataset(path.join(dir, 'ds3'));
    expect(ds.splits.test.ids).toEqual([extra]);
    // every person's images share one split
    const person = new Map(rows.map((r) => [r.split(',')[0]!, r.split(',')[3]!]));
    const splitOf = new Map<string, string>();
    for (const sp of ['train', 'valid'] as const) for (const id of ds.splits[sp].ids) {
      const p = person.get(id)!;
      expect(splitOf.get(p) ?? sp).toBe(sp);
      splitOf.set(p, sp);
    }
    expect(s.samples).toBe(rows.length + 1);
  });
});
