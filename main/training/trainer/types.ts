/**
 * The per-stage state a checkpoint carries and a run's result. Progress goes out as core Progress
 * events on ctx.onProgress (train-stage, train-batch, train-epoch) and ctx.signal is the only stop.
 */
import type { EpochRecord, LossTerms, MetricRecord, SourceValidation, TrainStage } from '../../core/context.ts';
import type { TrainConfig } from '../config.ts';

/** The network being trained (core/context.ts TrainStage). */
export type StageName = TrainStage;

// An epoch's record and its parts are defined next to the progress events that carry them.
export type { EpochRecord, LossTerms, MetricRecord, SourceValidation };

export interface StageState {
  status: 'pending' | 'running' | 'done';
  /** epochs completed (and checkpointed) */
  epochsDone: number;
  /** 1-based epoch of the best validation loss; 0 before the first */
  bestEpoch: number;
  bestValLoss: number | null;
  /** epochs since the best one (early stopping when it reaches patience) */
  sinceBest: number;
  earlyStopped: boolean;
  history: EpochRecord[];
}

export function freshStageState(): StageState {
  return { status: 'pending', epochsDone: 0, bestEpoch: 0, bestValLoss: null, sinceBest: 0, earlyStopped: false, history: [] };
}

/** stopped: ctx.signal ended the run; the checkpoint holds the last whole epoch (resume continues there). */
export type TrainStatus = 'completed' | 'stopped';

export interface TrainResult {
  status: TrainStatus;
  runDir: string;
  stages: Partial<Record<StageName, StageState>>;
  config: { train: TrainConfig };
  /** files written to runDir (absolute paths) */
  files: { checkpoint: string; run: string; teacher?: string; student?: string };
}
