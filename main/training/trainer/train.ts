/**
 * `trainCorrkd`: the CorrKD training run (DESIGN 6). Stage 1 trains the teacher on complete inputs;
 * stage 2 freezes it and trains the student (with MRM and the distillation losses) and the RCD
 * statistics networks. Everything that happens is a function of (config, data): a resumed run ends
 * with the same weights as one that was never interrupted (README.md in main/training).
 *
 * RUNDIR after a run: checkpoint.bin (resume state), run.json (summary, history), teacher.weights.bin,
 * student.weights.bin (best epochs' weights + what the export needs).
 *
 * Progress: ctx.onProgress gets train-stage, train-batch and train-epoch events (core/context.ts).
 * Stop: ctx.signal, seen after every batch and epoch; the run then returns status 'stopped' with the
 * last whole epoch's checkpoint as it is (run.json says stopped), and `resume: true` continues.
 * startTrainingRun (start-run.ts) is the front door the CLI and the window use.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { makeContext } from '../../core/context.ts';
import type { StageContext } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { parseConfig } from '../config.ts';
import type { CorrkdConfig } from '../config.ts';
import type { FeatureDataset } from '../../core/dataset/feature-dataset.ts';
import { createStatsNets } from '../losses/stats-net.ts';
import { sampleMrmMasks } from '../missingness/mrm.ts';
import { assignWeights, createNet, disposeParams, netFromArrays, readWeights } from '../model/params.ts';
import type { CorrkdNet, WeightArrays } from '../model/params.ts';
import { modelSpec } from '../model/spec.ts';
import type { ModelSpec } from '../model/spec.ts';
import { deriveSeed, Rng } from '../../core/rng.ts';
import { initTf } from '../tf/backend.ts';
import type { TfBackendPref } from '../tf/backend.ts';
import { Adam } from './adam.ts';
import { CHECKPOINT_KIND, CHECKPOINT_VERSION, RNG_SCHEME, configMismatch, dataFingerprint, loadCheckpoint, resumedConfig, saveCheckpoint } from './checkpoint.ts';
import type { CheckpointState } from './checkpoint.ts';
import { evaluateBySource, teacherOutputs } from './evaluate.ts';
import { runFiles, writeRunSummary } from './run-files.ts';
import { epochSize } from './epoch-samples.ts';
import { runStage } from './stage-loop.ts';
import type { StageHooks } from './stage-loop.ts';
import { studentStep, teacherStep } from './steps.ts';
import { freshStageState } from './types.ts';
import type { StageName, StageState, TrainResult } from './types.ts';
import { datasetSummary, readWeightsFile, writeWeightsFile } from './weights-file.ts';

export interface TrainOptions {
  runDir: string;
  /** partial config (defaults fill the rest); validated */
  config?: unknown;
  /** continue from RUNDIR/checkpoint.bin; without it an existing checkpoint is an error */
  resume?: boolean;
  /** with stages 'student': the trained teacher, when RUNDIR has no teacher.weights.bin */
  teacherWeights?: string;
  backend?: TfBackendPref;
}

function checkData(data: FeatureDataset): void {
  const { T, dims } = data.meta;
  if (!(T >= 1) || !(dims.l >= 1 && dims.a >= 1 && dims.v >= 1)) {
    throw new AppError('InvalidDataset', `Training data has T=${T} and dims l=${dims.l}, a=${dims.a}, v=${dims.v}; every one must be >= 1.`);
  }
  for (const s of ['train', 'valid', 'test'] as const) {
    const sp = data.splits[s];
    for (const m of ['l', 'a', 'v'] as const) {
      if (sp[m].length !== sp.n * T * dims[m]) throw new AppError('InvalidDataset', `Training data split '${s}' modality '${m}' has ${sp[m].length} values, expected n*T*dim = ${sp.n}*${T}*${dims[m]}.`);
    }
    if (sp.label.length !== sp.n) throw new AppError('InvalidDataset', `Training data split '${s}' has ${sp.label.length} labels for ${sp.n} samples.`);
  }
  if (data.splits.train.n < 2) throw new AppError('InvalidDataset', `Training needs at least 2 training samples, the data has ${data.splits.train.n}.`);
  const sources = data.meta.sources;
  if (sources) {
    for (const s of ['train', 'valid', 'test'] as const) {
      const total = sources.reduce((t, src) => t + src.n[s], 0);
      if (total !== data.splits[s].n) throw new AppError('InvalidDataset', `Training data split '${s}' has ${data.splits[s].n} samples but its sources list ${total}.`);
    }
    epochSize(data.splits.train.n, sources); // throws when the weights select fewer than 2 samples
  }
}

