import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { asrModelDir, pullHint, userModelsDir } from './asr-models.ts';
import type { AsrModelSpec } from './asr-models.ts';

/**
 * STYLE habit 11: a downloaded model is "present" only when complete and verified. After a pull,
 * `corrkd-model.json` in the model's folder lists every file with size and sha256; loading checks it.
 */

export const MODEL_MANIFEST = 'corrkd-model.json';

const ManifestSchema = z.object({
  name: z.string(),
  repo: z.string(),
  dtype: z.record(z.string(), z.string()),
  pulledAt: z.string(),
  files: z.array(z.object({ path: z.string(), bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })).min(1),
});
export type ModelManifest = z.infer<typeof ManifestSchema>;

export type ModelState =
  | { state: 'present'; dir: string; manifest: ModelManifest; bytes: number }
  | { state: 'missing'; dir: string; reason: string };

async function sha256Of(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

async function listFiles(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const r = path.posix.join(rel, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(dir, r)));
    else if (e.isFile() && e.name !== MODEL_MANIFEST && !e.name.endsWith('.tmp')) out.push(r);
  }
  return out.sort();
}

/** Writes the manifest for everything now in the model's folder (called after a successful pull). */
export async function writeModelManifest(spec: AsrModelSpec, root?: string): Promise<ModelManifest> {
  const dir = asrModelDir(spec, root);
  const files = [];
  for (const rel of await listFiles(dir)) {
    const full = path.join(dir, rel);
    files.push({ path: rel, bytes: (await stat(full)).size, sha256: await sha256Of(full) });
  }
  const manifest: ModelManifest = { name: spec.name, repo: spec.repo, dtype: { ...spec.dtype }, pulledAt: new Date().toISOString(), files };
  await writeFile(path.join(dir, `${MODEL_MANIFEST}.tmp`), `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(path.join(dir, `${MODEL_MANIFEST}.tmp`), path.join(dir, MODEL_MANIFEST));
  return manifest;
}

/**
 * Is the model there and complete? Sizes are always checked; `verify` also re-hashes every file
 * (done once before the first load in a process).
 */
export async function modelState(spec: AsrModelSpec, opts: { root?: string; verify?: boolean } = {}): Promise<ModelState> {
  const dir = asrModelDir(spec, opts.root);
  const manifestFile = path.join(dir, MODEL_MANIFEST);
  if (!existsSync(manifestFile)) return { state: 'missing', dir, reason: `not downloaded (no ${MODEL_MANIFEST} in ${dir})` };
  const parsed = ManifestSchema.safeParse(JSON.parse(await readFile(manifestFile, 'utf8').catch(() => 'null')));
  if (!parsed.success) return { state: 'missing', dir, reason: `${manifestFile} is unreadable or not a model manifest` };
  const manifest = parsed.data;
  for (const f of manifest.files) {
    const full = path.join(dir, f.path);
    const st = await stat(full).catch(() => null);
    if (!st || st.size !== f.bytes) return { state: 'missing', dir, reason: `incomplete: ${f.path} is ${st ? `${st.size} bytes, expected ${f.bytes}` : 'missing'}` };
    if (opts.verify && (await sha256Of(full)) !== f.sha256) return { state: 'missing', dir, reason: `corrupt: the sha256 of ${f.path} does not match ${MODEL_MANIFEST}` };
  }
  return { state: 'present', dir, manifest, bytes: manifest.files.reduce((n, f) => n + f.bytes, 0) };
}

/** The AppError for a model that is not usable, saying exactly how to get it. */
export function modelMissingError(spec: AsrModelSpec, reason: string): AppError {
  return new AppError(
    'ModelMissing',
    `The speech recognition model ${spec.name} is not available (${reason}). Download it once with \`${pullHint(spec)}\` ` +
      `(about ${spec.approxMB} MB, needs internet), or copy its folder ${spec.repo} from a machine that has it into ${userModelsDir()}.`,
  );
}
