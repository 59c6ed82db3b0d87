/**
 * Speed figures for the CorrKD network (issue 3 item 8; never asserted in tests): training steps of
 * the teacher and the student (all loss terms on) at a given shape, with the wasm kernels on and
 * off (tfjs ops only: the trainer before model/kernels existed), one-modality batches with and
 * without the shared encoding of absent rows, and forward latency of the student in tfjs and in
 * onnxruntime-node. Inputs are seeded random features: speed does not depend on the values.
 * `npm run bench -- training` prints these rows next to the PyTorch peer's (bench/training.ts).
 *
 * Each row has the wall-clock median and the process CPU time median per run: on a shared machine
 * the CPU time of this single-threaded process is the steadier of the two.
 */
import * as ort from 'onnxruntime-node';
import { AUDIO_V1_DIM } from '../main/core/features/audio/audio-v1-dims.ts';
import { TEXT_EXTRACTOR } from '../main/core/features/text/text-v2.ts';
import { VISUAL_V1_DIM } from '../main/core/features/visual/visual-v1-dims.ts';
import { parseConfig } from '../main/training/config.ts';
import type { CorrkdConfigInput } from '../main/training/config.ts';
import type { ModalityKey } from '../main/core/dataset/format.ts';
import type { SplitData } from '../main/core/dataset/feature-dataset.ts';
import { buildCorrkdOnnx } from '../main/training/export/corrkd-onnx.ts';
import { ONNX_INPUT_NAMES } from '../main/training/export/corrkd-onnx.ts';
import { createStatsNets } from '../main/training/losses/stats-net.ts';
import { taskLoss } from '../main/training/losses/task-loss.ts';
import { forward } from '../main/training/model/forward.ts';
import { setCorrkdKernelsEnabled } from '../main/training/model/kernels/register.ts';
import { createNet, disposeParams, readWeights } from '../main/training/model/params.ts';
import type { CorrkdNet } from '../main/training/model/params.ts';
import { MODALITY_ORDER, countParams, modelSpec } from '../main/training/model/spec.ts';
import type { ModelSpec } from '../main/training/model/spec.ts';
import { Rng } from '../main/core/rng.ts';
import { initTf } from '../main/training/tf/backend.ts';
import type { TfBackendPref } from '../main/training/tf/backend.ts';
import { Adam } from '../main/training/trainer/adam.ts';
import { absentRows, gatherBatch } from '../main/training/trainer/batches.ts';
import { teacherOutputs } from '../main/training/trainer/evaluate.ts';
import { studentStep, teacherStep } from '../main/training/trainer/steps.ts';
import { disposeInputs, inputTensors } from '../main/training/trainer/tensors.ts';

export interface BenchOptions {
  batch?: number;
  T?: number;
  /** default: the v1 extractors' dims (text-v2, audio-v1, visual-v1) */
  dims?: { l: number; a: number; v: number };
  config?: CorrkdConfigInput;
  /** timed training steps per stage (after one warm-up step) */
  steps?: number;
  /** also time the steps with the wasm kernels off (default true) */
  compareKernels?: boolean;
  /** batch sizes for the forward latency */
  forwardBatches?: number[];
  /** timed forward runs per batch size (after one warm-up) */
  forwardRuns?: number;
  backend?: TfBackendPref;
  /** also profile one teacher and one student step kernel by kernel (tf.profile) */
  profile?: boolean;
  log?: (line: string) => void;
}

/** Where one step's time goes: tfjs kernels by name (tf.profile), and the rest of the step. */
export interface StepProfile {
  stage: 'teacher' | 'student';
  /** wall time of the profiled step (profiling adds a little) */
  stepMs: number;
  kernels: { name: string; calls: number; ms: number }[];
}

/** What a row measures (bench/training.ts pairs rows with the PyTorch peer's keys by it). */
export type BenchKind = 'teacher' | 'student' | 'forward' | 'other';

