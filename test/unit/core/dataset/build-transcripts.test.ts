import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeContext } from '../../../../main/core/context.ts';
import { AppError } from '../../../../main/core/errors.ts';
import { buildTranscriptDataset } from '../../../../main/core/dataset/build-transcripts.ts';
import type { BuildSummary } from '../../../../main/core/dataset/build-summary.ts';
import { readFeatureDataset } from '../../../../main/core/dataset/reader.ts';
import { TEXT_EXTRACTOR, textVector } from '../../../../main/core/features/text/text-v2.ts';
import { sentenceFeatures } from '../../../../main/core/features/text/sentence/sentence-features.ts';
import { EXTRACTORS } from '../../../../main/core/features/extractors.ts';
import { loadTranscriptCsv } from '../../../../main/training/data/load-transcript-csv.ts';
import { dataPath } from '../../../helpers/data.ts';

let root = '';
let mosiDir = '';
let mosi: BuildSummary;
// text-v3 runs the sentence encoder (USE lite) over MOSI's 1,510 sentences: ~30 s on a quiet
// machine, over the 180 s hook default on 2 shared cores under load
const MOSI_BUILD_BUDGET_MS = 600_000;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'corrkd-tr-'));
  mosiDir = path.join(root, 'mosi');
  mosi = await buildTranscriptDataset(dataPath('mosi/label.csv'), mosiDir, {}, makeContext());
}, MOSI_BUILD_BUDGET_MS);
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('dataset build --transcripts on MOSI label.csv', () => {
  it('keeps the file splits: 1281 train, 229 dev -> valid, an empty test split (reported)', () => {
    expect(mosi.splits).toEqual({ train: 1281, valid: 229, test: 0 });
    expect(mosi.failed).toBe(0);
    expect(mosi.warnings.join('\n')).toMatch(/split 'test' is empty/);
    const h = mosi.header;
    expect(h.modalitiesPresent).toEqual(['l']);
    expect(h.modalities.a).toEqual({ extractor: EXTRACTORS.audio.id, dim: EXTRACTORS.audio.dim });
    expect(h.modalities.v).toEqual({ extractor: EXTRACTORS.visual.id, dim: EXTRACTORS.visual.dim });
    expect(h.norm).toEqual({ a: null, v: null });
  });

  it('text steps are the words in order; audio and visual are absent zeros with their declared dims', async () => {
    const ds = readFeatureDataset(mosiDir);
    const tr = ds.splits.train;
    const T = ds.meta.T;
    const D = ds.meta.dims.l;
    expect(tr.ids[0]).toBe('03bSnISJMiM_1');
    expect(tr.label[0]).toBeCloseTo(2.4, 6);
    // "anyhow it was really good": 5 words, each starting with its word vector, then zero padding
    // text-v3: text-v2's word dims, then the sentence's projected USE-lite vector on every word step
    expect(D).toBe(EXTRACTORS.text.dim);
    expect(D).toBe(TEXT_EXTRACTOR.dims + 64);
    const [sentence] = await sentenceFeatures(['anyhow it was really good']);
    ['anyhow', 'it', 'was', 'really', 'good'].forEach((w, t) => {
      expect(Array.from(tr.l.subarray(t * D, t * D + TEXT_EXTRACTOR.vectorDims))).toEqual(Array.from(textVector(w)!));
      // the encoder runs 64 rows at a time while building, one sentence here: batching moves float32 rounding only
      const got = tr.l.subarray(t * D + TEXT_EXTRACTOR.dims, (t + 1) * D);
      sentence!.forEach((x, k) => expect(got[k]).toBeCloseTo(x, 4));
    });
    expect(sentence!.some((x) => x !== 0)).toBe(true);
    expect(Array.from(tr.stepMask!.l.subarray(0, T)).slice(0, 7)).toEqual([1, 1, 1, 1, 1, 0, 0]);
    expect(tr.l.subarray(5 * D, T * D).every((x) => x === 0)).toBe(true);
    expect(tr.present!.l.every((x) => x === 1)).toBe(true);
    expect(tr.present!.a.every((x) => x === 0) && tr.present!.v.every((x) => x === 0)).toBe(true);
    expect(tr.a.length).toBe(1281 * T * EXTRACTORS.audio.dim);
    expect(tr.a.every((x) => x === 0) && tr.v.every((x) => x === 0)).toBe(true);
  });

  it('loadTranscriptCsv gives the same samples in memory as the folder on disk', async () => {
    const disk = readFeatureDataset(mosiDir);
    const mem = await loadTranscriptCsv(dataPath('mosi/label.csv'));
    expect(mem.meta.dims).toEqual(disk.meta.dims);
    expect(mem.meta.modalitiesPresent).toEqual(disk.meta.modalitiesPresent);
    for (const s of ['train', 'valid', 'test'] as const) {
      expect(mem.splits[s].ids).toEqual(disk.splits[s].ids);
      expect(Buffer.from(mem.splits[s].label.buffer).equals(Buffer.from(disk.splits[s].label.buffer))).toBe(true);
      expect(Buffer.from(mem.splits[s].l.buffer).equals(Buffer.from(disk.splits[s].l.buffer))).toBe(true);
      expect(Buffer.from(mem.splits[s].stepMask!.l).equals(Buffer.from(disk.splits[s].stepMask!.l))).toBe(true);
    }
  });
});

