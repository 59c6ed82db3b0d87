import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../../../main/core/store/open-store.ts';
import { ResultsRepo } from '../../../../main/core/store/results-repo.ts';
import { JobsRepo } from '../../../../main/core/store/jobs-repo.ts';
import { JobFilesRepo } from '../../../../main/core/store/job-files-repo.ts';
import { exportChunks } from '../../../../main/core/store/export.ts';
import { CSV_COLUMNS } from '../../../../main/core/store/export-columns.ts';
import { clipResultSchema, parseClipResult } from '../../../../main/core/result/schema.ts';

/** A small RFC 4180 reader, written independently of the writer under test. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) throw new Error(`CSV does not end with CRLF: ${JSON.stringify(text.slice(-40))}`);
  return rows;
}

/** A complete result object of DESIGN 8 schema 1 (as an earlier release stored it), with values chosen to exercise the CSV writer. */
const fullResult = {
  schema: 1,
  file: '/ignored/at/export.mp4',
  sha256: 'b'.repeat(64),
  durationSec: 7.5,
  model: { id: 'corrkd-student-mosi', version: '1.2.0', trainedModalities: ['l', 'a', 'v'] },
  device: { requested: 'auto', provider: 'cpu', skipped: [{ provider: 'cuda', reason: 'no CUDA device' }] },
  modalities: {
    text: { present: true, usable: true, usedByModel: true, coverage: 1, reason: null },
    audio: { present: true, usable: false, usedByModel: false, coverage: 0.05, reason: '-12 dB noise floor, "speech" too quiet' },
    visual: { present: false, usable: false, usedByModel: false, coverage: 0, reason: '=HYPERLINK("http://x")' },
  },
  transcript: { source: 'sidecar-srt', text: 'it was, "fine"' },
  score: -0.75,
  label: 'negative',
  class7: -1,
  probabilities: [0.01, 0.04, 0.6, 0.3, 0.03, 0.01, 0.01],
  contributions: { l: -0.4, a: -0.1, v: 0, la: -0.45, lv: -0.4, av: -0.1, lav: -0.5 },
  segments: [],
  timingsMs: { total: 1234 },
  warnings: [],
};

let dir: string;
let db: Database.Database;
let jobId: number;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'corrkd-export-'));
  db = openStore(path.join(dir, 'r.db'));
  const jobs = new JobsRepo(db);
  const files = new JobFilesRepo(db);
  const results = new ResultsRepo(db);
  const model = { id: 'corrkd-student-mosi', version: '1.2.0' };
  jobId = jobs.create({ folder: '/in', realpath: '/in' }, { model, optionsHash: 'o', concurrency: 1, perFileTimeoutMs: 'auto' }).id;
  const ok = files.ensure(jobId, '/in/=cmd|calc.mp4', 100, 1);
  const rid = results.putSucceeded({ sha256: 'a'.repeat(64), model, optionsHash: 'o' }, fullResult, {});
  files.finish(ok.id, { status: 'succeeded', sha256: 'a'.repeat(64), resultId: rid });
  const bad = files.ensure(jobId, '/in/new\nline, "quoted".mp4', 5, 1);
  files.finish(bad.id, { status: 'failed', error: { kind: 'NotMedia', message: '+sum(A1) is not media' } });
  const reused = files.ensure(jobId, '/in/copy.mp4', 100, 1);
  files.finish(reused.id, { status: 'skipped', sha256: 'a'.repeat(64), resultId: rid });
  files.ensure(jobId, '/in/zz-not-reached.mp4', 9, 1); // queued: the batch stopped before it
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const csvOf = (opts: { bom?: boolean } = {}) => [...exportChunks(db, { format: 'csv', ...opts })].join('');

