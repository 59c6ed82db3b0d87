/**
 * visual-v2: expression probabilities, action-unit-like geometry and coarse FER-style appearance of
 * the largest face (or of the whole frame in face-crop mode, where the expression and AU values are
 * the fixed NOT_READ ones and only the patch is read). Dims: visual-v2-dims.ts.
 */
import { auGeometry } from './au-geometry.ts';
import type { FaceEngineOptions, RgbFrame } from './face-engine.ts';
import type { FaceObservation } from './face-observer.ts';
import { ferFraming, patchCells, samplePatch, wholeFraming } from './face-patch.ts';
import { type VisualExtractor, type VisualVectorSpec, createExtractorWith } from './visual-extractor.ts';
import { NOT_READ, VISUAL_V2_AU_KEYS, VISUAL_V2_DIM, VISUAL_V2_EXTRACTOR } from './visual-v2-dims.ts';

export function visualV2Vector(obs: FaceObservation, frame: RgbFrame): Float32Array {
  const out = new Float32Array(VISUAL_V2_DIM);
  const read = obs.detectedBy !== 'crop';
  const ex = obs.expressions!;
  let k = 0;
  for (let i = 0; i < ex.length; i++) out[k++] = read ? ex[i]! : NOT_READ.expression;
  const au = read ? auGeometry(obs.landmarks!) : NOT_READ.au;
  for (const key of VISUAL_V2_AU_KEYS) out[k++] = au[key];
  const framing = read ? ferFraming(obs.landmarks!) : wholeFraming(frame.width, frame.height);
  out.set(patchCells(samplePatch(frame, framing)), k);
  return out;
}

export const VISUAL_V2_SPEC: VisualVectorSpec = { id: VISUAL_V2_EXTRACTOR, dim: VISUAL_V2_DIM, vectorOf: visualV2Vector };

export function createVisualV2(opts: FaceEngineOptions = {}): Promise<VisualExtractor> {
  return createExtractorWith(VISUAL_V2_SPEC, opts);
}
