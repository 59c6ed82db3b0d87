import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../errors.ts';
import { VOCAB_FORMAT_VERSION, VOCAB_HEADER_BYTES, VOCAB_HEADER_JSON, VOCAB_MAGIC, VocabHeaderSchema, computeLayout } from './vocab-format.ts';
import type { VocabHeader } from './vocab-format.ts';

const BUILD_HINT = 'build it with `npm run build:vocab` (part of `npm run setup`)';

/**
 * The text-v1 vocabulary in memory: the binary file as-is (typed-array views, no per-word objects),
 * looked up by binary search over the byte-sorted word table.
 */
export class TextVocab {
  readonly count: number;
  readonly dims: number;
  readonly header: VocabHeader;
  private readonly offsets: Uint32Array;
  private readonly blob: Uint8Array;
  private readonly scales: Float32Array;
  private readonly vectors: Int8Array;
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  constructor(bytes: Uint8Array, header: VocabHeader) {
    // Typed-array views need 4-byte alignment of the sections; copy once if the buffer is not aligned.
    const buf = bytes.byteOffset % 4 === 0 ? bytes : new Uint8Array(bytes);
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const magic = new TextDecoder('ascii').decode(buf.subarray(0, 8));
    const version = dv.getUint32(8, true);
    if (buf.byteLength < VOCAB_HEADER_BYTES || magic !== VOCAB_MAGIC || version !== VOCAB_FORMAT_VERSION) {
      throw new AppError('ModelContractMismatch', `text-v1 ${header.file} is not a version ${VOCAB_FORMAT_VERSION} vocabulary (magic "${magic}", version ${version}); ${BUILD_HINT}.`);
    }
    const [count, dims, wordBytes] = [dv.getUint32(12, true), dv.getUint32(16, true), dv.getUint32(20, true)];
    const L = computeLayout(count, dims, wordBytes);
    const stored = [24, 28, 32, 36].map((o) => dv.getUint32(o, true));
    const expected = [L.offsetsAt, L.blobAt, L.scalesAt, L.vectorsAt];
    if (count !== header.count || dims !== header.dims || L.totalBytes !== buf.byteLength || expected.some((v, i) => v !== stored[i])) {
      throw new AppError('ModelContractMismatch', `text-v1 ${header.file} layout does not match its header (${count} x ${dims}, ${buf.byteLength} bytes; header says ${header.count} x ${header.dims}); ${BUILD_HINT}.`);
    }
    this.header = header;
    this.count = count;
    this.dims = dims;
    this.offsets = new Uint32Array(buf.buffer, buf.byteOffset + L.offsetsAt, count + 1);
    this.blob = buf.subarray(L.blobAt, L.blobAt + wordBytes);
    this.scales = new Float32Array(buf.buffer, buf.byteOffset + L.scalesAt, count);
    this.vectors = new Int8Array(buf.buffer, buf.byteOffset + L.vectorsAt, count * dims);
  }

  /** Row index of an exact vocabulary token, or -1. */
  indexOf(word: string): number {
    const q = this.encoder.encode(word);
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.compareAt(mid, q);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  wordAt(i: number): string {
    return this.decoder.decode(this.blob.subarray(this.offsets[i], this.offsets[i + 1]));
  }

  /** The de-quantised vector of row i (int8 * per-row scale). */
  vectorAt(i: number, out: Float32Array = new Float32Array(this.dims)): Float32Array {
    const s = this.scales[i] ?? 0;
    const base = i * this.dims;
    for (let d = 0; d < this.dims; d++) out[d] = (this.vectors[base + d] ?? 0) * s;
    return out;
  }

  /** Cosine of a query with every row, on the int8 codes (the scale cancels in a cosine). */
  cosineAll(query: Float32Array): Float32Array {
    const out = new Float32Array(this.count);
    let qn = 0;
    for (let d = 0; d < this.dims; d++) qn += (query[d] ?? 0) ** 2;
    qn = Math.sqrt(qn);
    for (let i = 0; i < this.count; i++) {
      const base = i * this.dims;
      let dot = 0;
      let nn = 0;
      for (let d = 0; d < this.dims; d++) {
        const v = this.vectors[base + d] ?? 0;
        dot += v * (query[d] ?? 0);
        nn += v * v;
      }
      out[i] = nn === 0 || qn === 0 ? 0 : dot / (Math.sqrt(nn) * qn);
    }
    return out;
  }

  private compareAt(i: number, q: Uint8Array): number {
    const start = this.offsets[i] ?? 0;
    const len = (this.offsets[i + 1] ?? 0) - start;
    const n = Math.min(len, q.length);
    for (let k = 0; k < n; k++) {
      const diff = (this.blob[start + k] ?? 0) - (q[k] ?? 0);
      if (diff !== 0) return diff;
    }
    return len - q.length;
  }
}

/** Reads and verifies (header schema, sha256, layout) the text-v1 vocabulary in `dir`. */
export function loadTextVocab(dir: string): TextVocab {
  const headerFile = path.join(dir, VOCAB_HEADER_JSON);
  if (!existsSync(headerFile)) {
    throw new AppError('ModelMissing', `The text-v1 vocabulary is missing (${headerFile} not found); ${BUILD_HINT}.`, { file: headerFile });
  }
  const parsed = VocabHeaderSchema.safeParse(JSON.parse(readFileSync(headerFile, 'utf8')));
  if (!parsed.success) {
    throw new AppError('ModelContractMismatch', `${headerFile} is not a text-v1 header: ${parsed.error.message}; ${BUILD_HINT}.`, { file: headerFile });
  }
  const header = parsed.data;
  const binFile = path.join(dir, header.file);
  if (!existsSync(binFile)) {
    throw new AppError('ModelMissing', `The text-v1 vocabulary binary ${binFile} is missing; ${BUILD_HINT}.`, { file: binFile });
  }
  const bytes = readFileSync(binFile);
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (bytes.length !== header.bytes || sha !== header.sha256) {
    throw new AppError(
      'ModelContractMismatch',
      `${binFile} does not match its header (${bytes.length} bytes, sha256 ${sha.slice(0, 12)}...; expected ${header.bytes} bytes, ${header.sha256.slice(0, 12)}...); ${BUILD_HINT}.`,
      { file: binFile },
    );
  }
  return new TextVocab(bytes, header);
}
