/**
 * The trained network a run leaves behind (RUNDIR/teacher.weights.bin, RUNDIR/student.weights.bin):
 * a tensor file whose header carries what the ONNX export and the model pack need: the model spec,
 * the config, the dataset's extractors and normalisation, and the best epoch's validation numbers.
 */
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { corrkdConfigSchema, modelConfigSchema } from '../config.ts';
import type { DatasetMeta } from '../../core/dataset/feature-dataset.ts';
import { paramSpecs } from '../model/spec.ts';
import type { ModelSpec } from '../model/spec.ts';
import type { WeightArrays } from '../model/params.ts';
import { readTensorFile, writeTensorFile } from './tensor-file.ts';

export const WEIGHTS_KIND = 'corrkd-weights';
export const WEIGHTS_VERSION = 1;

const dims = z.object({ l: z.number().int().min(1), a: z.number().int().min(1), v: z.number().int().min(1) });
export const modelSpecSchema = z.intersection(
  modelConfigSchema,
  z.object({ T: z.number().int().min(1), dims, classes: z.number().int().min(2) }),
);

const normVector = z.object({ mean: z.array(z.number()), std: z.array(z.number()) }).nullable();
export const weightsMetaSchema = z.object({
  kind: z.literal(WEIGHTS_KIND),
  version: z.literal(WEIGHTS_VERSION),
  role: z.enum(['teacher', 'student']),
  created: z.string(),
  spec: modelSpecSchema,
  config: corrkdConfigSchema,
  dataset: z.object({
    source: z.string(),
    T: z.number().int(),
    dims,
    extractors: z.object({ l: z.string(), a: z.string(), v: z.string() }),
    modalitiesPresent: z.array(z.enum(['l', 'a', 'v'])),
    norm: z.object({ a: normVector, v: normVector }),
    standardized: z.boolean(),
    n: z.object({ train: z.number().int(), valid: z.number().int(), test: z.number().int() }),
    /** several merged sources (or one with a sampling weight), in row order */
    sources: z
      .array(
        z.object({
          name: z.string(),
          weight: z.number(),
          n: z.object({ train: z.number().int(), valid: z.number().int(), test: z.number().int() }),
          modalitiesPresent: z.array(z.enum(['l', 'a', 'v'])),
          extractors: z.object({ l: z.string(), a: z.string(), v: z.string() }),
        }),
      )
      .optional(),
  }),
  best: z.object({ epoch: z.number().int(), valLoss: z.number().nullable(), val: z.record(z.string(), z.number().nullable()) }),
});
export type WeightsMeta = z.infer<typeof weightsMetaSchema>;

export interface WeightsFile {
  meta: WeightsMeta;
  spec: ModelSpec;
  weights: WeightArrays;
}

export function datasetSummary(meta: DatasetMeta, n: WeightsMeta['dataset']['n']): WeightsMeta['dataset'] {
  return {
    source: meta.source,
    T: meta.T,
    dims: { ...meta.dims },
    extractors: { ...meta.extractors },
    modalitiesPresent: [...meta.modalitiesPresent],
    norm: { a: meta.norm.a ? { mean: [...meta.norm.a.mean], std: [...meta.norm.a.std] } : null, v: meta.norm.v ? { mean: [...meta.norm.v.mean], std: [...meta.norm.v.std] } : null },
    standardized: meta.standardized,
    n,
    ...(meta.sources ? { sources: meta.sources.map((s) => ({ ...s, n: { ...s.n }, modalitiesPresent: [...s.modalitiesPresent], extractors: { ...s.extractors } })) } : {}),
  };
}

export function writeWeightsFile(file: string, meta: Omit<WeightsMeta, 'kind' | 'version' | 'created' | 'spec'>, spec: ModelSpec, weights: WeightArrays): void {
  const full: WeightsMeta = { kind: WEIGHTS_KIND, version: WEIGHTS_VERSION, created: new Date().toISOString(), spec, ...meta };
  writeTensorFile(
    file,
    full,
    paramSpecs(spec).map((p) => {
      const data = weights[p.name];
      if (!data) throw new AppError('Internal', `${file}: weight '${p.name}' missing while writing.`);
      return { name: p.name, shape: p.shape, data };
    }),
  );
}

export function readWeightsFile(file: string): WeightsFile {
  const f = readTensorFile(file);
  const parsed = weightsMetaSchema.safeParse(f.meta);
  if (!parsed.success) {
    const why = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new AppError('ModelContractMismatch', `${file} is not a CorrKD weights file of version ${WEIGHTS_VERSION} (${why}).`, { file });
  }
  const spec = parsed.data.spec as ModelSpec;
  const weights: WeightArrays = {};
  for (const p of paramSpecs(spec)) {
    const t = f.tensors.get(p.name);
    if (!t || t.shape.join(',') !== p.shape.join(',')) {
      throw new AppError('ModelContractMismatch', `${file}: weight '${p.name}' is missing or not of shape [${p.shape.join(', ')}].`, { file });
    }
    weights[p.name] = t.data;
  }
  return { meta: parsed.data, spec, weights };
}
