/**
 * visual-v1 (DESIGN 4): one VISUAL_V1_DIM-d vector per sampled frame, describing the largest face.
 * Pure async code with no Electron and no shared state beyond the per-thread tfjs engine, so a
 * worker_thread can create one extractor and feed it frames.
 */
import { type FaceEngine, type FaceEngineOptions, type RgbFrame, EXPRESSIONS, loadFaceEngine } from './face-engine.ts';
import { faceGeometry } from './face-geometry.ts';
import { type PixelBox, clipBox, faceQuality } from './face-quality.ts';
import { type VisualDimName, VISUAL_V1_DIM, packVisualVector } from './visual-v1-dims.ts';

export interface VisualFrameResult {
  /** VISUAL_V1_DIM values in VISUAL_V1_DIMS order; all zeros when no face was found. */
  vector: Float32Array;
  faceFound: boolean;
  /** Detector score of the chosen (largest) face; 0 without a face. */
  confidence: number;
  /**
   * The chosen face as its 68 landmarks outline it (jaw line, brows, chin; no forehead), in frame
   * pixels, clipped to the frame; null without a face. Used for faceRelSize, face_size and the
   * quality measures, so they do not jump when the cascade switches detector between frames.
   * (The largest face is picked by detector box area.)
   */
  faceBox: PixelBox | null;
  /** Which detector found the face(s): the cascade tries tiny first, then ssd. */
  detectedBy: 'tiny' | 'ssd' | null;
  /** faceBox area / frame area; 0 without a face. */
  faceRelSize: number;
  /** Mean Rec. 601 luma in the face box, 0..1; NaN without a face (see face-quality.ts). */
  brightness: number;
  /** Contrast-normalised variance of the Laplacian on the 128 px face patch; NaN without a face. */
  sharpness: number;
  /** Number of faces the detector found (all sizes). */
  faces: number;
}

export type VisualV1Options = FaceEngineOptions;

export interface VisualV1Extractor {
  readonly engine: FaceEngine;
  extract(frame: RgbFrame): Promise<VisualFrameResult>;
  dispose(): void;
}

function noFace(faces: number): VisualFrameResult {
  return {
    vector: new Float32Array(VISUAL_V1_DIM),
    faceFound: false,
    confidence: 0,
    faceBox: null,
    detectedBy: null,
    faceRelSize: 0,
    brightness: Number.NaN,
    sharpness: Number.NaN,
    faces,
  };
}

export async function createVisualV1(opts: VisualV1Options = {}): Promise<VisualV1Extractor> {
  const engine = await loadFaceEngine(opts);
  return {
    engine,
    async extract(frame) {
      const { faces, largest, detectedBy } = await engine.detect(frame);
      const box = largest ? clipBox(largest.landmarkBox, frame.width, frame.height) : null;
      if (!largest || !box) return noFace(faces);
      const g = faceGeometry(largest.landmarks);
      const faceRelSize = (box.width * box.height) / (frame.width * frame.height);
      const expr = Object.fromEntries(EXPRESSIONS.map((k, i) => [`expr_${k}`, largest.expressions[i]!]));
      const values: Record<VisualDimName, number> = {
        ...(expr as Record<`expr_${(typeof EXPRESSIONS)[number]}`, number>),
        head_yaw: g.yaw,
        head_pitch: g.pitch,
        head_roll: g.roll,
        mouth_open: g.mouthOpen,
        smile_corner_raise: g.smileCornerRaise,
        mouth_width: g.mouthWidth,
        brow_raise: g.browRaise,
        eye_open: g.eyeOpen,
        face_size: faceRelSize,
        det_confidence: largest.score,
      };
      const q = faceQuality(frame.rgb, frame.width, frame.height, box);
      return {
        vector: packVisualVector(values),
        faceFound: true,
        confidence: largest.score,
        faceBox: box,
        detectedBy,
        faceRelSize,
        brightness: q.brightness,
        sharpness: q.sharpness,
        faces,
      };
    },
    dispose() {
      engine.dispose();
    },
  };
}
