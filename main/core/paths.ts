import { fileURLToPath } from 'node:url';
import path from 'node:path';
import os from 'node:os';

/**
 * Replaced at build time in the CLI bundle (main/tools/node-bundle.ts `rootDefine`): the project
 * root relative to the bundle file's folder (dist/cli/main/cli/, dist/cli/workers/). Undefined when
 * this file runs from source.
 */
declare const CORRKD_BUNDLE_ROOT: string | undefined;

/** Project root (the folder with package.json), found from this file's location: main/core/../.. */
export const PROJECT_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  typeof CORRKD_BUNDLE_ROOT === 'string' ? CORRKD_BUNDLE_ROOT : path.join('..', '..'),
);

/** Bundled model packs and compact vocabularies. */
export const MODELS_DIR = process.env.CORRKD_MODELS_DIR ?? path.join(PROJECT_ROOT, 'models');

export const ASSETS_DIR = path.join(PROJECT_ROOT, 'assets');

/** Per-user data: feature cache, downloaded ASR models, results stores. */
export function userDataDir(): string {
  if (process.env.CORRKD_HOME) return process.env.CORRKD_HOME;
  const base =
    process.platform === 'win32'
      ? (process.env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local'))
      : process.platform === 'darwin'
        ? path.join(os.homedir(), 'Library', 'Application Support')
        : (process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'));
  return path.join(base, 'corrkd-studio');
}

export function cacheDir(): string {
  return process.env.CORRKD_CACHE_DIR ?? path.join(userDataDir(), 'cache');
}
