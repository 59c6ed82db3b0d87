import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../../main/core/errors.ts';
import type { DatasetSample, DatasetSpec, SplitName } from '../../../../main/core/dataset/format.ts';
import { DatasetWriter } from '../../../../main/core/dataset/writer.ts';
import { readDatasetHeader, readFeatureDataset } from '../../../../main/core/dataset/reader.ts';
import { createRng } from '../../../../main/core/rng.ts';
import type { StepMatrix } from '../../../../main/core/types.ts';

const T = 6;
const spec: DatasetSpec = {
  T,
  modalities: { l: { extractor: 'text-v1', dim: 4 }, a: { extractor: 'audio-v1', dim: 3 }, v: { extractor: 'visual-v1', dim: 2 } },
  source: { kind: 'other', path: '/nowhere', description: 'unit test' },
};

let root = '';
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'corrkd-ds-'));
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

const rng = createRng(7);
const rand = (): number => rng.uniform();
function matrix(dim: number, validSteps: number, offset = 0): StepMatrix {
  const data = new Float32Array(T * dim);
  const stepMask = new Uint8Array(T);
  for (let t = 0; t < validSteps; t++) {
    stepMask[t] = 1;
    for (let j = 0; j < dim; j++) data[t * dim + j] = Math.fround(offset + j * 10 + (rand() - 0.5) * 4);
  }
  return { dim, steps: T, data, stepMask };
}

/** 5 train (audio in 3 of them), 2 valid, 0 test; visual never present. */
function samples(): Array<[SplitName, DatasetSample]> {
  const out: Array<[SplitName, DatasetSample]> = [];
  for (let i = 0; i < 7; i++) {
    const split: SplitName = i < 5 ? 'train' : 'valid';
    out.push([
      split,
      {
        id: `s${i}`,
        label: -3 + i,
        l: matrix(4, 1 + (i % T)),
        a: i % 2 === 0 ? matrix(3, 2 + (i % 4), 100) : null,
        v: null,
        info: { text: `text "${i}", with comma` },
      },
    ]);
  }
  return out;
}

function write(dir: string, list = samples()): void {
  const w = new DatasetWriter(dir, spec);
  for (const [s, x] of list) w.append(s, x);
  w.finish({ tool: 'test', failed: 0 });
}

describe('feature dataset: write then read', () => {
  it('round-trips every array, mask, present flag, id and label exactly', () => {
    const dir = path.join(root, 'rt');
    const list = samples();
    write(dir, list);
    const ds = readFeatureDataset(dir);
    expect(ds.meta).toMatchObject({ T, dims: { l: 4, a: 3, v: 2 }, modalitiesPresent: ['l', 'a'], standardized: false });
    expect(ds.splits.test.n).toBe(0);
    for (const split of ['train', 'valid'] as const) {
      const want = list.filter(([s]) => s === split).map(([, x]) => x);
      const got = ds.splits[split];
      expect(got.n).toBe(want.length);
      expect(got.ids).toEqual(want.map((x) => x.id));
      expect(Array.from(got.label)).toEqual(want.map((x) => x.label));
      want.forEach((x, i) => {
        for (const m of ['l', 'a', 'v'] as const) {
          const d = ds.meta.dims[m];
          const row = got[m].subarray(i * T * d, (i + 1) * T * d);
          const mat = x[m];
          expect(Array.from(row)).toEqual(mat ? Array.from(mat.data) : new Array(T * d).fill(0));
          expect(Array.from(got.stepMask![m].subarray(i * T, (i + 1) * T))).toEqual(mat ? Array.from(mat.stepMask) : new Array(T).fill(0));
          expect(got.present![m][i]).toBe(mat ? 1 : 0);
        }
      });
    }
  });

  it('norm stats are mean/std over train audio at valid steps of present samples only', () => {
    const dir = path.join(root, 'norm');
    const list = samples();
    write(dir, list);
    const rows: number[][] = [];
    for (const [s, x] of list) {
      if (s !== 'train' || !x.a) continue;
      for (let t = 0; t < T; t++) if (x.a.stepMask[t]) rows.push(Array.from(x.a.data.subarray(t * 3, t * 3 + 3)));
    }
    const h = readDatasetHeader(dir);
    expect(h.norm.v).toBeNull();
    expect(h.norm.a!.count).toBe(rows.length);
    for (let j = 0; j < 3; j++) {
      const col = rows.map((r) => r[j]!);
      const mean = col.reduce((a, b) => a + b, 0) / col.length;
      const std = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length);
      expect(h.norm.a!.mean[j]).toBeCloseTo(mean, 9);
      expect(h.norm.a!.std[j]).toBeCloseTo(std, 9);
    }
  });

  it('leaves no folder behind on abort, and refuses a non-empty output folder', () => {
    const dir = path.join(root, 'aborted');
    const w = new DatasetWriter(dir, spec);
    w.append('train', samples()[0]![1]);
    w.abort();
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(root).filter((f) => f.startsWith('aborted'))).toEqual([]);

    const full = path.join(root, 'full');
    write(full);
    expect(() => new DatasetWriter(full, spec)).toThrow(/not empty/);
    const w2 = new DatasetWriter(full, spec, { overwrite: true });
    w2.append('test', samples()[1]![1]);
    w2.finish({ tool: 'test', failed: 0 });
    expect(readFeatureDataset(full).splits.test.ids).toEqual(['s1']);
    expect(readFeatureDataset(full).splits.train.n).toBe(0);
  });

  it('the writer refuses NaN, a wrong shape, a repeated id and a label outside [-3, 3]', () => {
    const w = new DatasetWriter(path.join(root, 'refuse'), spec);
    const ok = samples()[0]![1];
    const nan = matrix(4, 2);
    nan.data[5] = NaN;
    expect(() => w.append('train', { ...ok, l: nan })).toThrow(/non-finite value at step 1/);
    expect(() => w.append('train', { ...ok, l: matrix(3, 2) })).toThrow(/6x3, the dataset declares 6x4/);
    expect(() => w.append('train', { ...ok, label: 3.5 })).toThrow(/outside \[-3, 3\]/);
    w.append('train', ok);
    expect(() => w.append('valid', ok)).toThrow(/duplicate id/);
    w.abort();
  });
});

