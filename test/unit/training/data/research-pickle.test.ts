import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../../main/core/paths.ts';
import { AppError } from '../../../../main/core/errors.ts';
import { loadResearchPickle } from '../../../../main/training/data/pickle/research-pickle.ts';
import type { FeatureDataset } from '../../../../main/core/dataset/feature-dataset.ts';

/** Small pickles with the real files' keys, dtypes and shapes, written by python3 + numpy at test time. */
let dir = '';

interface Manifest {
  [name: string]: { T: number; dims: { l: number; a: number; v: number }; n: Record<string, number> };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'corrkd-pickles-'));
  execFileSync('python3', [path.join(PROJECT_ROOT, 'test/fixtures/make-pickles.py'), dir], { stdio: 'pipe' });
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function expected(name: string, split: string, key: string): Float32Array {
  const buf = readFileSync(path.join(dir, 'expected', name, `${split}.${key}.f32`));
  const out = new Float32Array(buf.byteLength / 4);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

function expectedIds(name: string, split: string): string[] {
  return JSON.parse(readFileSync(path.join(dir, 'expected', name, `${split}.ids.json`), 'utf8')) as string[];
}

function manifest(): Manifest {
  return JSON.parse(readFileSync(path.join(dir, 'expected', 'manifest.json'), 'utf8')) as Manifest;
}

/** Exact equality, reported as the first differing index (a toEqual on 1M floats is unreadable). */
function expectSame(actual: Float32Array, want: Float32Array, what: string): void {
  expect(actual.length, `${what} length`).toBe(want.length);
  const i = actual.findIndex((x, k) => !Object.is(x, want[k]));
  expect(i, `${what}: first difference at ${i} (${actual[i]} vs ${want[i]})`).toBe(-1);
}

function checkAgainstExpected(ds: FeatureDataset, file: string, expectedName: string): void {
  const m = manifest()[file]!;
  expect(ds.meta.T).toBe(m.T);
  expect(ds.meta.dims).toEqual(m.dims);
  for (const split of ['train', 'valid', 'test'] as const) {
    const sp = ds.splits[split];
    expect(sp.n).toBe(m.n[split]);
    expect(sp.ids).toEqual(expectedIds(expectedName, split));
    expectSame(sp.label, expected(expectedName, split, 'label'), `${split}.label`);
    for (const k of ['l', 'a', 'v'] as const) expectSame(sp[k], expected(expectedName, split, k), `${split}.${k}`);
    expect(Array.from(sp.present!.a)).toEqual(new Array(sp.n).fill(1));
  }
}

describe('research pickles: happy path', () => {
  it('MMSA aligned_50 (protocol 4, numpy 2 names): values round-trip exactly, dims read from the data', () => {
    const logs: string[] = [];
    const ds = loadResearchPickle(path.join(dir, 'mmsa_aligned_50.pkl'), { log: (s) => logs.push(s) });
    checkAgainstExpected(ds, 'mmsa_aligned_50', 'mmsa_aligned_50');
    expect(ds.meta.dims).toEqual({ l: 768, a: 5, v: 20 });
    expect(ds.meta.extractors.a).toBe('mmsa:audio');
    expect(ds.meta.standardized).toBe(false);
    // 2 -inf per split (3 splits) + 1 NaN per split with n > 1 (3 splits)
    expect(logs.join('\n')).toMatch(/\b9 non-finite values/);
  });

  it('MMSA aligned: -inf and NaN in audio become 0 and nothing non-finite is left', () => {
    const ds = loadResearchPickle(path.join(dir, 'mmsa_aligned_50.pkl'));
    const a = ds.splits.train.a;
    const d = ds.meta.dims.a;
    expect(a[(0 * 50 + 3) * d + 1]).toBe(0); // was -inf
    expect(a[(1 * 50 + 2) * d + 2]).toBe(0); // was NaN
    for (const s of ['train', 'valid', 'test'] as const) {
      for (const k of ['l', 'a', 'v'] as const) expect(ds.splits[s][k].every(Number.isFinite)).toBe(true);
    }
  });

  it('MMSA unaligned_50 (protocol 2, numpy 1 names): audio/vision longer than T are mean-pooled by their lengths', () => {
    const ds = loadResearchPickle(path.join(dir, 'mmsa_unaligned_50.pkl'));
    checkAgainstExpected(ds, 'mmsa_unaligned_50', 'mmsa_unaligned_50.pool');
    expect(ds.meta.dims).toEqual({ l: 300, a: 33, v: 709 });
  });

  it('MMSA unaligned_50 with unaligned: cut keeps the first T frames', () => {
    const ds = loadResearchPickle(path.join(dir, 'mmsa_unaligned_50.pkl'), { unaligned: 'cut' });
    checkAgainstExpected(ds, 'mmsa_unaligned_50', 'mmsa_unaligned_50.cut');
  });

  it('MulT mosi_data (protocol 3): labels [n,1,1] flattened, id rows joined with _', () => {
    const ds = loadResearchPickle(path.join(dir, 'mult_mosi_data.pkl'));
    checkAgainstExpected(ds, 'mult_mosi_data', 'mult_mosi_data');
    expect(ds.meta.dims).toEqual({ l: 300, a: 74, v: 35 });
    expect(ds.splits.train.ids[0]).toBe('cliptrain0_1');
  });

  it('standardize: audio/visual of train have mean 0 over non-zero rows after standardising', () => {
    const ds = loadResearchPickle(path.join(dir, 'mult_mosi_data.pkl'), { standardize: true });
    expect(ds.meta.standardized).toBe(true);
    const { a, n } = ds.splits.train;
    const d = ds.meta.dims.a;
    let sum = 0;
    let rows = 0;
    for (let r = 0; r < n * 50; r++) {
      sum += a[r * d + 5]!;
      rows += 1;
    }
    expect(Math.abs(sum / rows)).toBeLessThan(1e-5);
  });
});

describe('research pickles: bad input', () => {
  it('IEMOCAP emotion labels [n,4,2] are rejected with the shape in the message', () => {
    const f = path.join(dir, 'mult_iemocap_like.pkl');
    expect(() => loadResearchPickle(f)).toThrow(/labels has shape \[2, 4, 2\]/);
    try {
      loadResearchPickle(f);
    } catch (e) {
      expect((e as AppError).kind).toBe('InvalidDataset');
      expect((e as AppError).file).toBe(f);
    }
  });

  it('a truncated pickle is InvalidDataset naming the file', () => {
    const src = readFileSync(path.join(dir, 'mult_mosi_data.pkl'));
    const f = path.join(dir, 'truncated.pkl');
    writeFileSync(f, src.subarray(0, Math.floor(src.length / 2)));
    expect(() => loadResearchPickle(f)).toThrow(AppError);
    expect(() => loadResearchPickle(f)).toThrow(/truncated\.pkl could not be unpickled/);
  });

  it('a text file is not a pickle; a missing file is FileUnreadable', () => {
    const f = path.join(dir, 'not.pkl');
    writeFileSync(f, 'id,text,label\n');
    expect(() => loadResearchPickle(f)).toThrow(/not a binary pickle/);
    try {
      loadResearchPickle(path.join(dir, 'nope.pkl'));
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).kind).toBe('FileUnreadable');
    }
  });
});
