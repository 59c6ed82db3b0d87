/**
 * startTrainingRun, the one front door of `corrkd train` and the window's training worker: the
 * source resolver, the data event, the train-data.json record (written for a new run or a resume,
 * never over another run's), and a stop through the context's signal.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeContext } from '../../../../main/core/context.ts';
import type { Progress } from '../../../../main/core/context.ts';
import { readRunDataSource, resolveDataSource, resolveRunData } from '../../../../main/training/eval/run-data-source.ts';
import { loadCheckpoint } from '../../../../main/training/trainer/checkpoint.ts';
import { startTrainingRun } from '../../../../main/training/trainer/start-run.ts';
import { dataPath } from '../../../helpers/data.ts';

const CONFIG = { model: { d: 8, layers: 1, heads: 2 }, train: { epochs: 2, batchSize: 16, seed: 3 } };
let dir: string;
let csv: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'corrkd-start-run-'));
  const lines = readFileSync(dataPath('mosi', 'label.csv'), 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const train = lines.filter((l) => l.endsWith(',train')).slice(0, 32);
  const dev = lines.filter((l) => l.endsWith(',dev')).slice(0, 8);
  csv = path.join(dir, 'mosi-subset.csv');
  writeFileSync(csv, [lines[0]!, ...train, ...dev].join('\n') + '\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('resolveRunData: the one source resolver', () => {
  it('--data paths (with weights) are data sources, --transcripts a transcript source', () => {
    expect(resolveRunData({ data: ['a.csv', 'ds'] })).toEqual({ sources: [{ kind: 'data', path: 'a.csv', weight: 1 }, { kind: 'data', path: 'ds', weight: 1 }] });
    expect(resolveRunData({ data: ['a', 'b'], weights: [1, 0.5] }).sources.map((s) => s.weight)).toEqual([1, 0.5]);
    expect(resolveRunData({ transcripts: 't.csv' })).toEqual({ sources: [{ kind: 'transcripts', path: 't.csv', weight: 1 }] });
    expect(resolveDataSource({ data: 'x.csv' })).toEqual({ kind: 'data', path: 'x.csv' });
    expect(resolveDataSource({ transcripts: 'x.csv' })).toEqual({ kind: 'transcripts', path: 'x.csv' });
  });

  it('refuses none or both, weights with --transcripts, and a wrong number of weights', () => {
    expect(() => resolveRunData({})).toThrow(/exactly one of --data PATH .* or --transcripts CSV/);
    expect(() => resolveRunData({ data: ['a'], transcripts: 't.csv' })).toThrow(/exactly one/);
    expect(() => resolveRunData({ transcripts: 't.csv', weights: [1] })).toThrow(/--data-weights goes with --data/);
    expect(() => resolveRunData({ data: ['a', 'b'], weights: [1] })).toThrow(/--data-weights has 1 weight\(s\) for 2 --data source\(s\)/);
    expect(() => resolveDataSource({})).toThrow(/exactly one of --data PATH or --transcripts CSV/);
  });

  it('--data-balance marks sources to balance by label sign; one value per source, not with --transcripts', () => {
    expect(resolveRunData({ data: ['a', 'b'], balance: ['none', 'sign'] }).sources).toEqual([
      { kind: 'data', path: 'a', weight: 1 },
      { kind: 'data', path: 'b', weight: 1, balance: 'sign' },
    ]);
    expect(() => resolveRunData({ data: ['a', 'b'], balance: ['sign'] })).toThrow(/--data-balance has 1 value\(s\) for 2 --data source\(s\)/);
    expect(() => resolveRunData({ transcripts: 't.csv', balance: ['sign'] })).toThrow(/--data-balance goes with --data/);
  });
});

describe('startTrainingRun', () => {
  it('reports the data first, records the sources, trains; a folder with a run is refused without touching its record', async () => {
    const run = path.join(dir, 'run');
    const events: Progress[] = [];
    const r = await startTrainingRun(resolveRunData({ data: [csv] }), run, { config: CONFIG, backend: 'wasm' }, makeContext({ onProgress: (p) => events.push(p) }));
    expect(r).toMatchObject({ status: 'completed', backend: 'wasm', runDir: run });
    const train = events.filter((p) => p.type.startsWith('train-'));
    expect(events.slice(0, events.indexOf(train[0]!)).every((p) => p.type === 'stage')).toBe(true); // loading the data
    expect(train[0]).toEqual({ type: 'train-data', source: csv, backend: 'wasm', T: 50, modalities: ['l'], n: { train: 32, valid: 8, test: 0 }, sources: [] });
    expect(events.filter((p) => p.type === 'train-stage').map((p) => p.type === 'train-stage' && `${p.stage}:${p.status}`)).toEqual([
      'teacher:running',
      'teacher:done',
      'student:running',
      'student:done',
    ]);
    expect(readRunDataSource(run)).toEqual({ sources: [{ kind: 'data', path: path.resolve(csv), weight: 1 }] });

    const record = path.join(run, 'train-data.json');
    const before = statSync(record).mtimeMs;
    const other = path.join(dir, 'other.csv');
    writeFileSync(other, readFileSync(csv));
    await expect(startTrainingRun(resolveRunData({ transcripts: other }), run, { config: CONFIG, backend: 'wasm' })).rejects.toMatchObject({ kind: 'InvalidArgument' });
    expect(statSync(record).mtimeMs).toBe(before);
    expect(readRunDataSource(run)!.sources[0]!.path).toBe(path.resolve(csv));
  });

  it('a source balanced by sign is recorded with its balance and reported in the data event; the run trains', async () => {
    const run = path.join(dir, 'run-balanced');
    const events: Progress[] = [];
    const r = await startTrainingRun(resolveRunData({ data: [csv], balance: ['sign'] }), run, { config: { ...CONFIG, train: { ...CONFIG.train, epochs: 1 } }, backend: 'wasm' }, makeContext({ onProgress: (p) => events.push(p) }));
    expect(r.status).toBe('completed');
    expect(readRunDataSource(run)).toEqual({ sources: [{ kind: 'data', path: path.resolve(csv), weight: 1, balance: 'sign' }] });
    const data = events.find((p) => p.type === 'train-data');
    expect(data).toMatchObject({ sources: [{ name: csv, weight: 1, balance: 'sign', n: { train: 32 } }] });
  });

  it('an abort mid-epoch returns status stopped with the last whole epoch checkpointed; resume completes it', async () => {
    const run = path.join(dir, 'stopped');
    const ac = new AbortController();
    const onProgress = (p: Progress): void => {
      if (p.type === 'train-batch' && p.stage === 'student' && p.epoch === 2 && p.step === 1) ac.abort();
    };
    const src = resolveRunData({ data: [csv] });
    const r = await startTrainingRun(src, run, { config: CONFIG, backend: 'wasm' }, makeContext({ signal: ac.signal, onProgress }));
    expect(r.status).toBe('stopped');
    expect(r.stages.teacher?.status).toBe('done');
    expect(r.stages.student).toMatchObject({ status: 'running', epochsDone: 1 });
    const ck = loadCheckpoint(path.join(run, 'checkpoint.bin')).meta;
    expect(ck.running).toBe('student');
    expect(ck.stages.student.epochsDone).toBe(1);
    expect(JSON.parse(readFileSync(path.join(run, 'run.json'), 'utf8')).status).toBe('stopped');
    expect(readRunDataSource(run)).not.toBeNull(); // recorded before training: a stopped run can be exported

    const again = await startTrainingRun(src, run, { config: CONFIG, backend: 'wasm', resume: true });
    expect(again.status).toBe('completed');
    expect(again.stages.student!.history.map((h) => h.epoch)).toEqual([1, 2]);
  });
});
