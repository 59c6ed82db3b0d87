import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeContext } from '../../../../main/core/context.ts';
import { buildClipDataset } from '../../../../main/core/dataset/build-clips.ts';
import { buildEmotionAudioDataset } from '../../../../main/core/dataset/build-emotion-audio.ts';
import { readEmotionAudioCsv } from '../../../../main/core/dataset/emotion-audio-csv.ts';
import { readFeatureDataset } from '../../../../main/core/dataset/reader.ts';
import { EXTRACTORS } from '../../../../main/core/features/extractors.ts';
import { ffmpegPath } from '../../../../main/core/media/ffmpeg-paths.ts';
import { createPipelineWorkers } from '../../../../main/core/pipeline/worker-pools.ts';
import { dataPath } from '../../../helpers/data.ts';

// one set of pipeline threads for the file's builds (a build without them starts and closes its own)
const workers = createPipelineWorkers();

/**
 * Real RAVDESS clips (actors 1, 2, 13, 14; the held-out actors 15-18 are not used) through the real
 * pipeline: labels from the emotion table, splits by actor, the sentence as the transcript or not.
 */
let dir = '';
const savedCache = process.env.CORRKD_CACHE_DIR;
const RAV = (actor: number, code: string): string => path.join(`Actor_${String(actor).padStart(2, '0')}`, `03-01-${code}-${String(actor).padStart(2, '0')}.flac`);
// code = emotion-intensity-statement-repetition: 03 happy, 04 sad, 05 angry, 08 surprised
const ROWS = [
  [1, '03-02-01-01', 'happy', 'strong'],
  [1, '04-01-02-01', 'sad', 'normal'],
  [2, '05-02-01-01', 'angry', 'strong'],
  [2, '08-01-01-01', 'surprised', 'normal'],
  [13, '03-01-01-01', 'happy', 'normal'],
  [14, '04-02-02-02', 'sad', 'strong'],
] as const;
const TEXT = { '01': 'Kids are talking by the door', '02': 'Dogs are sitting by the door' } as const;

const count = (flags: Uint8Array | undefined): number => (flags ?? new Uint8Array(0)).reduce((a, b) => a + b, 0);

function writeCsv(name: string, header: string, lines: string[]): string {
  const csv = path.join(dir, name);
  writeFileSync(csv, `${header}\n${lines.join('\n')}\n`);
  return csv;
}

