import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../errors.ts';
import { MODELS_DIR } from '../../../paths.ts';
import { USE_LITE } from './use-lite-info.ts';

/**
 * The fitted projection of text-v3's sentence dims: the first K principal components of the USE lite
 * vectors of the training sentences (CMU-MOSI + CMU-MOSEI train, the held-out videos excluded),
 * each scaled to unit variance. Data, not code: models/text-v3/sentence-projection.json, written by
 * bench/probes/text/fit-projection.ts and checked here (zod, sizes, the encoder it was fitted on).
 */

export const SENTENCE_PROJECTION_FILE = 'sentence-projection.json';
/** Components kept (text-v3's sentence dims); a projection file with another k is refused. */
export const SENTENCE_DIMS = 64;

export function textV3Dir(): string {
  return path.join(MODELS_DIR, 'text-v3');
}

const projectionSchema = z.object({
  format: z.literal('corrkd-sentence-projection'),
  formatVersion: z.literal(1),
  encoder: z.object({ package: z.string(), version: z.string(), weightsSha256: z.string() }),
  inputDims: z.number().int().positive(),
  k: z.number().int().positive(),
  /** [inputDims] */
  mean: z.array(z.number()),
  /** [k * inputDims], row i = component i */
  components: z.array(z.number()),
  /** [k], 1 / sqrt(variance of component i) on the fit sentences */
  scale: z.array(z.number().positive()),
  fit: z.object({ sentences: z.number().int().positive(), source: z.string(), created: z.string() }),
});
export type ProjectionFile = z.infer<typeof projectionSchema>;

export interface SentenceProjection {
  k: number;
  inputDims: number;
  mean: Float32Array;
  components: Float32Array;
  scale: Float32Array;
}

export function readSentenceProjection(file: string = path.join(textV3Dir(), SENTENCE_PROJECTION_FILE)): SentenceProjection {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AppError('ModelMissing', `Cannot read the text-v3 sentence projection ${file}: ${(e as Error).message}`, { file, cause: e });
  }
  const r = projectionSchema.safeParse(raw);
  if (!r.success) throw new AppError('ModelContractMismatch', `${file} is not a sentence projection: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`, { file });
  const p = r.data;
  if (p.mean.length !== p.inputDims || p.components.length !== p.k * p.inputDims || p.scale.length !== p.k) {
    throw new AppError('ModelContractMismatch', `${file}: sizes do not match k ${p.k} x ${p.inputDims} (mean ${p.mean.length}, components ${p.components.length}, scale ${p.scale.length}).`, { file });
  }
  if (p.k !== SENTENCE_DIMS) throw new AppError('ModelContractMismatch', `${file} has ${p.k} components; text-v3 has ${SENTENCE_DIMS} sentence dims.`, { file });
  if (p.encoder.weightsSha256 !== USE_LITE.weightsSha256 || p.inputDims !== USE_LITE.dims) {
    throw new AppError('ModelContractMismatch', `${file} was fitted on encoder weights ${p.encoder.weightsSha256} (${p.inputDims}-d); this build uses ${USE_LITE.weightsSha256} (${USE_LITE.dims}-d).`, { file });
  }
  return { k: p.k, inputDims: p.inputDims, mean: Float32Array.from(p.mean), components: Float32Array.from(p.components), scale: Float32Array.from(p.scale) };
}

/** ((v - mean) . component_i) * scale_i for i < k. */
export function projectSentence(p: SentenceProjection, v: Float32Array): Float32Array {
  if (v.length !== p.inputDims) throw new AppError('Internal', `sentence vector has ${v.length} dims; the projection takes ${p.inputDims}.`);
  const out = new Float32Array(p.k);
  for (let i = 0; i < p.k; i++) {
    let s = 0;
    const row = i * p.inputDims;
    for (let j = 0; j < p.inputDims; j++) s += (v[j]! - p.mean[j]!) * p.components[row + j]!;
    out[i] = s * p.scale[i]!;
  }
  return out;
}
