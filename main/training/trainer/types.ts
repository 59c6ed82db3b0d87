/** Trainer events, callbacks and the per-stage state a checkpoint carries (STYLE 17: tfjs-layers callbacks). */
import type { TrainConfig } from '../config.ts';

export type StageName = 'teacher' | 'student';

/** Loss terms of one batch or their epoch means: always `total`; teacher adds ce, l1, task; student adds scd, cpd, rcd, miTarget, miNonTarget. */
export type LossTerms = Record<string, number>;

/** Validation metrics (regressionMetrics; NaN written as null so the record survives JSON). */
export type MetricRecord = Record<string, number | null>;

/** One source's part of an epoch's validation (merged data only). */
export interface SourceValidation {
  /** the source's path (DatasetMeta.sources) */
  name: string;
  /** its validation samples */
  n: number;
  /** its mean task loss; null when it has no validation samples */
  loss: number | null;
  val: MetricRecord;
}

export interface EpochRecord {
  /** 1-based */
  epoch: number;
  /** epoch means of the training loss terms (weighted by batch size) */
  train: LossTerms;
  /** the selection criterion: task loss (CE + L1) on the validation split (the student's with fixed MRM masks; with sources, their mean) */
  valLoss: number;
  val: MetricRecord;
  /**
   * with several sources: each one's validation; valLoss is then the mean of their losses (each
   * corpus counts equally, README "Several datasets in one run") and `val` the metrics over all rows
   */
  valSources?: SourceValidation[];
  seconds: number;
  steps: number;
  /** true when this epoch set a new best validation loss */
  improved: boolean;
}

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

export interface BatchEvent {
  stage: StageName;
  /** 1-based */
  epoch: number;
  epochs: number;
  /** 1-based within the epoch */
  step: number;
  steps: number;
  /** total optimizer steps of this stage so far */
  globalStep: number;
  losses: LossTerms;
}

export interface EpochEvent {
  stage: StageName;
  epochs: number;
  record: EpochRecord;
  bestEpoch: number;
  bestValLoss: number | null;
  /** this epoch ended the stage by early stopping */
  earlyStop: boolean;
}

/**
 * Progress and control. shouldStop is polled after every batch and every epoch: returning true ends
 * training at that point, keeping the last checkpoint (end of the last whole epoch) as it is, so
 * `resume: true` continues from there.
 */
export interface TrainCallbacks {
  onBatchEnd?: (e: BatchEvent) => void;
  onEpochEnd?: (e: EpochEvent) => void;
  shouldStop?: () => boolean;
}

export type TrainStatus = 'completed' | 'stopped';

export interface TrainResult {
  status: TrainStatus;
  runDir: string;
  stages: Partial<Record<StageName, StageState>>;
  config: { train: TrainConfig };
  /** files written to runDir (absolute paths) */
  files: { checkpoint: string; run: string; teacher?: string; student?: string };
}