describe('dataset build --transcripts on a small CSV', () => {
  it('builds from quotes, commas, a BOM and no mode column (seeded split), words with punctuation', async () => {
    const csv = path.join(root, 'small.csv');
    const rows = Array.from({ length: 20 }, (_, i) => `s${i},"Good, really ""good"" film no. ${i}!",${(i % 7) - 3}`);
    writeFileSync(csv, `\uFEFFid,text,label\r\n${rows.join('\r\n')}\r\nempty,"",0\r\n`);
    const out = path.join(root, 'small');
    const s = await buildTranscriptDataset(csv, out, { seed: 5, T: 8 }, makeContext());
    expect(s.samples).toBe(21);
    expect(s.splits.train + s.splits.valid + s.splits.test).toBe(21);
    expect(s.splits).toEqual({ train: 17, valid: 2, test: 2 }); // round(16.8), round(2.1), rest
    expect(s.warnings.join('\n')).toMatch(/1 row\(s\) have no words/);
    const ds = readFeatureDataset(out);
    expect(ds.meta.T).toBe(8);
    const all = (['train', 'valid', 'test'] as const).flatMap((k) => ds.splits[k].ids);
    expect(all.sort()).toEqual([...rows.map((_, i) => `s${i}`), 'empty'].sort());
    // "Good," is one step whose vector is good's (punctuation is not a token)
    const k = ds.splits.train.ids.findIndex((id) => id.startsWith('s'));
    const at = k * 8 * ds.meta.dims.l;
    expect(Array.from(ds.splits.train.l.subarray(at, at + TEXT_EXTRACTOR.vectorDims))).toEqual(Array.from(textVector('good')!));
  });

  it('a bad label fails the build naming the row, and leaves no output folder', async () => {
    const csv = path.join(root, 'badlabel.csv');
    writeFileSync(csv, '\uFEFFid,text,label,mode\nx1,"fine, ok",1,train\nx2,"way, too high",4,dev\n');
    const out = path.join(root, 'bad-out');
    await expect(buildTranscriptDataset(csv, out, {}, makeContext())).rejects.toThrow(/row 2 \(line 3\): label 4 is outside \[-3, 3\]/);
    expect(existsSync(out)).toBe(false);
  });

  it('cancel stops the build with Canceled and removes the partial folder', async () => {
    const ac = new AbortController();
    const out = path.join(root, 'canceled');
    const ctx = makeContext({
      signal: ac.signal,
      onProgress: (p) => {
        if (p.type === 'stage' && (p.fraction ?? 0) > 0.2) ac.abort();
      },
    });
    const err = await buildTranscriptDataset(dataPath('mosi/label.csv'), out, {}, ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).kind).toBe('Canceled');
    expect(readdirSync(root).filter((f) => f.startsWith('canceled'))).toEqual([]);
  });
});
