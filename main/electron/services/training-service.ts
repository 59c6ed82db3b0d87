import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger, StageContext } from '../../core/context.ts';
import { AppError, toAppError } from '../../core/errors.ts';
import { forgetPacks } from '../../core/inference/pack.ts';
import { WorkerPool } from '../../core/threads/worker-pool.ts';
import type { DatasetBuildReply, EvalReport, ParsedArg, TrainState } from '../../../preload/contract.ts';
import type { ThrottledEmitter } from '../ipc/event-sink.ts';
import type { TrainingWorkerApi } from '../workers/training.worker.ts';
import { evaluationFile } from './model-packs.ts';

/** What the service uses of its worker pool. */
export type TrainingWorkers = Pick<WorkerPool<TrainingWorkerApi>, 'call' | 'close'>;

export interface TrainingDeps {
  emitter: ThrottledEmitter;
  log: Logger;
  locations: { evaluations: string };
  /** Builds the worker pool on first use; default two threads on training.worker.ts (tests pass a fake). */
  workers?: () => TrainingWorkers;
}

/** The training worker: main/electron/workers/ under tsx, dist/electron/workers/ in the bundle (build-electron.ts). */
function workerEntry(): URL {
  return import.meta.url.endsWith('.ts')
    ? new URL('../workers/training.worker.ts', import.meta.url)
    : new URL('../../workers/training.worker.js', import.meta.url);
}

/**
 * Dataset build, training, evaluation and export for the Models & training view, each the same
 * core call as its CLI command. Training, evaluation and export run in a worker thread (two: a
 * pack can be evaluated while a model trains); the dataset build runs its own worker pools.
 */
export class TrainingService {
  private pool: TrainingWorkers | null = null;
  private datasetAc: AbortController | null = null;
  private trainAc: AbortController | null = null;
  private state: TrainState = { running: false, runDir: null, last: null };

  constructor(private readonly deps: TrainingDeps) {}

  private workers(): TrainingWorkers {
    this.pool ??= this.deps.workers ? this.deps.workers() : new WorkerPool<TrainingWorkerApi>(workerEntry(), { size: 2, name: 'training' });
    return this.pool;
  }

  async buildDataset(arg: ParsedArg<'dataset:build'>): Promise<DatasetBuildReply> {
    if (this.datasetAc) throw new AppError('InvalidArgument', 'A dataset build is already running; cancel it first.');
    const ac = new AbortController();
    this.datasetAc = ac;
    const ctx: StageContext = {
      signal: ac.signal,
      log: this.deps.log,
      onProgress: (p) => {
        if (p.type === 'stage') this.deps.emitter.emit('dataset:progress', 'build', { stage: p.stage, fraction: p.fraction ?? null, detail: p.detail ?? null });
      },
    };
    try {
      const common = { T: undefined, seed: arg.seed, overwrite: arg.force };
      // The same builders `corrkd dataset build --csv|--transcripts` calls, loaded on use like there.
      const s =
        arg.kind === 'transcripts'
          ? await (await import('../../core/dataset/build-transcripts.ts')).buildTranscriptDataset(arg.csv, arg.out, common, ctx)
          : await (await import('../../core/dataset/build-clips.ts')).buildClipDataset(arg.csv, arg.out, common, ctx);
      return {
        out: s.out,
        samples: s.samples,
        splits: s.splits,
        failed: s.failed,
        failures: s.failures.map((f) => ({ file: f.file, kind: f.kind, reason: f.reason })),
        warnings: s.warnings,
      };
    } finally {
      this.datasetAc = null;
    }
  }

  cancelDataset(): { canceled: boolean } {
    if (!this.datasetAc) return { canceled: false };
    this.datasetAc.abort(new AppError('Canceled', 'Dataset build canceled from the window.'));
    return { canceled: true };
  }

  current(): TrainState {
    return { ...this.state };
  }

  start(arg: ParsedArg<'training:start'>): TrainState {
    if (this.trainAc) throw new AppError('InvalidArgument', `Training into ${this.state.runDir} is already running; stop it first.`);
    const ac = new AbortController();
    this.trainAc = ac;
    this.setState({ running: true, runDir: arg.out, last: this.state.last });
    const train = {
      ...(arg.epochs !== undefined ? { epochs: arg.epochs } : {}),
      ...(arg.seed !== undefined ? { seed: arg.seed } : {}),
      ...(arg.batchSize !== undefined ? { batchSize: arg.batchSize } : {}),
    };
    void this.workers()
      .call(
        'train',
        { data: arg.data, runDir: arg.out, config: { train }, resume: arg.resume },
        {
          signal: ac.signal,
          log: this.deps.log,
          // the trainer's own events, as the worker forwarded them
          onProgress: (p) => {
            if (p.type === 'train-batch') this.deps.emitter.emit('training:batch', p.stage, p);
            else if (p.type === 'train-epoch') this.deps.emitter.emit('training:epoch', `${p.stage}-${p.epoch}`, p, { final: true });
          },
        },
      )
      .then((r) => {
        const n = (stage: 'teacher' | 'student') => r.history.filter((h) => h.stage === stage).length;
        this.end({ status: r.status, message: `${r.status === 'completed' ? 'Completed' : 'Stopped'}: teacher ${n('teacher')} and student ${n('student')} epoch(s) in ${r.runDir}.` });
      })
      .catch((e: unknown) => {
        const err = toAppError(e);
        if (ac.signal.aborted) this.end({ status: 'stopped', message: `Stopped; the last whole epoch is checkpointed in ${arg.out}: start again with "resume" to continue.` });
        else this.end({ status: 'failed', message: `${err.kind}: ${err.message}` });
      });
    return this.current();
  }

  stop(): TrainState {
    this.trainAc?.abort(new AppError('Canceled', 'Training stopped from the window.'));
    return this.current();
  }

  async exportPack(arg: ParsedArg<'training:export'>): Promise<{ dir: string; id: string; version: string }> {
    const r = await this.workers().call('exportPack', { run: arg.run, out: arg.out }, { log: this.deps.log });
    forgetPacks(); // a pack replaced on disk must be verified again
    return r;
  }

  async evaluate(arg: ParsedArg<'training:evaluate'>): Promise<EvalReport> {
    const r = await this.workers().call('evaluate', arg, { log: this.deps.log });
    const report: EvalReport = JSON.parse(JSON.stringify(r.report)) as EvalReport; // drop undefined fields
    mkdirSync(this.deps.locations.evaluations, { recursive: true });
    writeFileSync(evaluationFile(this.deps.locations.evaluations, r.id, r.version, arg.protocol), `${JSON.stringify(report, null, 2)}\n`);
    for (const n of r.notes) this.deps.log('info', `evaluate ${path.basename(arg.pack)}: ${n}`);
    return report;
  }

  cancelAll(): void {
    this.cancelDataset();
    this.stop();
    void this.pool?.close();
    this.pool = null;
  }

  private end(last: NonNullable<TrainState['last']>): void {
    this.trainAc = null;
    this.setState({ running: false, runDir: this.state.runDir, last });
  }

  private setState(s: TrainState): void {
    this.state = s;
    this.deps.emitter.emit('training:state', 'state', s, { final: true });
  }
}
