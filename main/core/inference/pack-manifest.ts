import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.ts';
import { MANIFEST_FILE, modelManifestSchema, type ModelManifest } from './manifest-schema.ts';
import type { PackInfo, ShortModality } from './pack-info.ts';

/**
 * Reading a model pack (DESIGN 7, STYLE habit 11): the manifest against its schema, every listed
 * file present with its sha256, and the PackInfo inference and evaluation need. Light on purpose
 * (no pipeline imports): the app's loader (pack.ts) adds the check against this app's extractors,
 * evaluation of research packs uses this alone. Every refusal names the file and the mismatch.
 */
const SHORT = { text: 'l', audio: 'a', visual: 'v' } as const;

function sha256Of(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

export function readManifest(dir: string): ModelManifest {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
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
export function verifyPackFiles(dir: string, m: ModelManifest): void {
  for (const [name, expected] of Object.entries(m.files)) {
    const file = path.join(dir, name);
    if (path.relative(dir, file).startsWith('..') || path.isAbsolute(name)) {
      throw new AppError('ModelContractMismatch', `${path.join(dir, MANIFEST_FILE)} lists a file outside the pack: ${name}`, { file: dir });
    }
    try {
      statSync(file);
    } catch {
      throw new AppError('ModelMissing', `Model pack ${dir} is incomplete: ${name} is listed in the manifest but missing.`, { file });
    }
    const actual = sha256Of(file);
    if (actual !== expected) {
      throw new AppError('ModelContractMismatch', `${file} does not match its checksum in the manifest (expected sha256 ${expected.slice(0, 12)}..., found ${actual.slice(0, 12)}...): the pack was modified or is corrupt.`, { file });
    }
  }
}

export function packInfoFromManifest(dir: string, m: ModelManifest): PackInfo {
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

