import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { makeContext } from '../../core/context.ts';
import type { Progress, TrainBatchProgress, TrainDataProgress, TrainEpochProgress } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { STAGES, type StageSelection } from '../../training/config.ts';
import type { StageName, StageState, TrainResult } from '../../training/trainer/types.ts';
import { TF_BACKEND_PREFS, type TfBackendPref } from '../../training/tf/backend-prefs.ts';
import { printJson, sigintController } from '../run.ts';
import { intOption } from '../options.ts';

interface TrainOpts {
  data: string[];
  dataWeights?: string;
  dataBalance?: string;
  transcripts?: string;
  out: string;
  epochs?: string;
  seed?: string;
  config?: string;
  stage?: string;
  resume?: boolean;
  backend?: string;
  teacher?: string;
  json?: boolean;
}

/**
 * `corrkd train (--data DIR|FILE [--data ...] [--data-weights W,...] [--data-balance none|sign,...] | --transcripts CSV) --out RUNDIR
 * [--epochs N] [--seed S] [--config FILE] [--stage teacher|student|both] [--resume] [--json]`
 * (DESIGN 8): CorrKD teacher then student. Several --data sources train as one run
 * (main/training/README.md "Several datasets in one run"); their paths and weights are recorded
 * in RUNDIR/train-data.json. Progress on stderr (each batch's loss terms on a terminal, one line per epoch always);
 * Ctrl+C stops after the current batch and keeps the last checkpoint (end of the last whole epoch),
 * so `--resume` continues from there.
 */
export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('train the CorrKD teacher and student (DESIGN 6) into a run folder')
    .option('--data <path>', 'feature dataset folder (corrkd dataset build), transcript CSV or MMSA/MulT pickle; repeat for several sources', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--data-weights <list>', 'sampling weight per --data source, comma-separated in --data order (default all 1): source i gives round(w_i * n_i) train samples per epoch')
    .option('--data-balance <list>', 'per --data source, comma-separated in --data order: sign = draw its epoch rows in equal numbers from its negative, zero and positive labels; none (default) = as they occur')
    .option('--transcripts <csv>', 'transcript-only CSV: id,text,label[,mode] (text-v2 features)')
    .requiredOption('--out <rundir>', 'run folder (checkpoint.bin, run.json, *.weights.bin)')
    .option('--epochs <n>', 'epochs per stage (default: config, 50)')
    .option('--seed <n>', 'training seed (default: config, 1)')
    .option('--config <file>', 'JSON training config: {"model": {...}, "train": {...}} (main/training/config.ts)')
    .option('--stage <stage>', `stages to run: ${STAGES.join('|')} (default: config, both)`)
    .option('--resume', 'continue the run in --out from its checkpoint')
    .option('--teacher <file>', "with --stage student: a trained teacher's weights file (default RUNDIR/teacher.weights.bin)")
    .option('--backend <name>', `TensorFlow.js backend: ${TF_BACKEND_PREFS.join('|')}`)
    .option('--json', 'print the final summary as one JSON document on stdout')
    .action(async (opts: TrainOpts) => {
      const { resolveRunData } = await import('../../training/eval/run-data-source.ts');
      const src = resolveRunData({ data: opts.data, transcripts: opts.transcripts, ...(opts.dataWeights === undefined ? {} : { weights: parseWeights(opts.dataWeights) }),
        ...(opts.dataBalance === undefined ? {} : { balance: parseBalance(opts.dataBalance) }),
      });
      const config = buildConfig(opts);
      const backend = opts.backend === undefined ? undefined : backendPref(opts.backend);
      const ac = sigintController();
      const progress = trainProgress();
      const ctx = makeContext({
        signal: ac.signal,
        onProgress: progress.onProgress,
        log: (level, message) => {
          if (level === 'warn' || level === 'error') progress.note(`${level}: ${message}`);
        },
      });
      const t0 = performance.now();
      const { startTrainingRun } = await import('../../training/trainer/start-run.ts');
      const result = await startTrainingRun(
        src,
        opts.out,
        {
          config,
          resume: Boolean(opts.resume),
          ...(opts.teacher ? { teacherWeights: opts.teacher } : {}),
          ...(backend ? { backend } : {}),
        },
        ctx,
      );
      progress.done();
      const seconds = (performance.now() - t0) / 1000;
      if (result.status === 'stopped' && ac.signal.aborted) {
        const done = (s: StageName) => result.stages[s]?.epochsDone ?? 0;
        throw new AppError('Canceled', `Training canceled after ${done('teacher')} teacher / ${done('student')} student epoch(s); the last checkpoint in ${opts.out} is kept (resume with --resume).`);
      }
      if (opts.json) printJson(summaryJson(result, seconds, result.backend));
      else process.stdout.write(summaryText(result, seconds));
    });
}

