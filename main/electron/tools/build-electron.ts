/**
 * `npm run build:electron`: bundles the Electron side with esbuild into dist/electron/
 *
 *   dist/electron/main/app/main.js        the main process (ESM; npm packages stay external and are
 *                                         loaded from node_modules, native ones unpacked from the asar)
 *   dist/electron/workers/*.worker.js     worker_threads entries: the core's (audio, visual, inference)
 *                                         and the window's training worker
 *   dist/electron/preload.cjs             the sandboxed preload (CommonJS, everything inlined but electron)
 *
 * The main bundle sits two folders below dist/electron because the core finds its workers at
 * `../../workers/<name>.worker.js` from the module that starts them (worker-pools.ts); the bundle
 * keeps that relation. The renderer is built by Vite (`npm run build:renderer`).
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { NODE_BUNDLE, ROOT as root, workerEntries } from '../../tools/node-bundle.ts';

const out = path.join(root, 'dist', 'electron');
const workers = workerEntries(['main/workers', 'main/electron/workers']);

rmSync(out, { recursive: true, force: true });

// Electron 41 runs Node 22. No CORRKD_BUNDLE_ROOT define: packaged-env.ts sets CORRKD_MODELS_DIR.
const nodeCommon = { ...NODE_BUNDLE, target: 'node22' } as const;

await build({ ...nodeCommon, entryPoints: [path.join(root, 'main/electron/main.ts')], outfile: path.join(out, 'main/app/main.js') });
await build({ ...nodeCommon, entryPoints: workers, outdir: path.join(out, 'workers'), entryNames: '[name]' });
await build({
  entryPoints: [path.join(root, 'preload/preload.ts')],
  outfile: path.join(out, 'preload.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'chrome130',
  external: ['electron'],
  sourcemap: false,
  logLevel: 'info',
});
