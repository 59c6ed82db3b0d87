/**
 * The model-pack manifest (DESIGN 7; STYLE 11: models are data with a manifest). A pack is a folder
 * with manifest.json + student.onnx (+ optional teacher.onnx). The app refuses a pack whose checksums
 * or io contract do not match (main/core/inference/pack.ts says which).
 */
import { z } from 'zod';
import { EXTRACTORS } from '../features/extractors.ts';

export const MANIFEST_SCHEMA_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex sha256');
const int = z.number().int();

export const ioTensorSchema = z.object({
  name: z.string().min(1),
  /** fixed sizes, or a symbolic name for a dynamic dimension ('batch') */
  shape: z.array(z.union([int.min(1), z.string().min(1)])),
  dtype: z.literal('float32'),
});

export const extractorSchema = z.object({
  /** the extractor id as the feature cache and dataset record it, e.g. 'text-v1' */
  id: z.string().min(1),
  /** integer version (the -vN suffix of the id; 0 when the id carries none, e.g. a research pickle's features) */
  version: int.min(0),
  dim: int.min(1),
});

export const normSchema = z
  .object({ mean: z.array(z.number()), std: z.array(z.number().positive()) })
  .refine((n) => n.mean.length === n.std.length, { message: 'mean and std must have the same length' });

const metricRecord = z.record(z.string(), z.number().nullable());

/**
 * Terms of use of a pack, which follow from the data it was trained on (a pack trained on RAVDESS,
 * CC BY-NC-SA 4.0, is for non-commercial use). Shown by `corrkd models list` and the Models view.
 */
export const licenceSchema = z.object({
  /** SPDX id where one exists (e.g. CC-BY-NC-SA-4.0), else a short name */
  id: z.string().min(1),
  commercialUse: z.boolean(),
  /** one or two sentences for the user: what may and may not be done, and why */
  notice: z.string().min(1),
  /** each training corpus and its terms */
  sources: z.array(z.object({ name: z.string().min(1), licence: z.string().min(1), url: z.string().optional() })).default([]),
});
export type PackLicence = z.infer<typeof licenceSchema>;

export const TRAINED_MODALITY = z.enum(['text', 'audio', 'visual']);

export const modelManifestSchema = z
  .object({
    schemaVersion: z.literal(MANIFEST_SCHEMA_VERSION),
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash, underscore'),
    version: z.string().min(1),
    created: z.iso.datetime(),
    task: z.literal('sentiment-7'),
    /** every file of the pack except manifest.json: name -> sha256 */
    files: z.record(z.string().min(1), sha256),
    model: z.object({ file: z.string().min(1), format: z.literal('onnx'), opset: int.min(1), teacherFile: z.string().min(1).optional() }),
    io: z.object({ inputs: z.array(ioTensorSchema).length(3), outputs: z.array(ioTensorSchema).min(1) }),
    /** steps per utterance the model takes */
    T: int.min(1),
    /** which input feeds which modality */
    inputs: z.object({ text: z.string(), audio: z.string(), visual: z.string() }),
    extractors: z.object({ text: extractorSchema, audio: extractorSchema, visual: extractorSchema }),
    /**
     * Per-dimension standardisation applied by the app before the model: x' = (x - mean) / std at valid
     * steps (padding stays 0). null: the training data had no such statistics (the modality was absent
     * from training or came pre-standardised), the app feeds it unchanged.
     */
    normalisation: z.object({ audio: normSchema.nullable(), visual: normSchema.nullable() }),
    /** modalities that carried data during training; the others are fed as zeros and the result says so */
    trainedModalities: z.array(TRAINED_MODALITY).min(1),
    training: z.object({
      description: z.string(),
      source: z.string(),
      samples: z.object({ train: int.min(0), valid: int.min(0), test: int.min(0) }),
      seed: int,
      epochs: z.object({ teacher: int.min(0), student: int.min(0) }),
      bestEpoch: int.min(0),
      model: z.object({ d: int, layers: int, heads: int, kernel: int, classes: int }),
      params: int.min(1),
    }),
    /** terms of use (absent in packs exported before this field existed: not stated) */
    licence: licenceSchema.optional(),
    /** the evaluation table the pack was exported with: row (condition or split) -> metrics (fractions) */
    metrics: z.object({ source: z.string(), table: z.record(z.string(), metricRecord) }),
  })
  .superRefine((m, ctx) => {
    if (!(m.model.file in m.files)) ctx.addIssue({ code: 'custom', path: ['files'], message: `files must list the model file ${m.model.file}` });
    if (m.normalisation.audio && m.normalisation.audio.mean.length !== m.extractors.audio.dim) {
      ctx.addIssue({ code: 'custom', path: ['normalisation', 'audio'], message: `length must equal the audio dim ${m.extractors.audio.dim}` });
    }
    if (m.normalisation.visual && m.normalisation.visual.mean.length !== m.extractors.visual.dim) {
      ctx.addIssue({ code: 'custom', path: ['normalisation', 'visual'], message: `length must equal the visual dim ${m.extractors.visual.dim}` });
    }
  });

export type ModelManifest = z.infer<typeof modelManifestSchema>;
export type IoTensor = z.infer<typeof ioTensorSchema>;

/**
 * The version a pack records for an extractor id: the app's own (EXTRACTORS: e.g. audio-v2 is at
 * version 1 of its implementation) when the id is one the app computes, so the pack passes the
 * io-contract check; otherwise the id's -vN suffix ('text-v1' -> 1), 0 without one.
 */
export function extractorVersion(id: string): number {
  const app = Object.values(EXTRACTORS).find((e) => e.id === id);
  if (app) return app.version;
  const m = /-v(\d+)$/.exec(id);
  return m ? Number(m[1]) : 0;
}
