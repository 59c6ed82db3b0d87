/**
 * A stage is `(input, ctx) => Promise<output>` (STYLE habit 5). The same context type reaches every
 * stage, whether the caller is the CLI, the Electron main process, a batch job or a test.
 */
export type StageName =
  | 'probe'
  | 'decode'
  | 'vad'
  | 'transcript'
  | 'audio-features'
  | 'visual-features'
  | 'text-features'
  | 'align'
  | 'usability'
  | 'inference'
  | 'train'
  | 'export'
  | 'eval'
  | 'download';

/** Progress is a typed union (STYLE habit 10); fraction in [0, 1] when known. */
export type Progress =
  | { type: 'stage'; stage: StageName; fraction?: number; detail?: string }
  | { type: 'download'; file: string; loaded: number; total?: number }
  | TrainDataProgress
  | TrainStageProgress
  | TrainBatchProgress
  | TrainEpochProgress
  | { type: 'message'; text: string };

// ---- training (main/training: startTrainingRun, trainCorrkd) -----------------------------------
// A run emits train-data once, then per stage: train-stage running, per epoch its train-batch
// events and one train-epoch, and train-stage done (or stopped, when ctx.signal ended it).

/** The network being trained: the teacher first, then the student. */
export type TrainStage = 'teacher' | 'student';

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

/** One whole epoch, as the run's history (checkpoint, run.json) keeps it. */
export type EpochRecord = {
  /** 1-based */
  epoch: number;
  /** epoch means of the training loss terms (weighted by batch size) */
  train: LossTerms;
  /** the selection criterion: task loss (CE + L1) on the validation split (the student's with fixed MRM masks; with sources, their mean) */
  valLoss: number;
  val: MetricRecord;
  /**
   * with several sources: each one's validation; valLoss is then the mean of their losses (each
   * corpus counts equally, main/training/README.md "Several datasets in one run") and `val` the metrics over all rows
   */
  valSources?: SourceValidation[];
  seconds: number;
  steps: number;
  /** true when this epoch set a new best validation loss */
  improved: boolean;
};

type SplitSizes = {
  train: number;
  valid: number;
  test: number;
};

/** The run's data is loaded (before the first stage). */
export type TrainDataProgress = {
  type: 'train-data';
  /** the sources' paths joined with ' + ' (their weights when not all 1) */
  source: string;
  /** the TensorFlow.js backend the run uses */
  backend: string;
  T: number;
  /** modalities present in the data (l, a, v) */
  modalities: string[];
  n: SplitSizes;
  /** with several sources (or one with a weight other than 1): each one */
  sources: { name: string; weight: number; balance?: 'sign'; n: SplitSizes; modalities: string[] }[];
};

/** A stage starts (or resumes after `epochsDone` epochs), ends, or is stopped by the context's signal. */
export type TrainStageProgress = {
  type: 'train-stage';
  stage: TrainStage;
  /** done: the best epoch's weights are restored; stopped: the checkpoint holds the last whole epoch (resume continues there) */
  status: 'running' | 'done' | 'stopped';
  epochs: number;
  epochsDone: number;
  /** 1-based epoch of the best validation loss so far; 0 before the first */
  bestEpoch: number;
  bestValLoss: number | null;
  earlyStopped: boolean;
};

/** After every optimizer step. */
export type TrainBatchProgress = {
  type: 'train-batch';
  stage: TrainStage;
  /** 1-based */
  epoch: number;
  epochs: number;
  /** 1-based within the epoch */
  step: number;
  steps: number;
  /** optimizer steps of this stage so far, epochs of a resumed run included */
  globalStep: number;
  losses: LossTerms;
};

/** After every whole epoch, once its checkpoint is written: the epoch's record and the stage's best so far. */
export type TrainEpochProgress = EpochRecord & {
  type: 'train-epoch';
  stage: TrainStage;
  epochs: number;
  bestEpoch: number;
  bestValLoss: number | null;
  /** this epoch ended the stage by early stopping */
  earlyStop: boolean;
};

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Logger = (level: LogLevel, message: string) => void;

export interface StageContext {
  signal: AbortSignal;
  onProgress: (p: Progress) => void;
  log: Logger;
}

export const silentLogger: Logger = () => {};

/** A context for tests and scripts that do not care about progress. */
export function makeContext(partial: Partial<StageContext> = {}): StageContext {
  return {
    signal: partial.signal ?? new AbortController().signal,
    onProgress: partial.onProgress ?? (() => {}),
    log: partial.log ?? silentLogger,
  };
}
