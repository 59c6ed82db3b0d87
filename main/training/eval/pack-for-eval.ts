/**
 * Reads a model pack folder into the PackInfo that evaluation needs: manifest.json validated with
 * the export's schema and every listed file present with its sha256. Unlike the app's loader
 * (core/inference/pack.ts) it does not require the app's own extractors: a pack trained on research
 * features (e.g. a pickle's GloVe) is evaluated on data with the same dims (loadEvalData checks them).
 * It also stays light: importing core/inference/pack.ts pulls in the whole clip pipeline (~10 s).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../core/errors.ts';
import type { PackInfo, ShortModality } from '../../core/inference/pack-info.ts';
import { MANIFEST_FILE, modelManifestSchema, type ModelManifest } from '../../core/inference/manifest-schema.ts';

const SHORT = { text: 'l', audio: 'a', visual: 'v' } as const;

export function readManifest(dir: string): ModelManifest {
  const file = path.join(dir, MANIFEST_FILE);
  if (!existsSync(file)) throw new AppError('ModelMissing', `${dir} is not a model pack: ${MANIFEST_FILE} is missing.`, { file });
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AppError('ModelContractMismatch', `${file} is not valid JSON: ${(e as Error).message}`, { file, cause: e });
  }
  const r = modelManifestSchema.safeParse(raw);
  if (!r.success) {
    const why = r.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new AppError('ModelContractMismatch', `${file} is not a valid model manifest: ${why}`, { file });
  }
  return r.data;
}

export function packInfoFromManifest(dir: string, m: ModelManifest): PackInfo {
  const modelPath = path.join(dir, m.model.file);
  if (!existsSync(modelPath)) throw new AppError('ModelMissing', `Model pack ${dir} is incomplete: ${m.model.file} is missing.`, { file: modelPath });
  const norm: PackInfo['normalisation'] = {};
  if (m.normalisation.audio) norm.a = m.normalisation.audio;
  if (m.normalisation.visual) norm.v = m.normalisation.visual;
  const scoreOut = m.io.outputs.find((o) => o.name === 'score')?.name ?? 'score';
  const probOut = m.io.outputs.find((o) => o.name === 'probabilities')?.name ?? 'probabilities';
  return {
    dir,
    id: m.id,
    version: m.version,
    modelPath,
    T: m.T,
    dims: { l: m.extractors.text.dim, a: m.extractors.audio.dim, v: m.extractors.visual.dim },
    inputNames: { l: m.inputs.text, a: m.inputs.audio, v: m.inputs.visual },
    outputNames: { probabilities: probOut, score: scoreOut },
    normalisation: norm,
    trainedModalities: m.trainedModalities.map((t) => SHORT[t] as ShortModality),
    extractors: { l: m.extractors.text, a: m.extractors.audio, v: m.extractors.visual },
  };
}

/** Every file the manifest lists exists inside the pack with the listed sha256. */
export function verifyPackFiles(dir: string, m: ModelManifest): void {
  for (const [name, want] of Object.entries(m.files)) {
    const file = path.join(dir, name);
    if (path.isAbsolute(name) || path.relative(dir, file).startsWith('..')) {
      throw new AppError('ModelContractMismatch', `${path.join(dir, MANIFEST_FILE)} lists a file outside the pack: ${name}`, { file: dir });
    }
    if (!existsSync(file)) throw new AppError('ModelMissing', `Model pack ${dir} is incomplete: ${name} is listed in the manifest but missing.`, { file });
    const got = createHash('sha256').update(readFileSync(file)).digest('hex');
    if (got !== want) {
      throw new AppError('ModelContractMismatch', `${file} does not match its sha256 in the manifest (expected ${want.slice(0, 12)}..., found ${got.slice(0, 12)}...).`, { file });
    }
  }
}

export function readPackForEval(dir: string): PackInfo {
  const m = readManifest(dir);
  verifyPackFiles(dir, m);
  return packInfoFromManifest(dir, m);
}
