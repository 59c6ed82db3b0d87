import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.ts';
import { MODELS_DIR } from '../paths.ts';
import { MANIFEST_FILE, modelManifestSchema, type ModelManifest } from './manifest-schema.ts';
import { EXTRACTORS } from '../pipeline/clip-features.ts';
import type { PackInfo, ShortModality } from './pack-info.ts';

/**
 * Model packs are data with a manifest (DESIGN 7, STYLE habit 11): a pack is "present" only when
 * its manifest parses, every listed file exists with the listed sha256, and its io contract fits
 * this app's extractors. Every refusal names the file and the mismatch.
 */
export const DEFAULT_PACK_DIR = path.join(MODELS_DIR, 'default');

const SHORT = { text: 'l', audio: 'a', visual: 'v' } as const;

async function sha256Of(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

export async function readManifest(dir: string): Promise<ModelManifest> {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AppError('ModelMissing', code === 'ENOENT' ? `No model pack at ${dir}: ${MANIFEST_FILE} is missing.` : `Cannot read ${file} (${code ?? String(e)}).`, { file, cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new AppError('ModelContractMismatch', `${file} is not valid JSON: ${(e as Error).message}`, { file, cause: e });
  }
  const parsed = modelManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new AppError('ModelContractMismatch', `${file} does not match the model-pack manifest schema: ${issues.join('; ')}`, { file });
  }
  return parsed.data;
}

/** Checks every file's presence and checksum. */
export async function verifyPackFiles(dir: string, m: ModelManifest): Promise<void> {
  for (const [name, expected] of Object.entries(m.files)) {
    const file = path.join(dir, name);
    if (path.relative(dir, file).startsWith('..') || path.isAbsolute(name)) {
      throw new AppError('ModelContractMismatch', `${path.join(dir, MANIFEST_FILE)} lists a file outside the pack: ${name}`, { file: dir });
    }
    try {
      await stat(file);
    } catch {
      throw new AppError('ModelMissing', `Model pack ${dir} is incomplete: ${name} is listed in the manifest but missing.`, { file });
    }
    const actual = await sha256Of(file);
    if (actual !== expected) {
      throw new AppError('ModelContractMismatch', `${file} does not match its checksum in the manifest (expected sha256 ${expected.slice(0, 12)}..., found ${actual.slice(0, 12)}...): the pack was modified or is corrupt.`, { file });
    }
  }
}

/** Checks the io contract against this app's extractors and the manifest's own inputs. */
export function checkContract(dir: string, m: ModelManifest): void {
  const file = path.join(dir, MANIFEST_FILE);
  const problems: string[] = [];
  for (const mod of ['text', 'audio', 'visual'] as const) {
    const want = EXTRACTORS[mod];
    const got = m.extractors[mod];
    if (got.id !== want.id || got.version !== want.version || got.dim !== want.dim) {
      problems.push(`${mod} extractor is ${got.id} v${got.version} (${got.dim}-d), this app computes ${want.id} v${want.version} (${want.dim}-d)`);
    }
    const input = m.io.inputs.find((i) => i.name === m.inputs[mod]);
    if (!input) {
      problems.push(`input '${m.inputs[mod]}' for ${mod} is not in io.inputs`);
      continue;
    }
    const [, t, d] = input.shape;
    if (input.shape.length !== 3 || t !== m.T || d !== got.dim) {
      problems.push(`input '${input.name}' has shape [${input.shape.join(', ')}], expected [batch, ${m.T}, ${got.dim}]`);
    }
  }
  for (const out of ['probabilities', 'score']) {
    if (!m.io.outputs.some((o) => o.name === out)) problems.push(`output '${out}' is not in io.outputs`);
  }
  if (problems.length) throw new AppError('ModelContractMismatch', `${file}: io contract mismatch: ${problems.join('; ')}.`, { file });
}

const loaded = new Map<string, Promise<PackInfo>>();

function toPackInfo(dir: string, m: ModelManifest): PackInfo {
  const dims = { l: m.extractors.text.dim, a: m.extractors.audio.dim, v: m.extractors.visual.dim };
  const normalisation: PackInfo['normalisation'] = {};
  if (m.normalisation.audio) normalisation.a = m.normalisation.audio;
  if (m.normalisation.visual) normalisation.v = m.normalisation.visual;
  return {
    dir,
    id: m.id,
    version: m.version,
    modelPath: path.join(dir, m.model.file),
    T: m.T,
    dims,
    inputNames: { l: m.inputs.text, a: m.inputs.audio, v: m.inputs.visual },
    outputNames: { probabilities: 'probabilities', score: 'score' },
    normalisation,
    trainedModalities: m.trainedModalities.map((t) => SHORT[t] as ShortModality),
    extractors: { l: m.extractors.text, a: m.extractors.audio, v: m.extractors.visual },
  };
}

/** Loads and verifies a pack (memoised per folder for the process; a failure is not cached). */
export function loadPack(dir: string = DEFAULT_PACK_DIR): Promise<PackInfo> {
  const abs = path.resolve(dir);
  let p = loaded.get(abs);
  if (!p) {
    p = (async () => {
      const m = await readManifest(abs);
      checkContract(abs, m);
      await verifyPackFiles(abs, m);
      return toPackInfo(abs, m);
    })();
    loaded.set(abs, p);
    p.catch(() => loaded.delete(abs));
  }
  return p;
}

/** Forgets verified packs (after a pack was replaced on disk). */
export function forgetPacks(): void {
  loaded.clear();
}

/**
 * The full check, including the ONNX graph: its input/output names must be the manifest's io
 * contract (training export and tests use it; the app checks the names when its worker opens the
 * session, so loading a pack does not build a second session on the main thread).
 */
export async function verifyModelPack(dir: string): Promise<ModelManifest> {
  const m = await readManifest(dir);
  await verifyPackFiles(dir, m);
  const modelFile = path.join(dir, m.model.file);
  const { InferenceSession } = await import('onnxruntime-node');
  const session = await InferenceSession.create(modelFile);
  try {
    const same = (a: readonly string[], b: string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));
    const wantIn = m.io.inputs.map((t) => t.name);
    const wantOut = m.io.outputs.map((t) => t.name);
    if (!same(session.inputNames, wantIn) || !same(session.outputNames, wantOut)) {
      throw new AppError(
        'ModelContractMismatch',
        `${modelFile}: graph inputs [${session.inputNames.join(', ')}] / outputs [${session.outputNames.join(', ')}] do not match the manifest's [${wantIn.join(', ')}] / [${wantOut.join(', ')}].`,
        { file: modelFile },
      );
    }
  } finally {
    await session.release();
  }
  return m;
}
