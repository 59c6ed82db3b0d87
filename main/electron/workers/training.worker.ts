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
import { EPOCH_END_PREFIX } from './training-protocol.ts';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadRunData, writeRunDataSource } from '../../training/eval/run-data-source.ts';
import { runFiles } from '../../training/trainer/run-files.ts';
import type { EvalSource } from '../../training/eval/eval-data.ts';
import { trainCorrkd } from '../../training/trainer/train.ts';
import { exportModelPack } from '../../training/export/pack.ts';
import { evaluatePack, loadEvalData, readPackForEval } from '../../training/eval/index.ts';

export interface TrainArgs {
  data: string;
  runDir: string;
  config: { train: { epochs?: number; seed?: number; batchSize?: number } };
  resume: boolean;
}

export interface TrainSummary {
  status: 'completed' | 'stopped';
  runDir: string;
  history: { phase: 'teacher' | 'student'; epoch: number; train: Record<string, number>; valLoss: number; improved: boolean }[];
}

function stageCtx(ctx: WorkerCallContext) {
  return makeContext({ onProgress: (p) => ctx.progress(p), log: (level, message) => ctx.log(level, message) });
}

const api = {
  async train(args: TrainArgs, ctx: WorkerCallContext): Promise<TrainSummary> {
    const sctx = stageCtx(ctx);
    // as `corrkd train`: --transcripts for a CSV, --data otherwise; the source is recorded in the run
    const src: EvalSource = path.extname(args.data).toLowerCase() === '.csv' ? { kind: 'transcripts', path: args.data } : { kind: 'data', path: args.data };
    const data = await loadRunData(src, sctx);
    if (args.resume || !existsSync(runFiles(args.runDir).checkpoint)) {
      mkdirSync(args.runDir, { recursive: true });
      writeRunDataSource(args.runDir, src);
    }
    const result = await trainCorrkd(
      data,
      {
        runDir: args.runDir,
        config: args.config,
        resume: args.resume,
        callbacks: {
          // per-batch losses already arrive as the trainer's own `train` progress events (ctx.onProgress)
          onEpochEnd: (e) =>
            ctx.progress({
              type: 'message',
              text: `${EPOCH_END_PREFIX}${JSON.stringify({ phase: e.stage, epoch: e.record.epoch, epochs: e.epochs, train: e.record.train, valLoss: e.record.valLoss, improved: e.record.improved })}`,
            }),
        },
      },
      sctx,
    );
    const history = (['teacher', 'student'] as const).flatMap((phase) =>
      (result.stages[phase]?.history ?? []).map((r) => ({ phase, epoch: r.epoch, train: r.train, valLoss: r.valLoss, improved: r.improved })),
    );
    return { status: result.status, runDir: result.runDir, history };
  },

  async evaluate(args: { pack: string; data: string; protocol: 'fixed' | 'random' }, ctx: WorkerCallContext) {
    const sctx = stageCtx(ctx);
    const info = readPackForEval(args.pack);
    const src: EvalSource = path.extname(args.data).toLowerCase() === '.csv' ? { kind: 'transcripts', path: args.data } : { kind: 'data', path: args.data };
    const ev = await loadEvalData(src, info, undefined, sctx);
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
