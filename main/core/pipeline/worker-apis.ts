import type { FrameSeries } from '../types.ts';
import type { AudioSignalStats } from '../features/audio/signal-stats.ts';
import type { VadResult } from '../features/vad/silero-vad.ts';
import type { FaceEngine, FaceEngineOptions } from '../features/visual/face-engine.ts';
import type { CropPolicy, FaceCropMode } from '../features/visual/face-crop.ts';
import type { TrackOptions } from '../features/visual/face-tracker.ts';
import type { VisualFrameResult } from '../features/visual/visual-extractor.ts';
import type { OpenedSession } from '../inference/session-factory.ts';
import type { DevicePref } from '../inference/providers.ts';
import type { Transferred, WorkerCallContext } from '../threads/protocol.ts';

/**
 * The contracts of the pipeline's worker threads: what each entry file in main/workers implements
 * (`const api = {...} satisfies AudioWorkerApi`) and what worker-pools.ts calls. They live here, in
 * core, so the pipeline never imports an entry file (the layer rule in eslint.config.js,
 * ARCHITECTURE.md); the entry files import core, never the other way round.
 */

// --- audio.worker.ts ---------------------------------------------------------------------------

/** What the audio branch returns for one clip: features, voice activity, level statistics. */
export interface AudioBranchResult {
  series: FrameSeries;
  vad: VadResult;
  stats: AudioSignalStats;
  cpuMs: { vad: number; features: number };
}

/** VAD + audio features + level statistics over streamed 16 kHz chunks, one open stream per `id`. */
export type AudioWorkerApi = {
  open(args: { id: string; sampleRate: number }, ctx: WorkerCallContext): Promise<void>;
  push(args: { id: string; samples: Float32Array }): Promise<void>;
  close(args: { id: string }): Promise<Transferred<AudioBranchResult>>;
  drop(args: { id: string }): void;
};

// --- visual.worker.ts --------------------------------------------------------------------------

/** Which visual extractor a face worker runs (it keeps one while the same id and options are asked for). */
export interface ExtractorArgs {
  extractorId: string;
  opts: FaceEngineOptions;
}

export interface StillResult extends VisualFrameResult {
  /** The picture's size in the file (before the maxSide cap). */
  sourceWidth: number;
  sourceHeight: number;
  /** The size the extractor saw. */
  width: number;
  height: number;
  /** How the face was looked for (the mode resolved for this picture). */
  crop: CropPolicy;
}

export type VisualWorkerApi = {
  warmup(args: ExtractorArgs): Promise<{ backend: FaceEngine['backend'] }>;
  /** Consecutive frames of one video, tracked from a detection on the first (VisualExtractor.extractRun). */
  run(args: ExtractorArgs & { crop: CropPolicy; track: TrackOptions; frames: { rgb: Uint8Array; width: number; height: number }[] }): Promise<Transferred<VisualFrameResult[]>>;
  /** One still image file, decoded in the worker, its face-crop mode resolved for its size in the file. */
  still(args: ExtractorArgs & { file: string; maxSide: number; faceCrop: FaceCropMode; bytes?: Uint8Array }): Promise<Transferred<StillResult>>;
};

// --- inference.worker.ts -----------------------------------------------------------------------

export interface StudentRunArgs {
  modelPath: string;
  device: DevicePref;
  /** Graph input name -> [B, T, dim] float32, row-major. */
  inputs: Record<string, { data: Float32Array; dims: [number, number, number] }>;
  outputs: { probabilities: string; score: string };
}

export interface StudentRunResult {
  probabilities: Float32Array;
  score: Float32Array;
  provider: OpenedSession['provider'];
  runMs: number;
}

export type InferenceWorkerApi = {
  open(args: { modelPath: string; device: DevicePref }): Promise<{
    provider: OpenedSession['provider'];
    skipped: OpenedSession['skipped'];
    inputNames: string[];
    outputNames: string[];
  }>;
  run(args: StudentRunArgs): Promise<Transferred<StudentRunResult>>;
  dispose(): Promise<void>;
};
