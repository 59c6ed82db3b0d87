import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeContext } from '../../../../main/core/context.ts';
import { appendTranscriptSamples, buildTranscriptDataset, transcriptSpec } from '../../../../main/core/dataset/build-transcripts.ts';
import { readTranscriptCsv } from '../../../../main/core/dataset/transcript-csv.ts';
import { DatasetWriter } from '../../../../main/core/dataset/writer.ts';
import { AppError } from '../../../../main/core/errors.ts';
import type { SplitData } from '../../../../main/core/dataset/feature-dataset.ts';
import { evaluatePack } from '../../../../main/training/eval/evaluate-pack.ts';
import { loadEvalData } from '../../../../main/training/eval/eval-data.ts';
import { METRIC_KEYS, type MetricsJson } from '../../../../main/training/eval/metrics-json.ts';
import { readPackForEval } from '../../../../main/training/eval/pack-for-eval.ts';
import { conditionMasks, scoreSplit } from '../../../../main/training/eval/run-protocol.ts';
import { evaluateRun } from '../../../../main/training/eval/evaluate-run.ts';
import { ioFromSession, onnxScorer } from '../../../../main/training/eval/onnx-scorer.ts';
import { tfjsScorer } from '../../../../main/training/eval/tfjs-scorer.ts';
import { FIXED_CONDITIONS, INCOMPLETE_CONDITIONS, RANDOM_RATES } from '../../../../main/training/missingness/conditions.ts';
import { disposeParams, netFromArrays } from '../../../../main/training/model/params.ts';
import { initTf } from '../../../../main/training/tf/backend.ts';
import { runFiles } from '../../../../main/training/trainer/run-files.ts';
import { readWeightsFile } from '../../../../main/training/trainer/weights-file.ts';
import { makeTinyPack, type TinyPack } from './tiny-pack.ts';

let tiny: TinyPack;
let valid: SplitData;
beforeAll(async () => {
  tiny = await makeTinyPack();
  valid = tiny.data.splits.valid;
});
afterAll(() => {
  if (tiny) rmSync(tiny.dir, { recursive: true, force: true });
});

function zeros(split: SplitData): SplitData {
  return { ...split, l: new Float32Array(split.l.length), a: new Float32Array(split.a.length), v: new Float32Array(split.v.length) };
}

describe('evaluatePack: bad calls', () => {
  it('refuses a folder that is not a pack, naming the missing manifest', async () => {
    await expect(evaluatePack(tiny.dir, valid, 'complete')).rejects.toThrow(/manifest\.json is missing/);
  });

  it('refuses data whose feature dims do not match the pack (ModelContractMismatch)', async () => {
    const bad: SplitData = { ...valid, a: new Float32Array(valid.n * 50 * 3) };
    const err = await evaluatePack(tiny.packDir, bad, 'complete').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).kind).toBe('ModelContractMismatch');
    expect((err as AppError).message).toMatch(/'a'/);
  });

  it('refuses a pack whose student.onnx does not match its checksum, naming the file', async () => {
    const copy = path.join(tiny.dir, 'tampered');
    cpSync(tiny.packDir, copy, { recursive: true });
    const onnx = path.join(copy, 'student.onnx');
    const bytes = readFileSync(onnx);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    writeFileSync(onnx, bytes);
    const err = await evaluatePack(copy, valid, 'complete').catch((e: unknown) => e);
    expect((err as AppError).kind).toBe('ModelContractMismatch');
    expect((err as AppError).message).toMatch(/student\.onnx does not match its checksum/);
  });

  it('refuses an empty split (InvalidDataset)', async () => {
    const empty = tiny.data.splits.test; // the slice has no test rows
    expect(empty.n).toBe(0);
    await expect(evaluatePack(tiny.packDir, empty, 'fixed')).rejects.toMatchObject({ kind: 'InvalidDataset' });
  });
});

