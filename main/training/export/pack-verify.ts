/**
 * Checks a model pack as the app must before using it (DESIGN 7, STYLE 11): the manifest parses, every
 * listed file exists with its sha256, and the ONNX graph's input/output names are the manifest's io
 * contract. Each failure names the file and what differs.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { AppError } from '../../core/errors.ts';
import { MANIFEST_FILE, modelManifestSchema } from './manifest-schema.ts';
import type { ModelManifest } from './manifest-schema.ts';

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
    throw new AppError('ModelContractMismatch', `${file} does not match the manifest schema: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, { file });
  }
  return r.data;
}

/** Verifies checksums and the io contract; returns the manifest. */
export async function verifyModelPack(dir: string): Promise<ModelManifest> {
  const m = readManifest(dir);
  for (const [name, want] of Object.entries(m.files)) {
    const file = path.join(dir, name);
    if (!existsSync(file)) throw new AppError('ModelMissing', `Model pack ${dir} is incomplete: ${name} is missing.`, { file });
    const got = createHash('sha256').update(readFileSync(file)).digest('hex');
    if (got !== want) throw new AppError('ModelContractMismatch', `${file}: sha256 ${got} does not match the manifest's ${want}.`, { file });
  }
  const modelFile = path.join(dir, m.model.file);
  const session = await ort.InferenceSession.create(modelFile);
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