export interface BenchRow {
  what: string;
  kind: BenchKind;
  batch: number;
  /** median wall-clock milliseconds per run */
  msPerRun: number;
  /** median CPU milliseconds of this process per run */
  cpuMsPerRun: number;
  perSecond: number;
}

export interface BenchReport {
  backend: string;
  shape: { batch: number; T: number; dims: { l: number; a: number; v: number } };
  params: number;
  rows: BenchRow[];
  profiles: StepProfile[];
}

async function profileStep(tf: Awaited<ReturnType<typeof initTf>>['tf'], stage: StepProfile['stage'], step: () => void): Promise<StepProfile> {
  step(); // warm-up
  const t0 = performance.now();
  const info = await tf.profile(step);
  const stepMs = performance.now() - t0;
  const byName = new Map<string, { calls: number; ms: number }>();
  for (const k of info.kernels) {
    // a custom gradient's scope is reported as 'unnamed scope' around kernels that are listed too
    if (k.name === 'unnamed scope') continue;
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    const e = byName.get(k.name) ?? { calls: 0, ms: 0 };
    byName.set(k.name, { calls: e.calls + 1, ms: e.ms + ms });
  }
  const kernels = [...byName].map(([name, e]) => ({ name, ...e })).sort((a, b) => b.ms - a.ms);
  return { stage, stepMs, kernels };
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

/** The split with each row keeping one modality (thirds: text, audio, visual), as a mix of one-modality corpora. */
function oneModalityRows(spec: ModelSpec, split: SplitData): SplitData {
  const out = { ...split, l: split.l.slice(), a: split.a.slice(), v: split.v.slice() };
  MODALITY_ORDER.forEach((m, k) => {
    const w = spec.T * spec.dims[m];
    for (let i = 0; i < split.n; i++) if (i % 3 !== k) out[m].fill(0, i * w, (i + 1) * w);
  });
  return out;
}

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;

function timeIt(runs: number, fn: () => void): { wall: number; cpu: number } {
  fn(); // warm-up (kernel set-up, allocations)
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const [w0, c0] = [performance.now(), cpuMs()];
    fn();
    wall.push(performance.now() - w0);
    cpu.push(cpuMs() - c0);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

async function timeItAsync(runs: number, fn: () => Promise<void>): Promise<{ wall: number; cpu: number }> {
  await fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const [w0, c0] = [performance.now(), cpuMs()];
    await fn();
    wall.push(performance.now() - w0);
    cpu.push(cpuMs() - c0);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

/** Forward + task loss + backward over every weight (no optimizer), with or without absentRows. */
function gradStep(net: CorrkdNet, split: SplitData, rows: Int32Array, rng: Rng, shareAbsent: boolean): void {
  const { tf, spec } = net;
  const b = gatherBatch(split, rows, spec.T, spec.dims);
  const x = inputTensors(tf, spec, b.x, b.size);
  const absent: Record<ModalityKey, Uint8Array> | undefined = shareAbsent ? absentRows(b.x, b.size) : undefined;
  const { value, grads } = tf.variableGrads(() => taskLoss(forward(net, x, { dropoutRng: rng, absentRows: absent }).logits, b.yClass, b.label).total, [...net.params.values()]);
  value.dataSync();
  tf.dispose([value, ...Object.values(grads)]);
  disposeInputs(tf, x);
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
  const row = (what: string, kind: BenchKind, b: number, t: { wall: number; cpu: number }): void => {
    rows.push({ what, kind, batch: b, msPerRun: t.wall, cpuMsPerRun: t.cpu, perSecond: 1000 / t.wall });
    log(`${what} batch ${b}: ${t.wall.toFixed(1)} ms wall, ${t.cpu.toFixed(1)} ms CPU`);
  };
  const split = syntheticSplit(spec, batch, 1);
  const rowsIdx = Int32Array.from({ length: batch }, (_, i) => i);
  const teacher = createNet(tf, spec, new Rng(2));
  const student = createNet(tf, spec, new Rng(3));
  const stats = createStatsNets(new Rng(4), spec.classes);
  const w = config.train;
  const adamOpts = { lr: w.lr, beta1: w.beta1, beta2: w.beta2, epsilon: w.adamEpsilon };
  const rng = new Rng(5);
  const profiles: StepProfile[] = [];
  const kernelModes = backend === 'wasm' && (opts.compareKernels ?? true) ? [true, false] : [true];
  try {
    for (const on of kernelModes) {
      setCorrkdKernelsEnabled(on);
      const note = on ? '' : ' [tfjs ops only: kernels off]';
      {
        const vars = [...teacher.params.values()];
        const adam = new Adam(tf, vars, adamOpts);
        row(`train step: teacher (task loss)${note}`, on ? 'teacher' : 'other', batch, timeIt(steps, () => void teacherStep(teacher, vars, adam, gatherBatch(split, rowsIdx, T, dims), rng)));
        if (on && opts.profile) profiles.push(await profileStep(tf, 'teacher', () => void teacherStep(teacher, vars, adam, gatherBatch(split, rowsIdx, T, dims), rng)));
        adam.dispose();
      }
      {
        const cache = teacherOutputs(teacher, split, batch);
        const vars = [...student.params.values(), ...stats.target.variables(), ...stats.nonTarget.variables()];
        const adam = new Adam(tf, vars, adamOpts);
        const parts = { student, statsTarget: stats.target, statsNonTarget: stats.nonTarget, vars, adam, cache, weights: w.weights, eta: w.eta, tau: w.tau };
        row(`train step: student (MRM + task + SCD + CPD + RCD)${note}`, on ? 'student' : 'other', batch, timeIt(steps, () => void studentStep(parts, gatherBatch(split, rowsIdx, T, dims), rng)));
        if (on && opts.profile) profiles.push(await profileStep(tf, 'student', () => void studentStep(parts, gatherBatch(split, rowsIdx, T, dims), rng)));
        adam.dispose();
      }
    }
    setCorrkdKernelsEnabled(true);
    const mixed = oneModalityRows(spec, split);
    for (const share of [true, false]) {
      const what = `forward+backward, one-modality rows (l/a/v thirds): ${share ? 'absent rows share one encoding' : 'every row encoded'}`;
      row(what, 'other', batch, timeIt(steps, () => gradStep(teacher, mixed, rowsIdx, rng, share)));
    }
    const session = await ort.InferenceSession.create(buildCorrkdOnnx(spec, readWeights(student.params)));
    for (const b of opts.forwardBatches ?? [1, 128]) {
      const s = syntheticSplit(spec, b, 6);
      const runs = opts.forwardRuns ?? (b === 1 ? 20 : 3);
      const x = inputTensors(tf, spec, { l: s.l, a: s.a, v: s.v }, b);
      row('forward: student tfjs', 'forward', b, timeIt(runs, () => {
        const o = forward(student, x);
        o.score.dataSync();
        tf.dispose([o.logits, o.probs, o.score, o.H, o.z.l, o.z.a, o.z.v]);
      }));
      disposeInputs(tf, x);
      const feeds = Object.fromEntries(MODALITY_ORDER.map((m) => [ONNX_INPUT_NAMES[m], new ort.Tensor('float32', s[m], [b, T, dims[m]])]));
      row('forward: student onnxruntime-node (cpu)', 'other', b, await timeItAsync(runs, async () => void (await session.run(feeds))));
    }
    await session.release();
  } finally {
    setCorrkdKernelsEnabled(true);
    disposeParams(teacher.params);
    disposeParams(student.params);
    stats.target.dispose();
    stats.nonTarget.dispose();
  }
  return { backend, shape: { batch, T, dims }, params: countParams(spec), rows, profiles };
}
