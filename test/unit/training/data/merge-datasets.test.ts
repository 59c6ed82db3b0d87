import { beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../../main/core/errors.ts';
import { EXTRACTORS } from '../../../../main/core/features/extractors.ts';
import { mergeDatasets } from '../../../../main/training/data/merge-datasets.ts';
import { sliceSplit, sourceRanges } from '../../../../main/training/data/source-rows.ts';
import type { FeatureDataset } from '../../../../main/core/dataset/feature-dataset.ts';
import { mosiSubset } from '../trainer/mosi-subset.ts';
import { oneModalityDataset } from '../../../helpers/one-modality-sets.ts';

const T = 6;
let text: FeatureDataset;
const audio = (seed: number, offset: number, declare = {}): FeatureDataset =>
  oneModalityDataset('a', { T, sizes: { train: 20 + seed, valid: 5, test: 3 }, seed, offset, declare });
const visual = (): FeatureDataset => oneModalityDataset('v', { T, sizes: { train: 15, valid: 4, test: 2 }, seed: 9, offset: -2 });

beforeAll(async () => {
  text = await mosiSubset({ train: 24, dev: 6, T });
});

function errorOf(f: () => unknown): { kind: string; message: string } {
  try {
    f();
  } catch (e) {
    if (isAppError(e)) return { kind: e.kind, message: e.message };
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('mergeDatasets', () => {
  it('concatenates text-only, audio-only and visual-only sources in order, each row remembering its source', () => {
    const parts = [
      { name: 'mosi.csv', data: text, weight: 1 },
      { name: 'ravdess', data: audio(1, 3), weight: 0.5 },
      { name: 'fer', data: visual(), weight: 2 },
    ];
    const m = mergeDatasets(parts);
    expect(m.meta.modalitiesPresent).toEqual(['l', 'a', 'v']);
    expect(m.meta.extractors).toEqual({ l: EXTRACTORS.text.id, a: 'audio-v1', v: 'visual-v1' });
    expect(m.meta.source).toBe(parts.map((p) => p.data.meta.source).join(' + '));
    expect(m.meta.sources!.map((s) => [s.name, s.weight, s.n.train, s.modalitiesPresent.join('')])).toEqual([
      ['mosi.csv', 1, 24, 'l'],
      ['ravdess', 0.5, 21, 'a'],
      ['fer', 2, 15, 'v'],
    ]);
    const tr = m.splits.train;
    expect(tr.n).toBe(24 + 21 + 15);
    expect(Array.from(tr.source!.subarray(0, 24)).every((s) => s === 0)).toBe(true);
    expect(tr.source![24]).toBe(1);
    expect(tr.source![tr.n - 1]).toBe(2);
    // each source's rows are a contiguous view with its own ids, labels and text features
    const [s, e] = sourceRanges(m.meta.sources!, 'train')[0]!;
    const mosiRows = sliceSplit(tr, s, e, T, m.meta.dims);
    expect(mosiRows.ids).toEqual(text.splits.train.ids);
    expect(mosiRows.l).toEqual(text.splits.train.l);
    expect(Array.from(tr.present!.l)).toEqual([...new Array(24).fill(1), ...new Array(36).fill(0)]);
    expect(Array.from(tr.present!.a)).toEqual([...new Array(24).fill(0), ...new Array(21).fill(1), ...new Array(15).fill(0)]);
    expect(tr.a.subarray(0, 24 * T * m.meta.dims.a).every((x) => x === 0)).toBe(true);
  });

  it('pools audio statistics over both audio sources exactly (count-weighted mean and variance of valid steps)', () => {
    const a1 = audio(1, 3);
    const a2 = audio(2, -1);
    const m = mergeDatasets([
      { name: 'a1', data: a1, weight: 1 },
      { name: 'a2', data: a2, weight: 1 },
    ]);
    // each source's own statistics (MemorySink: over its valid train steps) and step counts
    const own = [a1, a2].map((d) => ({ stats: d.meta.norm.a!, count: d.splits.train.stepMask!.a.reduce((s, x) => s + x, 0) }));
    const N = own[0]!.count + own[1]!.count;
    const dim = m.meta.dims.a;
    for (let j = 0; j < dim; j++) {
      const mean = own.reduce((s, o) => s + o.count * o.stats.mean[j]!, 0) / N;
      const second = own.reduce((s, o) => s + o.count * (o.stats.std[j]! ** 2 + o.stats.mean[j]! ** 2), 0) / N;
      expect(m.meta.norm.a!.mean[j]).toBeCloseTo(mean, 4);
      expect(m.meta.norm.a!.std[j]).toBeCloseTo(Math.sqrt(second - mean * mean), 4);
    }
    expect(m.meta.norm.v).toBeNull();
    expect(m.meta.standardized).toBe(true);
    // the merged features are standardised with the pooled statistics: mean ~0, std ~1 over valid train steps
    const tr = m.splits.train;
    let sum = 0;
    let sq = 0;
    let count = 0;
    for (let i = 0; i < tr.n * T; i++) {
      if (tr.stepMask!.a[i] !== 1) continue;
      const x = tr.a[i * dim]!;
      sum += x;
      sq += x * x;
      count++;
    }
    expect(sum / count).toBeCloseTo(0, 4);
    expect(Math.sqrt(sq / count - (sum / count) ** 2)).toBeCloseTo(1, 3);
  });

  it('accepts any extractor for a modality a source does not have (zeros of the common dim)', () => {
    const odd = audio(1, 0, { v: { extractor: 'visual-v0', dim: 9 } });
    const m = mergeDatasets([
      { name: 'fer', data: visual(), weight: 1 },
      { name: 'odd-audio', data: odd, weight: 1 },
    ]);
    expect(m.meta.extractors.v).toBe('visual-v1');
    expect(m.meta.dims.v).toBe(visual().meta.dims.v);
    expect(m.splits.train.v.length).toBe(m.splits.train.n * T * m.meta.dims.v);
  });

  it('refuses a different T, naming both sources', () => {
    const e = errorOf(() => mergeDatasets([
      { name: 'mosi.csv', data: text, weight: 1 },
      { name: 'long-audio', data: oneModalityDataset('a', { T: 8, sizes: { train: 4, valid: 1, test: 1 }, seed: 3 }), weight: 1 },
    ]));
    expect(e.kind).toBe('InvalidDataset');
    expect(e.message).toMatch(/long-audio has T = 8 .*mosi\.csv has T = 6/);
  });

  it('refuses a present modality with another extractor or dim, naming the source and the modality', () => {
    const other = audio(2, 0, { a: { extractor: 'audio-v2', dim: 25 } });
    const e = errorOf(() => mergeDatasets([
      { name: 'ravdess', data: audio(1, 0), weight: 1 },
      { name: 'other-audio', data: other, weight: 1 },
    ]));
    expect(e.kind).toBe('InvalidDataset');
    expect(e.message).toMatch(/other-audio: modality 'a' \(audio\) is audio-v2 with 25 dims, but ravdess has audio-v1 with 25 dims/);
    const wide = audio(2, 0, { a: { extractor: 'audio-v1', dim: 30 } });
    expect(errorOf(() => mergeDatasets([{ name: 'ravdess', data: audio(1, 0), weight: 1 }, { name: 'wide', data: wide, weight: 1 }])).message).toMatch(
      /wide: modality 'a' \(audio\) is audio-v1 with 30 dims/,
    );
  });

  it('refuses a weight that is not > 0', () => {
    expect(errorOf(() => mergeDatasets([{ name: 'x', data: text, weight: 0 }])).message).toMatch(/x: weight 0 must be a number > 0/);
  });
});