describe('evaluatePack: protocols on an exported student.onnx', () => {
  it('fixed: the seven conditions with exactly the DESIGN 8 keys; avg is the mean of the six; top level = complete', async () => {
    const r = await evaluatePack(tiny.packDir, valid, 'fixed');
    expect(r.provider).toBe('cpu');
    expect(Object.keys(r.conditions!)).toEqual([...FIXED_CONDITIONS]);
    for (const c of FIXED_CONDITIONS) expect(Object.keys(r.conditions![c])).toEqual([...METRIC_KEYS]);
    expect(Object.keys(r.avg!)).toEqual([...METRIC_KEYS]);
    for (const k of METRIC_KEYS) {
      const vals = INCOMPLETE_CONDITIONS.map((c) => r.conditions![c][k]);
      if (vals.some((v) => v === null)) expect(r.avg![k]).toBeNull();
      else expect(r.avg![k]).toBeCloseTo((vals as number[]).reduce((s, v) => s + v, 0) / 6, 12);
    }
    expect(r.metrics).toEqual(r.conditions!.lav);
    const complete = await evaluatePack(tiny.packDir, valid, 'complete');
    expect(complete.metrics).toEqual(r.conditions!.lav);
    expect(r.metrics.n).toBe(valid.n);
    for (const k of ['acc2_has0', 'f1_has0', 'acc7', 'acc5'] as const) {
      const v = r.metrics[k]!;
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });

  it('fixed: a kept-set without text equals feeding zeros (the slice is text-only, so a, v, av all see zeros)', async () => {
    const r = await evaluatePack(tiny.packDir, valid, 'fixed');
    const none = await evaluatePack(tiny.packDir, zeros(valid), 'complete');
    expect(r.conditions!.a).toEqual(none.metrics);
    expect(r.conditions!.av).toEqual(none.metrics);
    // text-only data: l, la, lv and lav see the same inputs
    expect(r.conditions!.l).toEqual(r.conditions!.lav);
    expect(r.conditions!.lv).toEqual(r.conditions!.lav);
  });

  it('random: p = 0.0 .. 1.0; p = 0 equals complete, p = 1 equals every modality zero', async () => {
    const r = await evaluatePack(tiny.packDir, valid, 'random', { seed: 5 });
    expect(r.rates!.map((x) => x.p)).toEqual([...RANDOM_RATES]);
    expect(r.seed).toBe(5);
    const complete = await evaluatePack(tiny.packDir, valid, 'complete');
    expect(r.rates![0]!.metrics).toEqual(complete.metrics);
    expect(r.metrics).toEqual(complete.metrics);
    const none = await evaluatePack(tiny.packDir, zeros(valid), 'complete');
    expect(r.rates![10]!.metrics).toEqual(none.metrics);
    expect(r.rates![10]!.metrics.corr).toBe(0); // one constant prediction for every sample
  });

  it('random: the same seed gives identical numbers, whatever the batch size; another seed gives other masks', async () => {
    const a = await evaluatePack(tiny.packDir, valid, 'random', { seed: 11 });
    const b = await evaluatePack(tiny.packDir, valid, 'random', { seed: 11, batchSize: 7 });
    expect(b.rates).toEqual(a.rates);
    const c = await evaluatePack(tiny.packDir, valid, 'random', { seed: 12 });
    const mid = (r: typeof a): MetricsJson[] => r.rates!.slice(1, 10).map((x) => x.metrics);
    expect(mid(c)).not.toEqual(mid(a));
  });

  it('takes a bare onnxruntime session too, with the same numbers', async () => {
    const info = readPackForEval(tiny.packDir);
    const session = await ort.InferenceSession.create(info.modelPath);
    try {
      const viaSession = await evaluatePack(session, valid, 'fixed');
      const viaDir = await evaluatePack(tiny.packDir, valid, 'fixed');
      expect(viaSession.conditions).toEqual(viaDir.conditions);
    } finally {
      await session.release();
    }
  });

  it('onnxruntime and the tfjs network (evaluateRun) agree under every fixed condition; scores within 1e-4', async () => {
    const tfRep = await evaluateRun(tiny.runDir, valid, 'fixed');
    const onnxRep = await evaluatePack(tiny.packDir, valid, 'fixed');
    expect(tfRep.runner).toMatch(/^tfjs .*\(student\)$/);
    for (const c of FIXED_CONDITIONS) {
      expect(tfRep.conditions![c].mae!).toBeCloseTo(onnxRep.conditions![c].mae!, 4);
      expect(tfRep.conditions![c].corr!).toBeCloseTo(onnxRep.conditions![c].corr!, 3);
    }
    const { tf } = await initTf();
    const w = readWeightsFile(runFiles(tiny.runDir).student);
    const net = netFromArrays(tf, w.spec, w.weights);
    const session = await ort.InferenceSession.create(readPackForEval(tiny.packDir).modelPath);
    try {
      const masks = conditionMasks('lv');
      const s1 = await scoreSplit(tfjsScorer(net), valid, masks, 16);
      const s2 = await scoreSplit(onnxScorer(session, ioFromSession(session)), valid, masks, 16);
      let worst = 0;
      for (let i = 0; i < s1.length; i++) worst = Math.max(worst, Math.abs(s1[i]! - s2[i]!));
      expect(worst).toBeLessThan(1e-4);
    } finally {
      disposeParams(net.params);
      await session.release();
    }
  });
});

describe('loadEvalData', () => {
  it('a transcript CSV is evaluated row for row (mode ignored) unless --split narrows it', async () => {
    const pack = readPackForEval(tiny.packDir);
    const all = await loadEvalData({ kind: 'transcripts', path: tiny.csv }, pack);
    expect(all.splitName).toBe('all');
    expect(all.split.n).toBe(104);
    expect(all.split.ids.slice(0, 2)).toEqual(tiny.data.splits.train.ids.slice(0, 2));
    const dev = await loadEvalData({ kind: 'transcripts', path: tiny.csv }, pack, 'valid');
    expect(dev.split.n).toBe(40);
    expect(Array.from(dev.split.label)).toEqual(Array.from(valid.label));
    await expect(loadEvalData({ kind: 'transcripts', path: tiny.csv }, pack, 'test')).rejects.toThrow(/'test' split has no samples/);
  });

  it('a feature dataset folder built for another T or dims is refused (ModelContractMismatch), one built to the contract is scored', async () => {
    const pack = readPackForEval(tiny.packDir);
    const t20 = path.join(tiny.dir, 'ds-t20');
    await buildTranscriptDataset(tiny.csv, t20, { T: 20 }, makeContext());
    const err = await loadEvalData({ kind: 'data', path: t20 }, pack).catch((e: unknown) => e);
    expect((err as AppError).kind).toBe('ModelContractMismatch');
    expect((err as AppError).message).toMatch(/T = 20 .*expects T = 50/);
    const wide = await loadEvalData({ kind: 'transcripts', path: tiny.csv }, { ...pack, dims: { ...pack.dims, l: 300 } }).catch((e: unknown) => e);
    expect((wide as AppError).kind).toBe('ModelContractMismatch');
    const t50 = path.join(tiny.dir, 'ds-t50');
    await buildTranscriptDataset(tiny.csv, t50, {}, makeContext());
    const ok = await loadEvalData({ kind: 'data', path: t50 }, pack, 'valid');
    expect(Array.from(ok.split.l)).toEqual(Array.from(valid.l));
  });

  it('a modality the folder does not have may declare other dims: it is fed as zeros of the pack dims, with a note', async () => {
    const pack = readPackForEval(tiny.packDir);
    const t50 = path.join(tiny.dir, 'ds-t50-absent');
    // a text-only folder whose (absent) audio declares another extractor with 3 dims, as an older build would
    const spec = transcriptSpec(tiny.csv, 50);
    const writer = new DatasetWriter(t50, { ...spec, modalities: { ...spec.modalities, a: { extractor: 'audio-v1', dim: 3 } } }, {});
    await appendTranscriptSamples(readTranscriptCsv(tiny.csv, 0), writer, 50, makeContext());
    writer.finish({ tool: 'test', seed: 0, failed: 0, durationSec: 0 });
    const ok = await loadEvalData({ kind: 'data', path: t50 }, pack, 'valid');
    expect(ok.split.a.length).toBe(ok.split.n * 50 * pack.dims.a);
    expect(ok.split.a.every((x) => x === 0)).toBe(true);
    expect(ok.notes.join(' ')).toMatch(/'a' is absent .*audio-v1, 3-d.*zeros of the pack's/);
    expect(Array.from(ok.split.l)).toEqual(Array.from(valid.l));
  });
});
