/**
 * visual-v3: visual-v2's vector, then face-net-v1's 7 FER class probabilities for the same face,
 * read from the FER-style crop (ferFraming from the landmarks, or the whole frame in face-crop mode).
 * Dims: visual-v3-dims.ts. The net loads once per extractor (one per face worker).
 */
import type { RgbFrame } from './face-engine.ts';
import { type FaceNet, faceNetInput, loadFaceNet } from './face-net.ts';
import type { FaceObservation } from './face-observer.ts';
import { ferFraming, wholeFraming } from './face-patch.ts';
import type { VisualVectorSpec } from './visual-extractor.ts';
import { visualV2Vector } from './visual-v2.ts';
import { VISUAL_V2_DIM } from './visual-v2-dims.ts';
import { VISUAL_V3_DIM, VISUAL_V3_EXTRACTOR } from './visual-v3-dims.ts';

export function visualV3Vector(net: FaceNet, obs: FaceObservation, frame: RgbFrame): Float32Array {
  const out = new Float32Array(VISUAL_V3_DIM);
  out.set(visualV2Vector(obs, frame));
  const framing = obs.detectedBy !== 'crop' ? ferFraming(obs.landmarks!) : wholeFraming(frame.width, frame.height);
  out.set(net.predict([faceNetInput(frame, framing)])[0]!, VISUAL_V2_DIM);
  return out;
}

/** The spec, with the net loaded (call after the tfjs backend is set: the face observer does it). */
export function visualV3Spec(net: FaceNet = loadFaceNet()): VisualVectorSpec {
  return { id: VISUAL_V3_EXTRACTOR, dim: VISUAL_V3_DIM, vectorOf: (obs, frame) => visualV3Vector(net, obs, frame), dispose: () => net.dispose() };
}
