/**
 * `exportModelPack`: trained weights (RUNDIR/student.weights.bin) -> a model pack folder (DESIGN 7):
 * student.onnx (+ teacher.onnx on request) and manifest.json with checksums, the io contract, T,
 * extractor ids/versions/dims, normalisation stats, trained modalities, the training description and
 * the evaluation table. Before the manifest is written, the exported graph is run in onnxruntime-node
 * next to the tfjs model on the same seeded inputs (complete and with each modality zeroed); a
 * difference above 1e-4 aborts the export.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeContext } from '../../core/context.ts';
import type { StageContext } from '../../core/context.ts';
import { AppError, throwIfAborted } from '../../core/errors.ts';
import { countParams } from '../model/spec.ts';
import { runFiles, writeJsonAtomic } from '../trainer/run-files.ts';
import { readWeightsFile } from '../trainer/weights-file.ts';
import type { WeightsFile } from '../trainer/weights-file.ts';
import { loadCheckpoint } from '../trainer/checkpoint.ts';
import { BATCH_DIM, ONNX_INPUT_NAMES, ONNX_OPSET, ONNX_OUTPUT_NAMES, buildCorrkdOnnx } from './corrkd-onnx.ts';
import { MANIFEST_FILE, MANIFEST_SCHEMA_VERSION, extractorVersion, modelManifestSchema, type PackLicence } from '../../core/inference/manifest-schema.ts';
import type { ModelManifest } from '../../core/inference/manifest-schema.ts';
import { compareWithOnnx } from './parity.ts';

/** Largest tfjs-vs-onnxruntime difference an export accepts (DESIGN 7). */
export const PARITY_TOLERANCE = 1e-4;

export interface ExportPackOptions {
  runDir: string;
  outDir: string;
  /** pack id (default: 'corrkd-' + the run folder's name) and version (default '1.0.0') */
  id?: string;
  version?: string;
  includeTeacher?: boolean;
  /** evaluation table to embed; default: the student's validation metrics at its best epoch */
  metrics?: ModelManifest['metrics'];
  description?: string;
  /** terms of use, from the training data's licences (manifest `licence`) */
  licence?: PackLicence;
  /** run the tfjs-vs-onnxruntime check (default true) */
  verify?: boolean;
}

