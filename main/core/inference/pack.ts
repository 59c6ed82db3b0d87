import path from 'node:path';
import { AppError } from '../errors.ts';
import { MODELS_DIR } from '../paths.ts';
import { EXTRACTORS } from '../features/extractors.ts';
import { MANIFEST_FILE, type ModelManifest } from './manifest-schema.ts';
import { packInfoFromManifest, readManifest, verifyPackFiles } from './pack-manifest.ts';
import type { PackInfo } from './pack-info.ts';

export { packInfoFromManifest, readManifest, verifyPackFiles };

/**
 * Model packs are data with a manifest (DESIGN 7, STYLE habit 11): a pack is "present" only when
 * its manifest parses, every listed file exists with the listed sha256, and its io contract fits
 * this app's extractors. Every refusal names the file and the mismatch.
 */
export const DEFAULT_PACK_DIR = path.join(MODELS_DIR, 'default');

/**
 * Checks the io contract against this app's extractors and the manifest's own inputs. Only the
 * modalities the pack was trained on must match this app's extractors: an untrained one is fed as
 * zeros of the pack's own declared dim (student-inputs.ts), so a text-only pack keeps working when
 * the app's audio or visual extractor changes.
 */
export function checkContract(dir: string, m: ModelManifest): void {
  const file = path.join(dir, MANIFEST_FILE);
  const problems: string[] = [];
  for (const mod of ['text', 'audio', 'visual'] as const) {
    const want = EXTRACTORS[mod];
    const got = m.extractors[mod];
    const trained = m.trainedModalities.includes(mod);
    if (trained && (got.id !== want.id || got.version !== want.version || got.dim !== want.dim)) {
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

/** Loads and verifies a pack (memoised per folder for the process; a failure is not cached). */
export function loadPack(dir: string = DEFAULT_PACK_DIR): Promise<PackInfo> {
  const abs = path.resolve(dir);
  let p = loaded.get(abs);
  if (!p) {
    p = (async () => {
      const m = readManifest(abs);
      checkContract(abs, m);
      verifyPackFiles(abs, m);
      return packInfoFromManifest(abs, m);
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
  const m = readManifest(dir);
  verifyPackFiles(dir, m);
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
