import { describe, expect, it } from 'vitest';
import { hashByte, hashSplit, videoOfClipId } from '../../../../main/core/dataset/holdout.ts';
import { readTranscriptCsv } from '../../../../main/core/dataset/transcript-csv.ts';
import { dataPath } from '../../../helpers/data.ts';

describe('content-hash splits', () => {
  it('finds the video of MOSI and MOSEI ids', () => {
    expect(videoOfClipId('03bSnISJMiM_1')).toBe('03bSnISJMiM');
    expect(videoOfClipId('-3g5yACwYnA_82_7645')).toBe('-3g5yACwYnA');
    expect(videoOfClipId('6_k3cw9_k-Y_17_741')).toBe('6_k3cw9_k-Y');
    expect(videoOfClipId('100499_0_0')).toBe('100499');
    expect(videoOfClipId('100499_59_0385')).toBe('100499');
    expect(videoOfClipId('clip-a')).toBe('clip-a');
  });

  it('buckets by the first sha256 byte with the documented thresholds', () => {
    const keys = Array.from({ length: 3000 }, (_, i) => `k${i}`);
    for (const k of keys) {
      const b = hashByte(k);
      expect(hashSplit(k, { test: 0.1, valid: 0.1 })).toBe(b < 26 ? 'test' : b < 51 ? 'valid' : 'train');
      expect(hashSplit(k, { test: 0.15, valid: 0 })).toBe(b < 38 ? 'test' : 'train');
    }
    const test = keys.filter((k) => hashSplit(k, { test: 0.1, valid: 0.1 }) === 'test').length / keys.length;
    expect(test).toBeGreaterThan(0.08);
    expect(test).toBeLessThan(0.125);
    expect(() => hashSplit('x', { test: 0.7, valid: 0.5 })).toThrow(/sum to at most 1/);
  });

  it('holds out whole MOSI train videos as test and leaves dev alone', () => {
    const plain = readTranscriptCsv(dataPath('mosi/label.csv'), 0);
    const held = readTranscriptCsv(dataPath('mosi/label.csv'), 0, { holdout: 0.15 });
    expect(plain.heldOut).toBe(0);
    expect(held.heldOut).toBeGreaterThan(100);
    const videosOf = (rows: typeof held.rows, split: string) => new Set(rows.filter((r) => r.split === split).map((r) => videoOfClipId(r.id)));
    const train = videosOf(held.rows, 'train');
    for (const v of videosOf(held.rows, 'test')) expect(train.has(v)).toBe(false);
    expect(held.rows.filter((r) => r.split === 'valid').length).toBe(plain.rows.filter((r) => r.split === 'valid').length);
    expect(held.rows.filter((r) => r.split === 'test').length).toBe(held.heldOut);
  });
});
