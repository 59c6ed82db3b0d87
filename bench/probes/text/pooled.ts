import { transcriptWordSteps } from '../../../main/core/dataset/build-transcripts.ts';
import { T_STEPS } from '../../../main/core/types.ts';

/**
 * A sentence's text steps exactly as `dataset build --transcripts` makes them (the first T words),
 * mean-pooled over the steps with mask 1; all zeros when no step has data.
 */
export function pooledTextSteps(text: string, T: number = T_STEPS): Float64Array | null {
  const m = transcriptWordSteps(text, T);
  if (!m) return null;
  const out = new Float64Array(m.dim);
  let n = 0;
  for (let t = 0; t < m.steps; t++) {
    if (!m.stepMask[t]) continue;
    n += 1;
    for (let d = 0; d < m.dim; d++) out[d]! += m.data[t * m.dim + d]!;
  }
  if (n > 0) for (let d = 0; d < m.dim; d++) out[d]! /= n;
  return out;
}
