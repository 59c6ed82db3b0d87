/**
 * visual-v1 (DESIGN 4): one VISUAL_V1_DIM-d vector per sampled frame, describing the largest face:
 * face-api's 7 expression probabilities, head pose, mouth/smile/brow/eye geometry, face size and
 * detector confidence (dims table: visual-v1-dims.ts). Pure async code with no Electron and no
 * shared state beyond the per-thread tfjs engine, so a worker_thread can create one extractor and
 * feed it frames.
 */
import { EXPRESSIONS, type FaceEngineOptions } from './face-engine.ts';
import type { FaceObservation } from './face-observer.ts';
import { faceGeometry } from './face-geometry.ts';
import { type VisualExtractor, type VisualVectorSpec, createExtractorWith } from './visual-extractor.ts';
import { type VisualDimName, VISUAL_V1_DIM, VISUAL_V1_EXTRACTOR, packVisualVector } from './visual-v1-dims.ts';

export type { VisualFrameResult } from './visual-extractor.ts';
export type VisualV1Options = FaceEngineOptions;
export type VisualV1Extractor = VisualExtractor;

/** The visual-v1 vector of a found face. In face-crop mode det_confidence is 1 (the crop is taken as a face). */
export function visualV1Vector(obs: FaceObservation): Float32Array {
  const g = faceGeometry(obs.landmarks!);
  const expr = Object.fromEntries(EXPRESSIONS.map((k, i) => [`expr_${k}`, obs.expressions![i]!]));
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
    face_size: obs.faceRelSize,
    det_confidence: obs.confidence,
  };
  return packVisualVector(values);
}

export const VISUAL_V1_SPEC: VisualVectorSpec = { id: VISUAL_V1_EXTRACTOR, dim: VISUAL_V1_DIM, vectorOf: visualV1Vector };

export function createVisualV1(opts: VisualV1Options = {}): Promise<VisualV1Extractor> {
  return createExtractorWith(VISUAL_V1_SPEC, opts);
}
