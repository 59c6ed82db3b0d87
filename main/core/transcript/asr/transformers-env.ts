import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type * as TransformersModule from '@huggingface/transformers';
import { userModelsDir } from './asr-models.ts';

/**
 * The one place that configures transformers.js (imported lazily: ~2 s and a few hundred MB that
 * only ASR needs). Models live in the user's model folder: `localModelPath` (where local loads
 * look) and `cacheDir` (where downloads are written) are the same folder, so a pulled model is
 * found by a later local-only load. Remote access is off except while `corrkd models pull` runs.
 */

export type Transformers = typeof TransformersModule;

let mod: Promise<Transformers> | undefined;

export async function loadTransformers(opts: { allowRemote: boolean }): Promise<Transformers> {
  mod ??= import('@huggingface/transformers');
  const t = await mod;
  const root = userModelsDir();
  mkdirSync(root, { recursive: true });
  t.env.allowLocalModels = true;
  t.env.localModelPath = `${root}${path.sep}`;
  t.env.cacheDir = root;
  t.env.useFSCache = true;
  t.env.allowRemoteModels = opts.allowRemote;
  return t;
}