function parseWeights(raw: string): number[] {
  return raw.split(',').map((w) => {
    const v = Number(w.trim());
    if (w.trim() === '' || !Number.isFinite(v) || v <= 0) throw new AppError('InvalidArgument', `--data-weights must be numbers > 0 separated by commas, got '${raw}'.`);
    return v;
  });
}

function parseBalance(raw: string): ('none' | 'sign')[] {
  return raw.split(',').map((b) => {
    const v = b.trim();
    if (v !== 'none' && v !== 'sign') throw new AppError('InvalidArgument', `--data-balance takes none or sign per --data source, separated by commas, got '${raw}'.`);
    return v;
  });
}

function backendPref(raw: string): TfBackendPref {
  if (!(TF_BACKEND_PREFS as readonly string[]).includes(raw)) {
    throw new AppError('InvalidArgument', `--backend must be one of ${TF_BACKEND_PREFS.join(', ')}, got '${raw}'.`);
  }
  return raw as TfBackendPref;
}

/** The --config file (partial; validated by the trainer) with --epochs/--seed/--stage on top. */
function buildConfig(opts: TrainOpts): Record<string, unknown> {
  let file: Record<string, unknown> = {};
  if (opts.config) {
    let text: string;
    try {
      text = readFileSync(opts.config, 'utf8');
    } catch (e) {
      throw new AppError('FileUnreadable', `Cannot read ${opts.config}: ${(e as Error).message}`, { file: opts.config, cause: e });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new AppError('InvalidArgument', `${opts.config} is not valid JSON: ${(e as Error).message}`, { file: opts.config, cause: e });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new AppError('InvalidArgument', `${opts.config} must hold a JSON object {"model": {...}, "train": {...}}.`, { file: opts.config });
    }
    file = parsed as Record<string, unknown>;
  }
  const train = { ...((file.train as Record<string, unknown> | undefined) ?? {}) };
  if (opts.epochs !== undefined) train.epochs = intOption('--epochs', opts.epochs, 1, 100_000);
  if (opts.seed !== undefined) train.seed = intOption('--seed', opts.seed, 0, 0xffffffff);
  if (opts.stage !== undefined) {
    if (!(STAGES as readonly string[]).includes(opts.stage)) {
      throw new AppError('InvalidArgument', `--stage must be one of ${STAGES.join(', ')}, got '${opts.stage}'.`);
    }
    train.stages = opts.stage as StageSelection;
  }
  return { ...file, train };
}

const fmt = (v: number | null | undefined, digits = 4): string => (v === null || v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(digits));

/**
 * stderr progress from the run's events: the data line(s) once loaded; on a terminal one updating
 * line per batch (throttled to ~10/s) with every loss term, elsewhere a batch line at most every
 * 10 s; one line per epoch in both cases.
 */
