/**
 * The data that crosses the IPC boundary (responses and events), as plain serialisable types.
 * Only types: the renderer imports them through contract.ts; main builds them from the core's own
 * records. Arguments (renderer -> main) are zod schemas in contract.ts, since they are untrusted.
 */
import type { ClipResult, ClipSegment } from '../main/core/result/schema.ts';
import type { StageName, TrainBatchProgress, TrainEpochProgress } from '../main/core/context.ts';
import type { ErrorKind } from '../main/core/errors.ts';
import type { BatchProgress } from '../main/core/jobs/batch-progress.ts';
import type { LiveProgress } from '../main/core/store/schemas.ts';

export type { ClipResult, ClipSegment, StageName, ErrorKind };

/** An error as it crosses IPC: the AppError kind and its message (never a stack in the UI). */
export interface IpcError {
  kind: ErrorKind;
  message: string;
}

/** What every invoke resolves to on the wire; the preload unwraps it and throws on `ok: false`. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: IpcError };

// ---- analyse -----------------------------------------------------------------------------------

export type AnalyzeStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled';

/** One dropped file being analysed: the job record of STYLE habit 8, as the window shows it. */
export interface AnalyzeJob {
  id: string;
  file: string;
  name: string;
  status: AnalyzeStatus;
  /** the stage running now (null before the first progress event and after the end) */
  stage: StageName | null;
  /** fraction done of each stage seen so far, in the order they started */
  stages: { stage: StageName; fraction: number }[];
  error: IpcError | null;
  createdAt: string;
  finishedAt: string | null;
  /** score and label once succeeded, for the job list (both null: no evidence in the clip) */
  summary: { score: ClipResult['score']; label: ClipResult['label'] } | null;
}

export interface AnalyzeStartReply {
  jobs: AnalyzeJob[];
  /** inputs that did not become a job (a folder holding no media, an unreadable path), with why */
  rejected: { path: string; reason: string }[];
}

// ---- batch -------------------------------------------------------------------------------------

export type BatchFileStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled' | 'skipped' | 'interrupted';

export interface BatchJobSummary {
  id: number;
  folder: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled' | 'skipped';
  model: { id: string; version: string };
  createdAt: string;
  finishedAt: string | null;
  counts: { total: number; succeeded: number; failed: number; pending: number };
  error: IpcError | null;
  /**
   * The last progress the batch's own process wrote into the store (at most once a second): this
   * window's runner, or `corrkd batch` in a terminal, local or spread over a queue (`queue` set).
   */
  live: LiveProgress | null;
}

export interface BatchRow {
  path: string;
  status: BatchFileStatus;
  outcome: 'succeeded' | 'failed' | 'pending';
  score: number | null;
  label: ClipResult['label'] | null;
  error: IpcError | null;
}

export interface BatchRowsReply {
  /** rows matching the filter (before paging) */
  matched: number;
  rows: BatchRow[];
}

/** The batch runner's progress as the window receives it: the core's event without its per-file detail. */
export type BatchProgressEvent = Pick<BatchProgress, 'jobId' | 'total' | 'done' | 'succeeded' | 'failed' | 'skipped' | 'inFlight' | 'filesPerMin' | 'etaSec'>;

/** The window's one batch runner: idle, or running over a folder (a batch from the CLI shows in the store, not here). */
export interface BatchRunState {
  running: boolean;
  folder: string | null;
  jobId: number | null;
  storeFile: string;
  /** how the last run ended, if one ended in this session */
  last: { status: 'succeeded' | 'failed' | 'canceled'; message: string } | null;
}

// ---- models and training -----------------------------------------------------------------------

/** Evaluation metrics in the `corrkd eval --json` shape (fractions 0..1; mae in label units). */
export type Metrics = Record<string, number | null>;

export interface EvalReport {
  n?: number;
  metrics?: Metrics;
  /** fixed protocol: one entry per kept subset l, a, v, la, lv, av, lav */
  conditions?: Record<string, Metrics>;
  avg?: Metrics;
  /** random step-missing protocol */
  rates?: { p: number; metrics: Metrics }[];
}

export interface ModelPack {
  dir: string;
  id: string | null;
  version: string | null;
  created: string | null;
  trainedModalities: string[];
  /** terms of use from the manifest (null: not stated); commercialUse false = non-commercial only */
  licence: { id: string; commercialUse: boolean; notice: string } | null;
  bundled: boolean;
  active: boolean;
  /** why the pack cannot be used (manifest unreadable, files missing) */
  problem: string | null;
  /** the manifest as stored, for the manifest panel */
  manifest: unknown;
  evaluation: EvalReport | null;
}

export interface ModelsReply {
  packs: ModelPack[];
  activeDir: string | null;
  textVectors: { ready: boolean; detail: string };
}

export interface DatasetBuildReply {
  out: string;
  samples: number;
  splits: { train: number; valid: number; test: number };
  failed: number;
  failures: { file: string; kind: string; reason: string }[];
  warnings: string[];
}

/** One optimizer step of a training run, as the trainer reports it (core/context.ts TrainBatchProgress). */
export type TrainBatchEvent = TrainBatchProgress;

/** One whole epoch: its loss means, validation loss and metrics, and the stage's best so far (core/context.ts). */
export type TrainEpochEvent = TrainEpochProgress;

export interface TrainState {
  running: boolean;
  runDir: string | null;
  last: { status: 'completed' | 'stopped' | 'failed'; message: string } | null;
}

export interface ExportReply {
  pack: ModelPack;
}

// ---- settings ----------------------------------------------------------------------------------

export interface ProviderChoice {
  pref: 'auto' | 'cpu' | 'gpu';
  /** providers that would be tried, in order (cpu last) */
  order: string[];
  skipped: { provider: string; reason: string }[];
}

export interface AsrModelInfo {
  name: string;
  approxMB: number;
  present: boolean;
  detail: string;
}

export interface SettingsValues {
  device: 'auto' | 'cpu' | 'gpu';
  fps: number;
  useAsr: boolean;
  asrModel: string;
  activePack: string | null;
  knownPacks: string[];
  storeFile: string;
}

export interface SettingsReply {
  values: SettingsValues;
  devices: ProviderChoice[];
  asr: AsrModelInfo[];
  locations: { data: string; cache: string; asrModels: string; bundledModels: string; settingsFile: string };
}

export interface DownloadEvent {
  model: string;
  file: string;
  loaded: number;
  total: number | null;
}

export interface StageEvent {
  stage: StageName;
  fraction: number | null;
  detail: string | null;
}
