/**
 * visual-v2: expression log-probabilities, action-unit-like geometry and coarse FER-style appearance
 * of the largest face (or of the whole frame in face-crop mode). Dims: visual-v2-dims.ts.
 */
import { auGeometry } from './au-geometry.ts';
import type { FaceEngineOptions, RgbFrame } from './face-engine.ts';
import type { FaceObservation } from './face-observer.ts';
import { ferFraming, patchCells, samplePatch, wholeFraming } from './face-patch.ts';
import { type VisualExtractor, type VisualVectorSpec, createExtractorWith } from './visual-extractor.ts';
import { EXPR_LOGP_FLOOR, VISUAL_V2_AU_KEYS, VISUAL_V2_DIM, VISUAL_V2_EXTRACTOR } from './visual-v2-dims.ts';

export function visualV2Vector(obs: FaceObservation, frame: RgbFrame): Float32Array {
  const out = new Float32Array(VISUAL_V2_DIM);
  const ex = obs.expressions!;
  let k = 0;
  for (let i = 0; i < ex.length; i++) out[k++] = Math.log(Math.max(EXPR_LOGP_FLOOR, ex[i]!));
  const au = auGeometry(obs.landmarks!);
  for (const key of VISUAL_V2_AU_KEYS) out[k++] = au[key];
  const framing = obs.detectedBy === 'crop' ? wholeFraming(frame.width, frame.height) : ferFraming(obs.landmarks!);
  out.set(patchCells(samplePatch(frame, framing)), k);
  return out;
}

export const VISUAL_V2_SPEC: VisualVectorSpec = { id: VISUAL_V2_EXTRACTOR, dim: VISUAL_V2_DIM, vectorOf: visualV2Vector };

export function createVisualV2(opts: FaceEngineOptions = {}): Promise<VisualExtractor> {
  return createExtractorWith(VISUAL_V2_SPEC, opts);
}
