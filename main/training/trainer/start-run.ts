/**
 * `startTrainingRun`: the one front door of a training run, called by `corrkd train` and by the
 * window's training worker. It loads the run's sources (resolved by resolveRunData,
 * eval/run-data-source.ts), reports them (a train-data progress event), records them in
 * RUNDIR/train-data.json, and trains (trainCorrkd). Progress and stop are the context's:
 * ctx.onProgress gets the train-* events, ctx.signal stops the run (status 'stopped', the last whole
 * epoch's checkpoint kept).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { makeContext } from '../../core/context.ts';
import type { StageContext, TrainDataProgress } from '../../core/context.ts';
import type { FeatureDataset } from '../../core/dataset/feature-dataset.ts';
import { AppError } from '../../core/errors.ts';
import { describeRunData, loadRunData, writeRunDataSource } from '../eval/run-data-source.ts';
import type { RunData } from '../eval/run-data-source.ts';
import { initTf } from '../tf/backend.ts';
import { runFiles } from './run-files.ts';
import { trainCorrkd } from './train.ts';
import type { TrainOptions } from './train.ts';
import type { TrainResult } from './types.ts';

export type StartRunOptions = Omit<TrainOptions, 'runDir'>;

/** The run's result and the TensorFlow.js backend it trained on. */
export interface StartedRun extends TrainResult {
  backend: string;
}

function splitSizes(n: { train: { n: number }; valid: { n: number }; test: { n: number } }): TrainDataProgress['n'] {
  return { train: n.train.n, valid: n.valid.n, test: n.test.n };
}

function dataEvent(source: RunData, data: FeatureDataset, backend: string): TrainDataProgress {
  return {
    type: 'train-data',
    source: describeRunData(source),
    backend,
    T: data.meta.T,
    modalities: [...data.meta.modalitiesPresent],
    n: splitSizes(data.splits),
    sources: (data.meta.sources ?? []).map((s) => ({ name: s.name, weight: s.weight, ...(s.balance ? { balance: s.balance } : {}), n: { ...s.n }, modalities: [...s.modalitiesPresent] })),
  };
}

export async function startTrainingRun(source: RunData, runDir: string, options: StartRunOptions = {}, ctx: StageContext = makeContext()): Promise<StartedRun> {
  const data = await loadRunData(source, ctx);
  const { backend } = await initTf(options.backend);
  ctx.onProgress(dataEvent(source, data, backend));
  // Recorded before training, so a stopped run can still be exported; never over another run's
  // record (a folder holding a checkpoint is only written to when resuming it).
  if (options.resume || !existsSync(runFiles(runDir).checkpoint)) {
    try {
      mkdirSync(runDir, { recursive: true });
    } catch (e) {
      throw new AppError('FileUnreadable', `Cannot create run folder ${runDir}: ${(e as Error).message}`, { file: runDir, cause: e });
    }
    writeRunDataSource(runDir, source);
  }
  const result = await trainCorrkd(data, { ...options, runDir }, ctx);
  return { ...result, backend };
}
