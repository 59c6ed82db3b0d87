import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDatasetConfig, withColumnRenames } from '../../../../main/core/dataset/dataset-config.ts';

describe('dataset config', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'corrkd-dsconfig-'));
  const write = (name: string, text: string): string => {
    const f = path.join(dir, name);
    writeFileSync(f, text);
    return f;
  };

  it('reads columns, emotion overrides, split lists and the text switch', () => {
    const f = write('ok.json', JSON.stringify({ columns: { speaker: 'actor' }, emotions: { calm: 0.5, surprised: null }, split: { seed: 3, test: ['15'] }, text: false }));
    expect(readDatasetConfig(f)).toEqual({ columns: { speaker: 'actor' }, emotions: { calm: 0.5, surprised: null }, split: { seed: 3, test: ['15'] }, text: false });
  });

  it('names the file and the field of every problem', () => {
    expect(() => readDatasetConfig(write('bad.json', '{"emotions": {"happy": 9}, "splits": {}}'))).toThrow(/bad\.json is not valid: .*emotions\.happy.*/);
    expect(() => readDatasetConfig(write('broken.json', '{'))).toThrow(/broken\.json is not valid JSON/);
    expect(() => readDatasetConfig(path.join(dir, 'missing.json'))).toThrow(/missing\.json cannot be read/);
  });

  it('renames columns and refuses unknown ones', () => {
    const spec = { required: { file: ['file', 'path'], emotion: ['emotion'] }, optional: { speaker: ['speaker'] } };
    expect(withColumnRenames(spec, { speaker: 'Actor' }).optional.speaker).toEqual(['actor']);
    expect(() => withColumnRenames(spec, { gender: 'sex' })).toThrow(/unknown column\(s\) gender; known: file, emotion, speaker/);
  });
});
