/**
 * One frame -> what the face engine saw (the largest face, or the whole frame in face-crop mode) plus
 * the quality numbers the usability stage judges. The visual extractors (visual-v1, visual-v2) turn
 * an observation into their vectors; the observation itself is extractor-independent.
 */
import { type FaceEngine, type FaceEngineOptions, type FaceEngineResult, type FaceSource, type RgbFrame, loadFaceEngine } from './face-engine.ts';
import { type PixelBox, clipBox, faceQuality } from './face-quality.ts';
import { type FaceLocate, type TrackOptions, createFaceTrack } from './face-tracker.ts';

import type { CropPolicy } from './face-crop.ts';

export { CROP_POLICIES, type CropPolicy } from './face-crop.ts';

export interface FaceObservation {
  faceFound: boolean;
  /** Detector score of the chosen face (1 for a whole-frame crop); 0 without a face. */
  confidence: number;
  /**
   * The face box in frame pixels, clipped to the frame; null without a face. Detected faces: the box
   * around the 68 landmarks (jaw, brows, chin), which does not jump when the cascade switches
   * detector. Face-crop mode: the whole frame.
   */
  faceBox: PixelBox | null;
  detectedBy: FaceSource | null;
  /** faceBox area / frame area; 0 without a face. */
  faceRelSize: number;
  /** Mean Rec. 601 luma in the face box, 0..1; NaN without a face (face-quality.ts). */
  brightness: number;
  /** Contrast-normalised variance of the Laplacian on the 128 px face patch; NaN without a face. */
  sharpness: number;
  /** Faces the answering detector found (1 in face-crop mode). */
  faces: number;
  /** 68 landmarks x0, y0, ... in frame pixels; null without a face. */
  landmarks: Float32Array | null;
  /** Expression probabilities in EXPRESSIONS order; null without a face. */
  expressions: Float32Array | null;
  /** Whether a detector looked for the face on this frame (and why) or it was tracked (face-tracker.ts). */
  located: FaceLocate;
}

/** Observes consecutive frames of one video, tracking the face between detections (face-tracker.ts). */
export interface FaceTrackObserver {
  observe(frame: RgbFrame, crop?: CropPolicy): Promise<FaceObservation>;
}

export interface FaceObserver {
  readonly engine: FaceEngine;
  /** One picture, detectors (or face-crop mode) only. */
  observe(frame: RgbFrame, crop?: CropPolicy): Promise<FaceObservation>;
  /** A tracker for one run of consecutive frames; its first frame is detected. */
  track(opts?: TrackOptions): FaceTrackObserver;
  dispose(): void;
}

export function noFace(faces: number, located: FaceLocate = 'detect'): FaceObservation {
  return {
    faceFound: false,
    confidence: 0,
    faceBox: null,
    detectedBy: null,
    faceRelSize: 0,
    brightness: Number.NaN,
    sharpness: Number.NaN,
    faces,
    landmarks: null,
    expressions: null,
    located,
  };
}

/** Detectors, or the whole frame in face-crop mode ('on'; 'fallback' when the detectors find nothing). */
async function locate(engine: FaceEngine, frame: RgbFrame, crop: CropPolicy): Promise<FaceEngineResult> {
  const r = crop === 'on' ? await engine.describeWhole(frame) : await engine.detect(frame);
  return crop === 'fallback' && !r.largest ? engine.describeWhole(frame) : r;
}

function observation(frame: RgbFrame, r: FaceEngineResult, located: FaceLocate): FaceObservation {
  const { faces, largest, detectedBy } = r;
  const box = !largest ? null : detectedBy === 'crop' ? largest.box : clipBox(largest.landmarkBox, frame.width, frame.height);
  if (!largest || !box) return noFace(faces, located);
  const q = faceQuality(frame.rgb, frame.width, frame.height, box);
  return {
    faceFound: true,
    confidence: largest.score,
    faceBox: box,
    detectedBy,
    faceRelSize: (box.width * box.height) / (frame.width * frame.height),
    brightness: q.brightness,
    sharpness: q.sharpness,
    faces,
    landmarks: largest.landmarks,
    expressions: largest.expressions,
    located,
  };
}

export async function createFaceObserver(opts: FaceEngineOptions = {}): Promise<FaceObserver> {
  const engine = await loadFaceEngine(opts);
  return {
    engine,
    async observe(frame, crop = 'off') {
      return observation(frame, await locate(engine, frame, crop), 'detect');
    },
    track(trackOpts = {}) {
      const t = createFaceTrack(engine, (f, c) => locate(engine, f, c), trackOpts);
      return {
        async observe(frame, crop = 'off') {
          const r = await t.next(frame, crop);
          return observation(frame, r, r.located);
        },
      };
    },
    dispose() {
      engine.dispose();
    },
  };
}
