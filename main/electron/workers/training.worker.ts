/**
 * Training, evaluation and pack export off the Electron main thread (STYLE habit 6): tfjs training
 * and onnxruntime runs occupy the thread they run on. The window's TrainingService calls these
 * through a WorkerPool (typed protocol, cancel = the worker is terminated; training keeps its last
 * whole-epoch checkpoint, so "resume" continues from there). Each method is what the CLI command
 * of the same name does.
 */
import type { WorkerCallContext } from '../../core/threads/protocol.ts';
import { serveWorker } from '../../core/threads/worker-host.ts';
import { makeContext } from '../../core/context.ts';
import type { TrainStage } from '../../core/context.ts';
import { resolveDataSource, resolveRunData } from '../../training/eval/run-data-source.ts';
import { startTrainingRun } from '../../training/trainer/start-run.ts';
import { exportModelPack } from '../../training/export/pack.ts';
import { evaluatePack, loadEvalData, readPackForEval } from '../../training/eval/index.ts';

export interface TrainArgs {
  /** a --data path: feature dataset folder, transcript CSV or pickle */
  data: string;
  runDir: string;
  config: { train: { epochs?: number; seed?: number; batchSize?: number } };
  resume: boolean;
}

export interface TrainSummary {
  status: 'completed' | 'stopped';
  runDir: string;
  history: { stage: TrainStage; epoch: number; train: Record<string, number>; valLoss: number; improved: boolean }[];
}

/** The caller's context in the worker: progress events (the train-* ones included) go back as they are. */
function stageCtx(ctx: WorkerCallContext) {
  return makeContext({ onProgress: (p) => ctx.progress(p), log: (level, message) => ctx.log(level, message) });
}

const api = {
  async train(args: TrainArgs, ctx: WorkerCallContext): Promise<TrainSummary> {
    const result = await startTrainingRun(resolveRunData({ data: [args.data] }), args.runDir, { config: args.config, resume: args.resume }, stageCtx(ctx));
    const history = (['teacher', 'student'] as const).flatMap((stage) =>
      (result.stages[stage]?.history ?? []).map((r) => ({ stage, epoch: r.epoch, train: r.train, valLoss: r.valLoss, improved: r.improved })),
    );
    return { status: result.status, runDir: result.runDir, history };
  },

  async evaluate(args: { pack: string; data: string; protocol: 'fixed' | 'random' }, ctx: WorkerCallContext) {
    const sctx = stageCtx(ctx);
    const info = readPackForEval(args.pack);
    const ev = await loadEvalData(resolveDataSource({ data: args.data }), info, undefined, sctx);
    const r = await evaluatePack(info, ev.split, args.protocol, { ctx: sctx });
    return { id: info.id, version: info.version, report: { n: r.n, metrics: r.metrics, conditions: r.conditions, avg: r.avg, rates: r.rates }, notes: ev.notes };
  },

  async exportPack(args: { run: string; out: string }, ctx: WorkerCallContext) {
    const r = await exportModelPack({ runDir: args.run, outDir: args.out }, stageCtx(ctx));
    return { dir: r.dir, id: r.manifest.id, version: r.manifest.version };
  },
};

export type TrainingWorkerApi = typeof api;

serveWorker(api);
