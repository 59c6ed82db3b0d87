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

describe('epochSamples (a source balanced by label sign)', () => {
  // text: 40 rows as they come; voice: 30 rows, 24 negative, 6 positive (a corpus of four negative emotions and one positive)
  const voice = { ...source('voice', 30, 1), balance: 'sign' as const };
  const sources = [source('text', 40, 1), voice];
  const labels = new Float32Array(70);
  for (let r = 0; r < 40; r++) labels[r] = r % 3 === 0 ? 1 : -1;
  for (let r = 40; r < 70; r++) labels[r] = r < 64 ? -2 : 2;
  const draw = (e: number, seed = 1) => epochSamples(70, sources, seed, 'teacher', e, new Rng(e * 7 + seed), labels);
  const bySign = (rows: Int32Array) => {
    const voiceRows = Array.from(rows).filter((r) => r >= 40);
    return { neg: voiceRows.filter((r) => labels[r]! < 0).length, pos: voiceRows.filter((r) => labels[r]! > 0).length };
  };

  it('draws equal numbers of negative and positive rows from it; the other source is untouched', () => {
    const rows = draw(1);
    expect(rows.length).toBe(70);
    expect(bySign(rows)).toEqual({ neg: 15, pos: 15 }); // 30 draws: 15 of 24 negatives, every positive 2-3 times
    const text = counts(rows, 0, 40);
    expect(text.size).toBe(40);
    expect([...text.values()].every((c) => c === 1)).toBe(true);
    const pos = counts(rows, 64, 70);
    expect(pos.size).toBe(6);
    expect([...pos.values()].every((c) => c === 2 || c === 3)).toBe(true);
  });

  it('walks through every negative over the epochs, and is a function of (seed, stage, epoch)', () => {
    const seen = new Set<number>();
    for (const e of [1, 2]) for (const r of draw(e)) if (r >= 40 && r < 64) seen.add(r);
    expect(seen.size).toBe(24); // 15 + 15 draws over 24 rows: all of them by epoch 2
    expect(draw(3)).toEqual(draw(3));
    expect(draw(3, 2)).not.toEqual(draw(3));
  });

  it('a sign the source does not have is not invented: zero labels count as a third class only when present', () => {
    const withZero = labels.slice();
    for (let r = 40; r < 46; r++) withZero[r] = 0;
    const rows = epochSamples(70, sources, 1, 'teacher', 1, new Rng(8), withZero);
    const v = Array.from(rows).filter((r) => r >= 40);
    expect([v.filter((r) => withZero[r]! < 0).length, v.filter((r) => withZero[r] === 0).length, v.filter((r) => withZero[r]! > 0).length]).toEqual([10, 10, 10]);
  });

  it('needs the labels', () => {
    expect(() => epochSamples(70, sources, 1, 'teacher', 1, new Rng(1))).toThrow(/balanced by sign but no labels/);
  });
});