describe('feature dataset: the reader names the bad file', () => {
  const expectInvalid = (fn: () => unknown, file: string, msg: RegExp) => {
    try {
      fn();
      expect.unreachable('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).kind).toBe('InvalidDataset');
      expect((e as AppError).file).toBe(file);
      expect((e as AppError).message).toMatch(msg);
    }
  };

  it('a truncated modality file', () => {
    const dir = path.join(root, 'trunc');
    write(dir);
    const f = path.join(dir, 'train', 'a.f32');
    truncateSync(f, 10);
    expectInvalid(() => readFeatureDataset(dir), f, /has 10 bytes, the header implies 360/);
  });

  it('a changed byte (sha256), and NaN when the hash check is off', () => {
    const dir = path.join(root, 'nan');
    write(dir);
    const f = path.join(dir, 'valid', 'l.f32');
    const buf = readFileSync(f);
    buf.writeFloatLE(NaN, 4 * (T * 4 + 2 * 4 + 1)); // sample 1, step 2, dim 1
    writeFileSync(f, buf);
    expectInvalid(() => readFeatureDataset(dir), f, /sha256 does not match/);
    expectInvalid(() => readFeatureDataset(dir, { verify: false }), f, /non-finite value NaN at sample 1, step 2/);
  });

  it('a missing or malformed dataset.json', () => {
    const dir = path.join(root, 'hdr');
    write(dir);
    const h = path.join(dir, 'dataset.json');
    const json = JSON.parse(readFileSync(h, 'utf8')) as { T: number };
    json.T = -1;
    writeFileSync(h, JSON.stringify(json));
    expectInvalid(() => readFeatureDataset(dir), h, /T: /);
    writeFileSync(h, '{');
    expectInvalid(() => readFeatureDataset(dir), h, /not valid JSON/);
    rmSync(h);
    expectInvalid(() => readFeatureDataset(dir), h, /dataset.json is missing/);
  });

  it('a samples.jsonl whose line count disagrees with n', () => {
    const dir = path.join(root, 'ids');
    write(dir);
    const f = path.join(dir, 'valid', 'samples.jsonl');
    writeFileSync(f, `${readFileSync(f, 'utf8')}{"id":"extra"}\n`);
    expectInvalid(() => readFeatureDataset(dir, { verify: false }), f, /bytes, dataset.json says/);
    // with the header's byte count patched too, the line count still gives it away
    const h = path.join(dir, 'dataset.json');
    const json = JSON.parse(readFileSync(h, 'utf8')) as { splits: { valid: { files: { samples: { bytes: number } } } } };
    json.splits.valid.files.samples.bytes = readFileSync(f).byteLength;
    writeFileSync(h, JSON.stringify(json));
    expectInvalid(() => readFeatureDataset(dir, { verify: false }), f, /3 lines, dataset.json says 2 samples/);
  });
});