describe('export CSV', () => {
  it('uses a fixture that is a valid result of schema 1, which reads as schema 2 without a prior', () => {
    expect(parseClipResult(fullResult)).toMatchObject({ schema: 2, score: -0.75, prior: null });
    expect(clipResultSchema.safeParse(fullResult).success).toBe(false); // only through the upgrade
  });

  it('leaves score, label, class, probabilities and empty subsets blank for a clip without evidence, and gives the prior', () => {
    const none = {
      ...fullResult,
      schema: 2,
      modalities: { ...fullResult.modalities, text: { present: true, usable: false, usedByModel: false, coverage: 0, reason: 'no transcript' } },
      score: null,
      label: null,
      class7: null,
      probabilities: null,
      prior: { score: 0.69, class7: 1, probabilities: [0.02, 0.1, 0.15, 0.18, 0.2, 0.3, 0.05] },
      contributions: { l: null, a: null, v: null, la: null, lv: null, av: null, lav: null },
    };
    expect(clipResultSchema.safeParse(none).success).toBe(true);
    db.prepare('UPDATE results SET result_json = ?').run(JSON.stringify(none));
    const [header, ...rows] = parseCsv(csvOf());
    const rec = Object.fromEntries(header!.map((h, i) => [h, rows.find((r) => r[0]!.includes('cmd|calc'))![i]]));
    expect(rec).toMatchObject({ status: 'succeeded', score: '', label: '', class7: '', p0: '', contrib_lav: '', prior_score: '0.69', text_reason: 'no transcript' });
  });

  it('has the documented columns and one row per input file', () => {
    const rows = parseCsv(csvOf());
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(1 + 4);
    for (const r of rows) expect(r).toHaveLength(CSV_COLUMNS.length);
  });

  it('flattens score, class, probabilities, modalities, contributions, duration, model and device', () => {
    const [header, ...rows] = parseCsv(csvOf());
    const rec = (r: string[]) => Object.fromEntries(header!.map((h, i) => [h, r[i]]));
    const ok = rec(rows.find((r) => r[0]!.includes('cmd|calc'))!);
    expect(ok).toMatchObject({
      status: 'succeeded',
      score: '-0.75',
      label: 'negative',
      class7: '-1',
      p0: '0.01',
      p2: '0.6',
      p6: '0.01',
      text_present: 'true',
      text_reason: '',
      audio_usable: 'false',
      audio_coverage: '0.05',
      visual_present: 'false',
      contrib_l: '-0.4',
      contrib_v: '0',
      contrib_lav: '-0.5',
      duration_sec: '7.5',
      model_id: 'corrkd-student-mosi',
      model_version: '1.2.0',
      device: 'cpu',
      prior_score: '', // schema 1 stored no prior
      error_kind: '',
    });
    const copy = rec(rows.find((r) => r[0] === '/in/copy.mp4')!);
    expect(copy.status).toBe('succeeded');
    expect(copy.score).toBe('-0.75');
  });

  it('escapes formula-looking TEXT cells with a leading quote but leaves negative numbers as numbers', () => {
    const [header, ...rows] = parseCsv(csvOf());
    const rec = (r: string[]) => Object.fromEntries(header!.map((h, i) => [h, r[i]]));
    const ok = rec(rows.find((r) => r[0]!.includes('cmd|calc'))!);
    // The path itself starts with '/', so only cells that START with = + - @ are escaped.
    expect(ok.file).toBe('/in/=cmd|calc.mp4');
    expect(ok.visual_reason).toBe(`'=HYPERLINK("http://x")`);
    expect(ok.audio_reason).toBe(`'-12 dB noise floor, "speech" too quiet`);
    expect(ok.score).toBe('-0.75');
    expect(ok.contrib_a).toBe('-0.1');
    const bad = rec(rows.find((r) => r[2] === 'failed')!);
    expect(bad.error_message).toBe(`'+sum(A1) is not media`);
  });

  it('quotes commas, quotes and newlines (RFC 4180) and ends records with CRLF', () => {
    const text = csvOf();
    expect(text).toContain('"/in/new\nline, ""quoted"".mp4"');
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text);
    expect(rows.map((r) => r[0])).toContain('/in/new\nline, "quoted".mp4');
  });

  it('is UTF-8 without a BOM by default, with one on request', () => {
    expect(csvOf().charCodeAt(0)).toBe('f'.charCodeAt(0));
    expect(csvOf({ bom: true }).charCodeAt(0)).toBe(0xfeff);
  });

  it('shows a file the batch never reached as not done, with a kind and a message', () => {
    const [header, ...rows] = parseCsv(csvOf());
    const pending = rows.find((r) => r[0] === '/in/zz-not-reached.mp4')!;
    const rec = Object.fromEntries(header!.map((h, i) => [h, pending[i]]));
    expect(rec.status).toBe('queued');
    expect(rec.error_kind).toBe('Canceled');
    expect(rec.error_message).toMatch(/--resume/);
  });
});

describe('export JSONL', () => {
  it('writes the result object (file = the input path) or {file, error:{kind, message}}, one per line', () => {
    const lines = [...exportChunks(db, { format: 'jsonl' })].join('').split('\n');
    expect(lines.at(-1)).toBe('');
    const objs = lines.slice(0, -1).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objs).toHaveLength(4);
    const ok = objs.find((o) => o.file === '/in/=cmd|calc.mp4')!;
    expect(ok).toMatchObject({ schema: 1, score: -0.75, probabilities: fullResult.probabilities, contributions: fullResult.contributions });
    const copy = objs.find((o) => o.file === '/in/copy.mp4')!;
    expect(copy.score).toBe(-0.75);
    const bad = objs.find((o) => o.file === '/in/new\nline, "quoted".mp4')!;
    expect(bad).toEqual({ file: '/in/new\nline, "quoted".mp4', error: { kind: 'NotMedia', message: '+sum(A1) is not media' } });
    expect(objs.find((o) => o.file === '/in/zz-not-reached.mp4')).toMatchObject({ error: { kind: 'Canceled' } });
  });

  it('names the problem when the store has no job, or the job id does not exist', () => {
    expect(() => [...exportChunks(db, { format: 'jsonl', jobId: 42 })]).toThrow(/No job with id 42/);
    const empty = openStore(path.join(dir, 'empty.db'));
    expect(() => [...exportChunks(empty, { format: 'csv' })]).toThrow(/holds no batch job yet/);
    empty.close();
  });

  it('fails loudly on a stored result that does not match the result schema where it flattens', () => {
    db.prepare(`UPDATE results SET result_json = '{"score":"very good"}'`).run();
    expect(() => csvOf()).toThrow(/does not match the result schema/);
  });
});
