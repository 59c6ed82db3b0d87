/**
 * Speed figures for the CorrKD network (issue 3 item 8; never asserted in tests): training steps per
 * second for the teacher and the student (all loss terms on) at a given shape, and forward latency of
 * the student in tfjs and in onnxruntime-node. Inputs are seeded random features: speed does not
 * depend on the values. `npm run bench` calls benchCorrkd; its rows go to the bench table.
 */
import * as ort from 'onnxruntime-node';
import { AUDIO_V1_DIM } from '../core/features/audio/audio-v1-dims.ts';
import { TEXT_EXTRACTOR } from '../core/features/text/text-v1.ts';
import { VISUAL_V1_DIM } from '../core/features/visual/visual-v1-dims.ts';
import { parseConfig } from './config.ts';
import type { CorrkdConfigInput } from './config.ts';
import type { SplitData } from './data/types.ts';
import { buildCorrkdOnnx } from './export/corrkd-onnx.ts';
import { ONNX_INPUT_NAMES } from './export/corrkd-onnx.ts';
import { createStatsNets } from './losses/stats-net.ts';
import { forward } from './model/forward.ts';
import { createNet, disposeParams, readWeights } from './model/params.ts';
import { MODALITY_ORDER, countParams, modelSpec } from './model/spec.ts';
import type { ModelSpec } from './model/spec.ts';
import { Rng } from '../core/rng.ts';
import { initTf } from './tf/backend.ts';
import type { TfBackendPref } from './tf/backend.ts';
import { Adam } from './trainer/adam.ts';
import { gatherBatch } from './trainer/batches.ts';
import { teacherOutputs } from './trainer/evaluate.ts';
import { studentStep, teacherStep } from './trainer/steps.ts';
import { disposeInputs, inputTensors } from './trainer/tensors.ts';

export interface BenchOptions {
  batch?: number;
  T?: number;
  /** default: the v1 extractors' dims (text-v2, audio-v1, visual-v1) */
  dims?: { l: number; a: number; v: number };
  config?: CorrkdConfigInput;
  /** timed training steps per stage (after one warm-up step) */
  steps?: number;
  /** batch sizes for the forward latency */
  forwardBatches?: number[];
  /** timed forward runs per batch size (after one warm-up) */
  forwardRuns?: number;
  backend?: TfBackendPref;
  log?: (line: string) => void;
}

export interface BenchRow {
  what: string;
  batch: number;
  msPerRun: number;
  perSecond: number;
}

export interface BenchReport {
  backend: string;
  shape: { batch: number; T: number; dims: { l: number; a: number; v: number } };
  params: number;
  rows: BenchRow[];
}

function syntheticSplit(spec: ModelSpec, n: number, seed: number): SplitData {
  const rng = new Rng(seed);
  const f = (len: number): Float32Array => Float32Array.from({ length: len }, () => rng.normal());
  return {
    n,
    ids: Array.from({ length: n }, (_, i) => `bench-${i}`),
    label: Float32Array.from({ length: n }, () => 6 * rng.uniform() - 3),
    l: f(n * spec.T * spec.dims.l),
    a: f(n * spec.T * spec.dims.a),
    v: f(n * spec.T * spec.dims.v),
  };
}

function timeIt(runs: number, fn: () => void): number {
  fn(); // warm-up (kernel set-up, allocations)
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) fn();
  return (performance.now() - t0) / runs;
}

async function timeItAsync(runs: number, fn: () => Promise<void>): Promise<number> {
  await fn();
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) await fn();
  return (performance.now() - t0) / runs;
}

export async function benchCorrkd(opts: BenchOptions = {}): Promise<BenchReport> {
  const { tf, backend } = await initTf(opts.backend);
  const log = opts.log ?? (() => {});
  const batch = opts.batch ?? 128;
  const T = opts.T ?? 50;
  const dims = opts.dims ?? { l: TEXT_EXTRACTOR.dims, a: AUDIO_V1_DIM, v: VISUAL_V1_DIM }; // the v1 extractors' dims
  const config = parseConfig(opts.config ?? {}, 'bench options');
  const spec = modelSpec(config.model, T, dims);
  const steps = opts.steps ?? 3;
  const rows: BenchRow[] = [];
  const row = (what: string, b: number, ms: number): void => {
    rows.push({ what, batch: b, msPerRun: ms, perSecond: 1000 / ms });
    log(`${what} batch ${b}: ${ms.toFixed(1)} ms (${(1000 / ms).toFixed(2)}/s)`);
  };
  const split = syntheticSplit(spec, batch, 1);
  const rowsIdx = Int32Array.from({ length: batch }, (_, i) => i);
  const teacher = createNet(tf, spec, new Rng(2));
  const student = createNet(tf, spec, new Rng(3));
  const stats = createStatsNets(new Rng(4), spec.classes);
  const w = config.train;
  const adamOpts = { lr: w.lr, beta1: w.beta1, beta2: w.beta2, epsilon: w.adamEpsilon };
  const rng = new Rng(5);
  try {
    {
      const vars = [...teacher.params.values()];
      const adam = new Adam(tf, vars, adamOpts);
      row('train step: teacher (task loss)', batch, timeIt(steps, () => void teacherStep(teacher, vars, adam, gatherBatch(split, rowsIdx, T, dims), rng)));
      adam.dispose();
    }
    {
      const cache = teacherOutputs(teacher, split, batch);
      const vars = [...student.params.values(), ...stats.target.variables(), ...stats.nonTarget.variables()];
      const adam = new Adam(tf, vars, adamOpts);
      const parts = { student, statsTarget: stats.target, statsNonTarget: stats.nonTarget, vars, adam, cache, weights: w.weights, eta: w.eta, tau: w.tau };
      row('train step: student (MRM + task + SCD + CPD + RCD)', batch, timeIt(steps, () => void studentStep(parts, gatherBatch(split, rowsIdx, T, dims), rng)));
      adam.dispose();
    }
    const session = await ort.InferenceSession.create(buildCorrkdOnnx(spec, readWeights(student.params)));
    for (const b of opts.forwardBatches ?? [1, 128]) {
      const s = syntheticSplit(spec, b, 6);
      const runs = opts.forwardRuns ?? (b === 1 ? 20 : 3);
      const x = inputTensors(tf, spec, { l: s.l, a: s.a, v: s.v }, b);
      row('forward: student tfjs', b, timeIt(runs, () => {
        const o = forward(student, x);
        o.score.dataSync();
        tf.dispose([o.logits, o.probs, o.score, o.H, o.z.l, o.z.a, o.z.v]);
      }));
      disposeInputs(tf, x);
      const feeds = Object.fromEntries(MODALITY_ORDER.map((m) => [ONNX_INPUT_NAMES[m], new ort.Tensor('float32', s[m], [b, T, dims[m]])]));
      row('forward: student onnxruntime-node (cpu)', b, await timeItAsync(runs, async () => void (await session.run(feeds))));
    }
    await session.release();
  } finally {
    disposeParams(teacher.params);
    disposeParams(student.params);
    stats.target.dispose();
    stats.nonTarget.dispose();
  }
  return { backend, shape: { batch, T, dims }, params: countParams(spec), rows };
}