function sameSpec(a: ModelSpec, b: ModelSpec): boolean {
  return JSON.stringify({ ...a, dims: [a.dims.l, a.dims.a, a.dims.v] }) === JSON.stringify({ ...b, dims: [b.dims.l, b.dims.a, b.dims.v] });
}

export async function trainCorrkd(data: FeatureDataset, opts: TrainOptions, ctx: StageContext = makeContext()): Promise<TrainResult> {
  checkData(data);
  let config: CorrkdConfig = parseConfig(opts.config ?? {}, 'training options');
  const { tf } = await initTf(opts.backend);
  try {
    mkdirSync(opts.runDir, { recursive: true });
  } catch (e) {
    throw new AppError('FileUnreadable', `Cannot create run folder ${opts.runDir}: ${(e as Error).message}`, { file: opts.runDir, cause: e });
  }
  const files = runFiles(opts.runDir);
  const fingerprint = dataFingerprint(data);
  let ck: CheckpointState | null = null;
  if (existsSync(files.checkpoint)) {
    if (!opts.resume) {
      throw new AppError('InvalidArgument', `${opts.runDir} already holds a training run (checkpoint.bin); resume it or choose an empty folder.`, { file: files.checkpoint });
    }
    ck = loadCheckpoint(files.checkpoint);
    if (ck.meta.data.sha256 !== fingerprint.sha256) {
      throw new AppError('InvalidArgument', `Cannot resume ${opts.runDir}: the training data differs from the data it was started with.`, { file: files.checkpoint });
    }
    const diffs = configMismatch(ck.meta.config, config);
    if (diffs.length > 0) throw new AppError('InvalidArgument', `Cannot resume ${opts.runDir} with a different config: ${diffs.join('; ')}.`, { file: files.checkpoint });
    config = resumedConfig(ck.meta.config, config);
  }
  const cfg = config.train;
  const spec = modelSpec(config.model, data.meta.T, data.meta.dims);
  const sources = data.meta.sources;
  const seed = cfg.seed;
  const wantTeacher = cfg.stages !== 'student';
  const wantStudent = cfg.stages !== 'teacher';
  const stages: Record<StageName, StageState> = ck ? ck.meta.stages : { teacher: freshStageState(), student: freshStageState() };

  const teacher: CorrkdNet = ck ? netFromArrays(tf, spec, ck.teacher, files.checkpoint) : createNet(tf, spec, new Rng(deriveSeed(seed, 'init-teacher')));
  const student: CorrkdNet = ck ? netFromArrays(tf, spec, ck.student, files.checkpoint) : createNet(tf, spec, new Rng(deriveSeed(seed, 'init-student')));
  const stats = createStatsNets(new Rng(deriveSeed(seed, 'init-stats')), spec.classes);
  if (ck) {
    stats.target.setWeights(ck.stats.target);
    stats.nonTarget.setWeights(ck.stats.nonTarget);
  }
  let adam: Adam | null = null;
  const summary = (status: TrainResult['status']): TrainResult => {
    const result: TrainResult = {
      status,
      runDir: opts.runDir,
      stages: { ...(wantTeacher ? { teacher: stages.teacher } : {}), ...(wantStudent ? { student: stages.student } : {}) },
      config: { train: cfg },
      files: {
        checkpoint: files.checkpoint,
        run: files.run,
        ...(existsSync(files.teacher) ? { teacher: files.teacher } : {}),
        ...(existsSync(files.student) ? { student: files.student } : {}),
      },
    };
    writeRunSummary(files.run, { result, config, dataset: datasetSummary(data.meta, fingerprint.n), spec });
    return result;
  };
  const save = (running: StageName | null, best: WeightArrays | null): void => {
    saveCheckpoint(files.checkpoint, {
      meta: {
        kind: CHECKPOINT_KIND,
        version: CHECKPOINT_VERSION,
        updated: new Date().toISOString(),
        config,
        data: fingerprint,
        stages,
        running,
        adamStep: running && adam ? adam.step : 0,
        rng: { seed, scheme: RNG_SCHEME },
      },
      teacher: readWeights(teacher.params),
      student: readWeights(student.params),
      stats: { target: stats.target.getWeights(), nonTarget: stats.nonTarget.getWeights() },
      best: running ? best : null,
      adam: running && adam ? adam.getState() : null,
    });
  };
  const finalWeights = (role: StageName, net: CorrkdNet, file: string): void => {
    const st = stages[role];
    const last = st.history.find((r) => r.epoch === st.bestEpoch);
    writeWeightsFile(file, { role, config, dataset: datasetSummary(data.meta, fingerprint.n), best: { epoch: st.bestEpoch, valLoss: st.bestValLoss, val: last?.val ?? {} } }, spec, readWeights(net.params));
  };
  const adamOpts = { lr: cfg.lr, beta1: cfg.beta1, beta2: cfg.beta2, epsilon: cfg.adamEpsilon };
  /**
   * Runs one stage of `net` to its end, then writes its selected weights to `file`; false when
   * ctx.signal ended it first (the checkpoint has the state to resume from).
   */
  const trainStage = async (role: StageName, net: CorrkdNet, step: StageHooks['step'], validate: StageHooks['validate'], file: string): Promise<boolean> => {
    const hooks: StageHooks = {
      stage: role,
      spec,
      train: data.splits.train,
      valid: data.splits.valid,
      sources,
      step,
      validate,
      snapshot: () => readWeights(net.params),
      restore: (w) => assignWeights(tf, net.params, w),
      checkpoint: (_s, best) => save(role, best),
    };
    const out = await runStage(hooks, stages[role], cfg, ck?.meta.running === role ? ck.best : null, ctx);
    if (out.stopped) return false;
    adam?.dispose();
    adam = null;
    save(null, null);
    finalWeights(role, net, file);
    return true;
  };

  try {
    if (wantTeacher && stages.teacher.status !== 'done') {
      const vars = [...teacher.params.values()];
      adam = new Adam(tf, vars, adamOpts);
      if (ck?.meta.running === 'teacher' && ck.adam) adam.setState(ck.adam);
      const step: StageHooks['step'] = (b, rng) => teacherStep(teacher, vars, adam!, b, rng);
      const validate = () => evaluateBySource(teacher, data.splits.valid, sources, cfg.batchSize);
      if (!(await trainStage('teacher', teacher, step, validate, files.teacher))) return summary('stopped');
    }
    if (wantStudent && stages.student.status !== 'done') {
      if (!wantTeacher && stages.teacher.status !== 'done' && !(ck && ck.meta.running === 'student')) {
        const src = opts.teacherWeights ?? files.teacher;
        if (!existsSync(src)) throw new AppError('ModelMissing', `Training the student needs a trained teacher: ${src} does not exist (train stage 'teacher' first or pass the teacher weights).`, { file: src });
        const t = readWeightsFile(src);
        if (!sameSpec(t.spec, spec)) throw new AppError('ModelContractMismatch', `Teacher ${src} has a different architecture or input dims than this run's student.`, { file: src });
        assignWeights(tf, teacher.params, t.weights, src);
        stages.teacher.status = 'done';
      }
      // A student that starts (no student epoch done yet, not resuming mid-student) from the teacher's
      // weights when the config asks for it; its weights stay separate from then on.
      if (cfg.studentInit === 'teacher' && stages.student.epochsDone === 0 && ck?.meta.running !== 'student') {
        assignWeights(tf, student.params, readWeights(teacher.params), 'teacher weights (studentInit: teacher)');
      }
      const cache = teacherOutputs(teacher, data.splits.train, cfg.batchSize);
      const vars = [...student.params.values(), ...stats.target.variables(), ...stats.nonTarget.variables()];
      adam = new Adam(tf, vars, { ...adamOpts, lr: cfg.studentLr ?? cfg.lr });
      if (ck?.meta.running === 'student' && ck.adam) adam.setState(ck.adam);
      const parts = { student, statsTarget: stats.target, statsNonTarget: stats.nonTarget, vars, adam, cache, weights: cfg.weights, eta: cfg.eta, tau: cfg.tau };
      const step: StageHooks['step'] = (b, rng) => studentStep(parts, b, rng);
      // the same MRM masks every epoch (fresh generator per evaluation), so epochs compare
      const validate = () => {
        if (cfg.studentSelection === 'complete') return evaluateBySource(student, data.splits.valid, sources, cfg.batchSize);
        const r = new Rng(deriveSeed(seed, 'valid-mrm'));
        return evaluateBySource(student, data.splits.valid, sources, cfg.batchSize, (B, T, present) => sampleMrmMasks(r, B, T, present));
      };
      if (!(await trainStage('student', student, step, validate, files.student))) return summary('stopped');
    }
    return summary('completed');
  } finally {
    adam?.dispose();
    disposeParams(teacher.params);
    disposeParams(student.params);
    stats.target.dispose();
    stats.nonTarget.dispose();
  }
}
