/**
 * What every visual extractor is: a face observer (face-observer.ts) plus a function from one
 * observation to a fixed-length vector. The registry of ids is visual-extractors.ts.
 */
import type { FaceEngine, FaceEngineOptions, RgbFrame } from './face-engine.ts';
import { type CropPolicy, type FaceObservation, createFaceObserver } from './face-observer.ts';
import type { TrackOptions } from './face-tracker.ts';

/** One frame's vector plus the observation's quality numbers (landmarks and expressions stay inside). */
export interface VisualFrameResult extends Omit<FaceObservation, 'landmarks' | 'expressions'> {
  /** The extractor's `dim` values in its dims-table order; all zeros when no face was found. */
  vector: Float32Array;
}

export interface VisualExtractor {
  readonly id: string;
  readonly dim: number;
  readonly engine: FaceEngine;
  /** `crop`: how the face is found (face-observer.ts CropPolicy); default 'off' (detectors only). */
  extract(frame: RgbFrame, crop?: CropPolicy): Promise<VisualFrameResult>;
  /**
   * Consecutive sampled frames of one video (a run): the first is detected, the others tracked
   * (face-tracker.ts; `track.detectEveryFrame` detects on all). Runs are independent of each other,
   * so a clip's runs may go to different face workers.
   */
  extractRun(frames: readonly RgbFrame[], crop?: CropPolicy, track?: TrackOptions): Promise<VisualFrameResult[]>;
  dispose(): void;
}

export interface VisualVectorSpec {
  id: string;
  dim: number;
  /** The vector of a found face (faceFound true, landmarks and expressions set). */
  vectorOf(obs: FaceObservation, frame: RgbFrame): Float32Array;
  /** Frees what the spec holds (a net); called by the extractor's dispose. */
  dispose?(): void;
}

/** A spec, or a function making one once the face engine (and so the tfjs backend) has started. */
export type VisualSpecSource = VisualVectorSpec | (() => VisualVectorSpec);

export async function createExtractorWith(source: VisualSpecSource, opts: FaceEngineOptions = {}): Promise<VisualExtractor> {
  const observer = await createFaceObserver(opts);
  let spec: VisualVectorSpec;
  try {
    spec = typeof source === 'function' ? source() : source;
  } catch (e) {
    observer.dispose();
    throw e;
  }
  const result = (obs: FaceObservation, frame: RgbFrame): VisualFrameResult => {
    const { landmarks: _l, expressions: _e, ...rest } = obs;
    return { ...rest, vector: obs.faceFound ? spec.vectorOf(obs, frame) : new Float32Array(spec.dim) };
  };
  return {
    id: spec.id,
    dim: spec.dim,
    engine: observer.engine,
    async extract(frame, crop = 'off') {
      return result(await observer.observe(frame, crop), frame);
    },
    async extractRun(frames, crop = 'off', track = {}) {
      const t = observer.track(track);
      const out: VisualFrameResult[] = [];
      for (const frame of frames) out.push(result(await t.observe(frame, crop), frame));
      return out;
    },
    dispose() {
      spec.dispose?.();
      observer.dispose();
    },
  };
}
