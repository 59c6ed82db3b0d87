import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../../main/core/errors.ts';
import { readTranscriptCsv } from '../../../../main/core/dataset/transcript-csv.ts';
import { assignSplits, seededSplit } from '../../../../main/core/dataset/split.ts';
import { dataPath } from '../../../helpers/data.ts';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'corrkd-csv-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function csv(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected a throw');
}

describe('transcript CSV: parsing', () => {
  it('reads the MOSI label.csv: 1281 train, 229 dev -> valid, no test row', () => {
    const t = readTranscriptCsv(dataPath('mosi/label.csv'), 0);
    const count = (s: string) => t.rows.filter((r) => r.split === s).length;
    expect(t.rows.length).toBe(1510);
    expect([count('train'), count('valid'), count('test')]).toEqual([1281, 229, 0]);
    expect(t.splitFrom).toBe('column');
    expect(t.rows[0]).toMatchObject({ id: '03bSnISJMiM_1', text: 'anyhow it was really good', label: 2.4, split: 'train', row: 1, line: 2 });
  });

  it('handles a BOM, CRLF, quoted commas, doubled quotes and a newline inside quotes; columns in any order', () => {
    const f = csv(
      'quoted.csv',
      '\uFEFFLabel,Text,ID,Mode\r\n' +
        '1.5,"well, it was ""fine""",a1,train\r\n' +
        '-0.25,"two\r\nlines",a2,dev\r\n' +
        '\r\n' +
        '3,plain,a3,TEST\r\n',
    );
    const t = readTranscriptCsv(f, 0);
    expect(t.rows.map((r) => [r.id, r.text, r.label, r.split, r.line])).toEqual([
      ['a1', 'well, it was "fine"', 1.5, 'train', 2],
      ['a2', 'two\r\nlines', -0.25, 'valid', 3],
      ['a3', 'plain', 3, 'test', 6],
    ]);
  });

  it('lists every bad row with its row and line number', () => {
    const f = csv(
      'bad.csv',
      'id,text,label,mode\n' +
        'ok1,fine,0.5,train\n' +
        'bad1,"too, high",3.5,train\n' +
        'bad2,not a number,abc,train\n' +
        'ok1,repeat,1,train\n' +
        'bad4,"multi\nline",1,holdout\n' +
        'bad5,short\n' +
        ',no id,1,train\n',
    );
    const e = thrown(() => readTranscriptCsv(f, 0));
    expect(e.kind).toBe('InvalidDataset');
    expect(e.file).toBe(f);
    expect(e.message).toContain('6 bad row(s)');
    expect(e.message).toContain('row 2 (line 3): label 3.5 is outside [-3, 3]');
    expect(e.message).toContain("row 3 (line 4): label 'abc' is not a number");
    expect(e.message).toContain("row 4 (line 5): id 'ok1' repeats row 1");
    expect(e.message).toContain("row 5 (line 6): mode 'holdout' is not one of");
    expect(e.message).toContain('row 6 (line 8): has 2 fields, the header has 4');
    expect(e.message).toContain('row 7 (line 9): id is empty');
  });

  it('names a missing column, an empty file and a broken quote', () => {
    expect(thrown(() => readTranscriptCsv(csv('nolabel.csv', 'id,text\na,b\n'), 0)).message).toMatch(
      /lacks column\(s\) label; expected id,text,label,\[mode\]/,
    );
    expect(thrown(() => readTranscriptCsv(csv('empty.csv', '\uFEFF\n'), 0)).kind).toBe('EmptyFile');
    const broken = thrown(() => readTranscriptCsv(csv('quote.csv', 'id,text,label\na,"unclosed,1\n'), 0));
    expect(broken.kind).toBe('InvalidDataset');
    expect(broken.message).toMatch(/not valid CSV/);
    expect(thrown(() => readTranscriptCsv(path.join(dir, 'missing.csv'), 0)).kind).toBe('FileUnreadable');
  });
});

describe('seeded 80/10/10 split', () => {
  it('is exact in size, deterministic per seed and different across seeds', () => {
    const a = seededSplit(1000, 1);
    expect(a.filter((s) => s === 'train').length).toBe(800);
    expect(a.filter((s) => s === 'valid').length).toBe(100);
    expect(a.filter((s) => s === 'test').length).toBe(100);
    expect(seededSplit(1000, 1)).toEqual(a);
    expect(seededSplit(1000, 2)).not.toEqual(a);
    expect(seededSplit(7, 0).filter((s) => s === 'train').length).toBe(6); // round(5.6)
  });

  it('a CSV without a mode column gets it; rows with a mode keep theirs', () => {
    const rows = Array.from({ length: 50 }, (_, i) => `r${i},word ${i},${((i % 13) - 6) / 2}`);
    const t = readTranscriptCsv(csv('nomode.csv', `id,text,label\n${rows.join('\n')}\n`), 3);
    expect(t.splitFrom).toBe('seeded');
    expect(t.rows.map((r) => r.split)).toEqual(seededSplit(50, 3));
    const mixed = assignSplits(['test', null, 'train', null], 0);
    expect([mixed[0], mixed[2]]).toEqual(['test', 'train']);
    expect([mixed[1], mixed[3]]).toEqual(seededSplit(2, 0));
    const m = readTranscriptCsv(csv('mixed.csv', 'id,text,label,mode\na,x,0,test\nb,y,1,\n'), 0);
    expect(m.splitFrom).toBe('column+seeded');
    expect(m.rows[0]!.split).toBe('test');
  });
});
