import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../main/core/rng.ts';
import type { SourceInfo } from '../../../../main/core/dataset/feature-dataset.ts';
import { epochSamples, epochSize } from '../../../../main/training/trainer/epoch-samples.ts';

const source = (name: string, train: number, weight: number): SourceInfo => ({
  name,
  weight,
  n: { train, valid: 0, test: 0 },
  modalitiesPresent: ['l'],
  extractors: { l: 'text-v2', a: 'audio-v1', v: 'visual-v1' },
});
const SOURCES = [source('text', 40, 1), source('audio', 30, 0.5), source('face', 10, 2.5)];
const N = 80;
const epoch = (e: number, seed = 1, sources = SOURCES): Int32Array => epochSamples(N, sources, seed, 'teacher', e, new Rng(e * 7 + seed));
const counts = (rows: Int32Array, from: number, to: number): Map<number, number> => {
  const m = new Map<number, number>();
  for (const r of rows) if (r >= from && r < to) m.set(r, (m.get(r) ?? 0) + 1);
  return m;
};

describe('epochSamples (sampling weights)', () => {
  it('takes round(w * n) rows of each source per epoch', () => {
    expect(epochSize(N, SOURCES)).toBe(40 + 15 + 25);
    const rows = epoch(1);
    expect(rows.length).toBe(80);
    expect([...counts(rows, 0, 40).values()].every((c) => c === 1)).toBe(true); // w = 1: every row once
    expect(counts(rows, 0, 40).size).toBe(40);
    const audio = counts(rows, 40, 70);
    expect(audio.size).toBe(15); // w = 0.5: 15 distinct rows
    const face = counts(rows, 70, 80);
    expect([...face.values()].reduce((a, b) => a + b, 0)).toBe(25); // w = 2.5: every row 2 or 3 times
    expect([...face.values()].every((c) => c === 2 || c === 3)).toBe(true);
    expect(face.size).toBe(10);
  });

  it('w < 1 sees a different subset each epoch and all rows over ceil(1/w) epochs', () => {
    const a = counts(epoch(1), 40, 70);
    const b = counts(epoch(2), 40, 70);
    expect([...a.keys()].filter((r) => b.has(r))).toEqual([]);
    expect(new Set([...a.keys(), ...b.keys()]).size).toBe(30);
    expect(counts(epoch(3), 40, 70)).not.toEqual(a);
  });

  it('mixes the sources in one shuffled order and is a function of (seed, stage, epoch)', () => {
    const rows = epoch(1);
    const firstBatch = Array.from(rows.subarray(0, 16));
    expect(new Set(firstBatch.map((r) => (r < 40 ? 0 : r < 70 ? 1 : 2))).size).toBe(3);
    expect(epoch(1)).toEqual(rows);
    expect(epoch(1, 2)).not.toEqual(rows);
    expect(epochSamples(N, SOURCES, 1, 'student', 1, new Rng(8))).not.toEqual(rows);
  });

  it('with every weight 1 (or no sources) it is the epoch permutation of one dataset', () => {
    const ones = [source('a', 50, 1), source('b', 30, 1)];
    expect(epochSamples(N, ones, 1, 'teacher', 3, new Rng(5))).toEqual(new Rng(5).permutation(N));
    expect(epochSamples(N, undefined, 1, 'teacher', 3, new Rng(5))).toEqual(new Rng(5).permutation(N));
  });

  it('refuses weights that leave fewer than 2 samples per epoch', () => {
    expect(() => epochSize(4, [source('tiny', 4, 0.1)])).toThrow(/select 0 training sample\(s\) per epoch/);
  });
});
