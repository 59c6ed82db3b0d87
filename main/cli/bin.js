#!/usr/bin/env node
// Installed entry point (package.json "bin"). Runs the esbuild bundle that `npm run build:cli` writes
// to dist/cli/ (npm ci builds it, from "prepare") when it is current: it starts in a fraction of a
// second. Otherwise it runs the TypeScript sources through tsx's loader, as `npm run cli` does, which
// compiles them at every start (about 2 s).
//
// "Current": the build writes dist/cli/stamp.json last, listing every source file the bundle was made
// from (esbuild's metafile inputs, plus the build scripts) with its mtime and size; the bundle runs
// only while all of them still have those. That is one stat per file (a few hundred, a few ms): no
// hashing, no git, and no list of the whole tree. A new source file only matters once a listed file
// imports it, which changes that file; a deleted one fails its stat. A missing or unreadable stamp
// (never built, build in progress, build failed) means the sources.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli');

/** The bundle's entry file when the stamp says it was built from the sources as they are now. */
function currentBundle() {
  try {
    const stamp = JSON.parse(readFileSync(path.join(dist, 'stamp.json'), 'utf8'));
    for (const [file, mtimeMs, size] of stamp.inputs) {
      const s = statSync(path.resolve(dist, file), { throwIfNoEntry: false });
      if (!s || s.mtimeMs !== mtimeMs || s.size !== size) return undefined;
    }
    const entry = path.resolve(dist, stamp.entry);
    return statSync(entry, { throwIfNoEntry: false })?.isFile() ? entry : undefined;
  } catch {
    return undefined;
  }
}

const bundle = currentBundle();
if (bundle) {
  // stack traces (printed with CORRKD_DEBUG) then name the .ts sources
  if (process.env.CORRKD_DEBUG) process.setSourceMapsEnabled(true);
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./index.ts');
}
