/**
 * `npm run build:cli` (npm ci runs it too, from "prepare"): bundles the `corrkd` CLI with esbuild
 * into dist/cli/, which main/cli/bin.js runs instead of compiling the TypeScript sources with tsx at
 * every start.
 *
 *   dist/cli/main/cli/corrkd.js      the CLI (ESM, Node 20), and its chunks (chunk-*.js) beside it:
 *                                    code splitting keeps each command's lazy imports lazy, so
 *                                    `--help` loads neither onnxruntime nor tfjs
 *   dist/cli/workers/*.worker.js     the core's worker_threads entries (audio, visual, inference)
 *   dist/cli/stamp.json              written last: the entry, and every source file the bundle was
 *                                    made from with its mtime and size (bin.js's freshness check)
 *
 * Layout as in build-electron.ts (shared pieces: main/tools/node-bundle.ts): the CLI sits two folders
 * below dist/cli/ so that worker-pools.ts finds `../../workers/<name>.worker.js`. npm packages stay
 * external (native ones, and those that read files beside their code, must), except the few plain
 * ones every start loads (INLINE below). Each bundle tells
 * paths.ts where the project root is (models/, assets/) from its own folder. The stamp's paths are
 * relative to its folder, so a build elsewhere (the tests build into a temp folder) works the same.
 */
import { build } from 'esbuild';
import type { Metafile } from 'esbuild';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inlinePackages, NODE_BUNDLE, ROOT, rootDefine, workerEntries } from '../../tools/node-bundle.ts';

export const CLI_OUT_DIR = path.join(ROOT, 'dist', 'cli');
export const STAMP_FILE = 'stamp.json';

/** dist/cli/stamp.json: paths relative to the stamp's folder. */
export interface CliStamp {
  entry: string;
  /** [file, mtimeMs, size] of every input. */
  inputs: [string, number, number][];
}

export interface CliBuild {
  outDir: string;
  /** The CLI's entry file (absolute). */
  entry: string;
  /** False when a source changed while it was being bundled: no stamp, bin.js keeps using tsx. */
  stamped: boolean;
  inputs: number;
}

/**
 * Plain-JavaScript packages every start loads (commands import them at the top), inlined: Node's
 * ESM loader resolves each file of an external package, and zod alone is ~250 files (measured on
 * `--help`, two busy cores: 0.55-0.65 s with them external, 0.4-0.5 s inlined).
 */
const INLINE = ['zod', 'commander', 'cli-progress', 'csv-parse', 'csv-stringify', 'pickleparser'];

/**
 * Inputs besides the sources: the build scripts, and package-lock.json, which changes with any
 * dependency (the inlined packages' own files are left out of the stamp: hundreds of stats).
 */
const EXTRA_INPUTS = [fileURLToPath(import.meta.url), path.join(ROOT, 'main/tools/node-bundle.ts'), path.join(ROOT, 'package-lock.json')];

export async function buildCli(outDir: string = CLI_OUT_DIR): Promise<CliBuild> {
  // mtimes at or after this moment (less the coarseness of file-system clocks) were written during the build
  const started = Date.now() - 50;
  rmSync(outDir, { recursive: true, force: true });
  const cliDir = path.join(outDir, 'main', 'cli');
  const workerDir = path.join(outDir, 'workers');
  const common = { ...NODE_BUNDLE, ...inlinePackages(INLINE), target: 'node20', logLevel: 'warning', absWorkingDir: ROOT, splitting: true, metafile: true } as const;
  const builds = await Promise.all([
    build({ ...common, entryPoints: [{ in: path.join(ROOT, 'main/cli/index.ts'), out: 'corrkd' }], outdir: cliDir, define: rootDefine(cliDir) }),
    build({ ...common, entryPoints: workerEntries(['main/workers']), outdir: workerDir, entryNames: '[name]', define: rootDefine(workerDir) }),
  ]);
  const entry = path.join(cliDir, 'corrkd.js');
  const sources = builds.flatMap((b) => Object.keys((b.metafile as Metafile).inputs)).filter((f) => !f.split('/').includes('node_modules'));
  const files = new Set([...sources.map((f) => path.resolve(ROOT, f)), ...EXTRA_INPUTS.filter((f) => existsSync(f))]);
  const inputs = [...files].sort().map((f): [string, number, number] => {
    const s = statSync(f);
    return [path.relative(outDir, f).split(path.sep).join('/'), s.mtimeMs, s.size];
  });
  const finished = Date.now() + 50;
  const changed = inputs.filter(([, mtimeMs]) => mtimeMs >= started && mtimeMs <= finished);
  if (changed.length > 0) {
    process.stderr.write(`build:cli: ${changed.map(([f]) => f).join(', ')} changed during the build; not stamped, so bin.js runs the sources until the next build.\n`);
    return { outDir, entry, stamped: false, inputs: inputs.length };
  }
  const stamp: CliStamp = { entry: path.relative(outDir, entry).split(path.sep).join('/'), inputs };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, STAMP_FILE), `${JSON.stringify(stamp)}\n`);
  return { outDir, entry, stamped: true, inputs: inputs.length };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const t0 = performance.now();
  const r = await buildCli();
  const where = path.relative(ROOT, r.outDir) || '.';
  process.stdout.write(`build:cli: ${where}/ from ${r.inputs} files in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}