export interface ExportPackResult {
  dir: string;
  manifest: ModelManifest;
  /** largest |tfjs - onnxruntime| over logits and score in the export check (absent with verify: false) */
  parityMaxAbsDiff?: number;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const LONG = { l: 'text', a: 'audio', v: 'visual' } as const;

function buildManifest(w: WeightsFile, files: Record<string, string>, opts: ExportPackOptions, epochs: { teacher: number; student: number }): ModelManifest {
  const { spec, meta } = w;
  const ds = meta.dataset;
  const K = spec.classes;
  const io = {
    inputs: (['l', 'a', 'v'] as const).map((m) => ({ name: ONNX_INPUT_NAMES[m], shape: [BATCH_DIM, spec.T, spec.dims[m]], dtype: 'float32' as const })),
    outputs: [
      { name: ONNX_OUTPUT_NAMES.logits, shape: [BATCH_DIM, K], dtype: 'float32' as const },
      { name: ONNX_OUTPUT_NAMES.probabilities, shape: [BATCH_DIM, K], dtype: 'float32' as const },
      { name: ONNX_OUTPUT_NAMES.score, shape: [BATCH_DIM], dtype: 'float32' as const },
    ],
  };
  const extractor = (m: 'l' | 'a' | 'v'): ModelManifest['extractors']['text'] => ({ id: ds.extractors[m], version: extractorVersion(ds.extractors[m]), dim: spec.dims[m] });
  const manifest: ModelManifest = {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    id: opts.id ?? `corrkd-${path.basename(path.resolve(opts.runDir)).replace(/[^A-Za-z0-9._-]/g, '-')}`,
    version: opts.version ?? '1.0.0',
    created: new Date().toISOString(),
    task: 'sentiment-7',
    files,
    model: { file: 'student.onnx', format: 'onnx', opset: ONNX_OPSET, ...('teacher.onnx' in files ? { teacherFile: 'teacher.onnx' } : {}) },
    io,
    T: spec.T,
    inputs: { text: ONNX_INPUT_NAMES.l, audio: ONNX_INPUT_NAMES.a, visual: ONNX_INPUT_NAMES.v },
    extractors: { text: extractor('l'), audio: extractor('a'), visual: extractor('v') },
    normalisation: { audio: ds.norm.a, visual: ds.norm.v },
    trainedModalities: ds.modalitiesPresent.map((m) => LONG[m]),
    training: {
      description: opts.description ?? `CorrKD student distilled from its teacher on ${ds.source}`,
      source: ds.source,
      samples: ds.n,
      seed: meta.config.train.seed,
      epochs,
      bestEpoch: meta.best.epoch,
      model: { d: spec.d, layers: spec.layers, heads: spec.heads, kernel: spec.kernel, classes: spec.classes },
      params: countParams(spec),
    },
    ...(opts.licence ? { licence: opts.licence } : {}),
    metrics: opts.metrics ?? {
      source: 'validation split at the best epoch (student inputs with fixed-seed MRM masks)',
      table: { valid: meta.best.val },
    },
  };
  const r = modelManifestSchema.safeParse(manifest);
  if (!r.success) {
    throw new AppError('Internal', `Model pack manifest does not validate: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return r.data;
}

export async function exportModelPack(opts: ExportPackOptions, ctx: StageContext = makeContext()): Promise<ExportPackResult> {
  const rf = runFiles(opts.runDir);
  if (!existsSync(rf.student)) {
    throw new AppError('ModelMissing', `${opts.runDir} has no trained student (${rf.student} is missing); train it first (corrkd train).`, { file: rf.student });
  }
  const student = readWeightsFile(rf.student);
  if (student.meta.role !== 'student') throw new AppError('ModelContractMismatch', `${rf.student} holds a ${student.meta.role}, not a student.`, { file: rf.student });
  if (student.meta.dataset.modalitiesPresent.length === 0) {
    throw new AppError('InvalidDataset', `${rf.student}: the training data had no modality with data; nothing to export.`, { file: rf.student });
  }
  ctx.onProgress({ type: 'stage', stage: 'export', fraction: 0, detail: 'building student.onnx' });
  const onnxBytes = buildCorrkdOnnx(student.spec, student.weights, { graphName: 'corrkd_student', docString: `CorrKD student (${student.meta.dataset.source})` });
  const out: Record<string, Uint8Array> = { 'student.onnx': onnxBytes };
  if (opts.includeTeacher) {
    const teacher = readWeightsFile(rf.teacher);
    out['teacher.onnx'] = buildCorrkdOnnx(teacher.spec, teacher.weights, { graphName: 'corrkd_teacher' });
  }
  throwIfAborted(ctx.signal, 'export');
  let parity: number | undefined;
  if (opts.verify ?? true) {
    ctx.onProgress({ type: 'stage', stage: 'export', fraction: 0.5, detail: 'checking onnxruntime against tfjs' });
    parity = (await compareWithOnnx(student.spec, student.weights, onnxBytes, { batch: 2, seed: 7 })).maxAbsDiff;
    if (!(parity <= PARITY_TOLERANCE)) {
      throw new AppError('Internal', `ONNX export check failed: onnxruntime and tfjs differ by ${parity} (> ${PARITY_TOLERANCE}).`);
    }
  }
  throwIfAborted(ctx.signal, 'export');
  const ck = existsSync(rf.checkpoint) ? loadCheckpoint(rf.checkpoint).meta.stages : null;
  const stages = { teacher: ck?.teacher.epochsDone ?? 0, student: ck?.student.epochsDone ?? 0 };
  const files: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(out)) files[name] = sha256(bytes);
  const manifest = buildManifest(student, files, opts, stages);
  try {
    mkdirSync(opts.outDir, { recursive: true });
    // the manifest goes last: a pack without one is not a pack (a crash never leaves a half-valid pack)
    rmSync(path.join(opts.outDir, MANIFEST_FILE), { force: true });
    for (const [name, bytes] of Object.entries(out)) {
      const tmp = path.join(opts.outDir, `.${name}.${process.pid}.tmp`);
      writeFileSync(tmp, bytes);
      renameSync(tmp, path.join(opts.outDir, name));
    }
  } catch (e) {
    throw new AppError('FileUnreadable', `Cannot write the model pack to ${opts.outDir}: ${(e as Error).message}`, { file: opts.outDir, cause: e });
  }
  writeJsonAtomic(path.join(opts.outDir, MANIFEST_FILE), manifest);
  ctx.onProgress({ type: 'stage', stage: 'export', fraction: 1 });
  return { dir: opts.outDir, manifest, ...(parity !== undefined ? { parityMaxAbsDiff: parity } : {}) };
}