function trainProgress(): { onProgress: (p: Progress) => void; note: (s: string) => void; done: () => void } {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  let open = false;
  const clear = (): void => {
    if (open) process.stderr.write('\r\x1b[2K');
    open = false;
  };
  const note = (s: string): void => {
    clear();
    process.stderr.write(`${s}\n`);
  };
  const data = (e: TrainDataProgress): void => {
    note(
      `data ${e.source}: train ${e.n.train}, valid ${e.n.valid}, test ${e.n.test}; T = ${e.T}; ` +
        `modalities ${e.modalities.join(', ') || 'none'}; tfjs backend ${e.backend}`,
    );
    for (const s of e.sources) {
      note(`  ${s.name}: weight ${s.weight}${s.balance ? ', balanced by sign' : ''}, train ${s.n.train}, valid ${s.n.valid}, test ${s.n.test}; modalities ${s.modalities.join(', ') || 'none'}`);
    }
  };
  const batch = (e: TrainBatchProgress): void => {
    const now = Date.now();
    if (now - last < (tty ? 100 : 10_000) && e.step !== e.steps) return;
    if (!tty && e.step === e.steps) return; // the epoch line follows
    last = now;
    const terms = Object.entries(e.losses).map(([k, v]) => `${k} ${fmt(v)}`).join('  ');
    const line = `${e.stage} epoch ${e.epoch}/${e.epochs} step ${e.step}/${e.steps}  ${terms}`;
    if (tty) {
      process.stderr.write(`\r\x1b[2K${line.slice(0, (process.stderr.columns ?? 120) - 1)}`);
      open = true;
    } else process.stderr.write(`${line}\n`);
  };
  const epoch = (e: TrainEpochProgress): void => {
    clear();
    const terms = Object.entries(e.train).filter(([k]) => k !== 'total').map(([k, v]) => `${k} ${fmt(v, 3)}`).join(' ');
    const bySource = e.valSources ? ` [${e.valSources.map((v) => `${path.basename(v.name)} ${fmt(v.loss)}`).join(', ')}]` : '';
    process.stderr.write(
      `${e.stage} epoch ${e.epoch}/${e.epochs}  train ${fmt(e.train.total)} (${terms})  valid ${fmt(e.valLoss)}${bySource}  ` +
        `F1(Non0) ${fmt(e.val.f1_non0 ?? null, 3)}  MAE ${fmt(e.val.mae ?? null, 3)}  ${e.seconds.toFixed(1)} s${e.improved ? '  *best' : ''}${e.earlyStop ? '  (early stop)' : ''}\n`,
    );
  };
  return {
    onProgress(p) {
      if (p.type === 'train-data') data(p);
      else if (p.type === 'train-batch') batch(p);
      else if (p.type === 'train-epoch') epoch(p);
    },
    note,
    done: clear,
  };
}

function stageJson(s: StageState) {
  const best = s.history.find((r) => r.epoch === s.bestEpoch);
  return {
    status: s.status,
    epochsDone: s.epochsDone,
    bestEpoch: s.bestEpoch,
    bestValLoss: s.bestValLoss,
    earlyStopped: s.earlyStopped,
    valid: best?.val ?? null,
    ...(best?.valSources ? { validBySource: best.valSources } : {}),
    seconds: Number(s.history.reduce((t, r) => t + r.seconds, 0).toFixed(3)),
  };
}

function summaryJson(r: TrainResult, seconds: number, backend: string) {
  return {
    status: r.status,
    runDir: r.runDir,
    backend,
    seconds: Number(seconds.toFixed(3)),
    config: r.config,
    stages: Object.fromEntries(Object.entries(r.stages).map(([k, s]) => [k, stageJson(s)])),
    files: r.files,
  };
}

function summaryText(r: TrainResult, seconds: number): string {
  const lines = [`run      ${r.runDir} (${r.status}, ${seconds.toFixed(1)} s)`];
  for (const [name, s] of Object.entries(r.stages)) {
    const j = stageJson(s);
    const v = j.valid;
    lines.push(
      `${name.padEnd(8)} ${j.epochsDone} epochs${j.earlyStopped ? ' (early stop)' : ''}, best epoch ${j.bestEpoch}: valid loss ${fmt(j.bestValLoss)}` +
        (v ? `, Acc-2/F1 (Non0) ${fmt(v.acc2_non0 ?? null, 3)}/${fmt(v.f1_non0 ?? null, 3)}, MAE ${fmt(v.mae ?? null, 3)}, Corr ${fmt(v.corr ?? null, 3)}` : ''),
    );
  }
  lines.push(`files    ${Object.values(r.files).join(', ')}`);
  if (r.stages.student?.status === 'done') lines.push(`next     corrkd export-onnx --run ${r.runDir} --out PACKDIR`);
  return `${lines.join('\n')}\n`;
}