function ravdessLines(): string[] {
  const root = dataPath('ravdess_speech');
  return ROWS.map(([actor, code, emotion, intensity]) => {
    const rel = path.relative(dir, path.join(root, RAV(actor, code))).replace(/\\/g, '/');
    return `${rel},${actor},${emotion},${intensity},${TEXT[code.slice(6, 8) as '01' | '02']}`;
  });
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'corrkd-emotion-'));
  process.env.CORRKD_CACHE_DIR = path.join(dir, 'cache');
});
afterAll(async () => {
  await workers.close();
  if (savedCache === undefined) delete process.env.CORRKD_CACHE_DIR;
  else process.env.CORRKD_CACHE_DIR = savedCache;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('emotion-audio CSV (labels and speaker splits, no media read)', () => {
  it('maps emotions through the table, leaves surprised out and reports a bad row', () => {
    const csv = writeCsv('rows.csv', 'file,actor,emotion,intensity,text', [...ravdessLines(), 'x.flac,3,elated,normal,hi', 'y.flac,3,sad,furious,hi']);
    const r = readEmotionAudioCsv(csv, { seed: 0, config: { columns: { speaker: 'actor' } } });
    expect(r.rows.map((x) => x.label)).toEqual([3, -2, -3, 2, -3]);
    expect(r.skipped).toEqual({ surprised: 1 });
    expect(r.failures.map((f) => f.row)).toEqual([7, 8]);
    expect(r.failures[0]!.reason).toMatch(/emotion 'elated' is not in the emotion-to-sentiment table/);
    expect(r.failures[1]!.reason).toMatch(/intensity 'furious' is not known/);
    expect(r.rows[0]!.transcript).toBe('Kids are talking by the door');
    expect(r.usedText).toBe(true);
  });

  it('never puts one speaker in two splits: seeded over speakers, or the config lists', () => {
    const csv = writeCsv('rows2.csv', 'file,speaker,emotion,intensity,text', ravdessLines());
    for (const seed of [0, 1, 2, 3]) {
      const r = readEmotionAudioCsv(csv, { seed });
      const splitOf = new Map<string, Set<string>>();
      r.rows.forEach((row) => {
        const actor = row.rel.match(/Actor_(\d\d)/)![1]!;
        if (!splitOf.has(actor)) splitOf.set(actor, new Set());
        splitOf.get(actor)!.add(row.split);
      });
      for (const s of splitOf.values()) expect(s.size).toBe(1);
    }
    const listed = readEmotionAudioCsv(csv, { seed: 0, config: { split: { valid: ['13'], test: ['14'] }, emotions: { happy: 1 } }, noText: true });
    expect(listed.speakers).toEqual({ train: ['1', '2'], valid: ['13'], test: ['14'] });
    expect(listed.rows.map((x) => x.split)).toEqual(['train', 'train', 'train', 'valid', 'test']);
    expect(listed.rows[0]!.label).toBe(1); // the override wins over the table's +3
    expect(listed.rows.every((x) => x.transcript === undefined)).toBe(true);
    expect(() => readEmotionAudioCsv(csv, { seed: 0, config: { split: { valid: ['13'], test: ['13'] } } })).toThrow(/listed under both valid and test/);
  });
});

describe('dataset build --emotion-audio (real RAVDESS clips through the pipeline)', () => {
  it('builds audio+text samples split by actor, the held-out speakers in test, a bad row reported', async () => {
    const csv = writeCsv('ravdess.csv', 'file,actor,emotion,intensity,text', [...ravdessLines(), 'Actor_99/missing.flac,99,happy,normal,Kids are talking by the door']);
    const out = path.join(dir, 'ds-text');
    const s = await buildEmotionAudioDataset(csv, out, { config: { columns: { speaker: 'actor' }, split: { valid: ['13'], test: ['14', '99'] } } }, { ...makeContext(), workers });
    expect(s.failures.map((f) => [f.row, f.kind])).toEqual([[7, 'FileUnreadable']]);
    expect(s.warnings.join('\n')).toMatch(/1 row\(s\) left out: 'surprised'/);
    expect(s.warnings.join('\n')).toMatch(/speakers: train 1 2; valid 13; test 14 99/);
    const ds = readFeatureDataset(out);
    expect(ds.meta.extractors.a).toBe(EXTRACTORS.audio.id);
    expect(ds.meta.dims.a).toBe(EXTRACTORS.audio.dim);
    expect(s.header.build?.tool).toBe('corrkd dataset build --emotion-audio');
    const actorsOf = (split: 'train' | 'valid' | 'test') => new Set(ds.splits[split].ids.map((id) => id.match(/Actor_(\d\d)/)![1]));
    expect([...actorsOf('train')].sort()).toEqual(['01', '02']);
    expect([...actorsOf('valid')]).toEqual(['13']);
    expect([...actorsOf('test')]).toEqual(['14']);
    // every sample has voice and the sentence's words; the face is absent (audio files)
    expect(count(ds.splits.train.present?.a)).toBe(ds.splits.train.n);
    expect(count(ds.splits.train.present?.l)).toBe(ds.splits.train.n);
    expect(count(ds.splits.train.present?.v)).toBe(0);
    expect([...new Set(ds.splits.train.label)].sort((a, b) => a - b)).toEqual([-3, -2, 3]);
  });

  it('builds audio-only samples with --no-text', async () => {
    const csv = writeCsv('ravdess2.csv', 'file,actor,emotion,intensity,text', ravdessLines());
    const out = path.join(dir, 'ds-audio');
    const s = await buildEmotionAudioDataset(csv, out, { noText: true, config: { columns: { speaker: 'actor' }, split: { valid: ['13'], test: ['14'] } } }, { ...makeContext(), workers });
    expect(s.failed).toBe(0);
    const ds = readFeatureDataset(out);
    for (const split of ['train', 'valid', 'test'] as const) {
      expect(count(ds.splits[split].present?.l)).toBe(0);
      expect(count(ds.splits[split].present?.a)).toBe(ds.splits[split].n);
    }
  });
});

describe('dataset build --csv with audio files', () => {
  it('accepts flac, wav, mp3, m4a and ogg clips (voice present, face absent)', async () => {
    const flac = dataPath('ravdess_speech', RAV(1, '03-02-01-01'));
    const made = { 'a.mp3': ['-c:a', 'libmp3lame'], 'a.m4a': ['-c:a', 'aac'], 'a.ogg': ['-c:a', 'libvorbis'] } as const;
    for (const [name, codec] of Object.entries(made)) {
      execFileSync(ffmpegPath(), ['-nostdin', '-v', 'error', '-i', flac, ...codec, path.join(dir, name)]);
    }
    const wav = path.relative(dir, dataPath('mosi/raw/03bSnISJMiM_1.wav'));
    const csv = writeCsv('audio.csv', 'path,label,split', [
      `${path.relative(dir, flac)},3,train`,
      `${wav},2.4,train`,
      'a.mp3,3,valid',
      'a.m4a,3,test',
      'a.ogg,3,train',
    ]);
    const s = await buildClipDataset(csv, path.join(dir, 'ds-csv'), {}, { ...makeContext(), workers });
    expect(s.failures).toEqual([]);
    const ds = readFeatureDataset(path.join(dir, 'ds-csv'));
    for (const split of ['train', 'valid', 'test'] as const) {
      expect(ds.splits[split].n).toBeGreaterThan(0);
      expect(count(ds.splits[split].present?.a)).toBe(ds.splits[split].n);
      expect(count(ds.splits[split].present?.v)).toBe(0);
    }
  });
});
