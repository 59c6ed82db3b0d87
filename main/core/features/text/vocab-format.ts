import path from 'node:path';
import { z } from 'zod';
import { MODELS_DIR } from '../../paths.ts';

/**
 * The text-v1 vocabulary on disk (layout in README.md beside this file): one binary `vocab.bin` and a
 * JSON header `text-v1.json`. Shared by the builder (build-vocab.ts) and the loader (vocab.ts).
 */

export const TEXT_V1_ID = 'text-v1';
export const TEXT_V1_DIMS = 100;
export const VOCAB_FORMAT_VERSION = 1;
export const VOCAB_MAGIC = 'CKDTXT01';
/** Fixed-size binary header; the rest of the 64 bytes after the fields is reserved (zeros). */
export const VOCAB_HEADER_BYTES = 64;
export const VOCAB_BIN = 'vocab.bin';
export const VOCAB_HEADER_JSON = 'text-v1.json';
export const QUANTISATION = 'int8-symmetric-per-row';

export function textV1Dir(modelsDir: string = MODELS_DIR): string {
  return path.join(modelsDir, TEXT_V1_ID);
}

/** Byte offsets of the sections of vocab.bin, all from the start of the file. */
export interface VocabLayout {
  count: number;
  dims: number;
  wordBytes: number;
  offsetsAt: number; // u32[count + 1]
  blobAt: number; // UTF-8 words, sorted by byte order
  scalesAt: number; // f32[count], 4-byte aligned
  vectorsAt: number; // i8[count * dims]
  totalBytes: number;
}

const align4 = (n: number): number => (n + 3) & ~3;

export function computeLayout(count: number, dims: number, wordBytes: number): VocabLayout {
  const offsetsAt = VOCAB_HEADER_BYTES;
  const blobAt = offsetsAt + 4 * (count + 1);
  const scalesAt = align4(blobAt + wordBytes);
  const vectorsAt = scalesAt + 4 * count;
  return { count, dims, wordBytes, offsetsAt, blobAt, scalesAt, vectorsAt, totalBytes: vectorsAt + count * dims };
}

/** The JSON header next to vocab.bin; zod-validated when read back (STYLE habit 3). */
export const VocabHeaderSchema = z.object({
  extractor: z.literal(TEXT_V1_ID),
  formatVersion: z.literal(VOCAB_FORMAT_VERSION),
  dims: z.number().int().positive(),
  count: z.number().int().positive(),
  file: z.string(),
  bytes: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  quantisation: z.literal(QUANTISATION),
  /** Identity of the source the binary was built from; the builder skips when it is unchanged. */
  source: z.object({
    package: z.string(),
    version: z.string(),
    bytes: z.number().int().nonnegative(),
    mtimeMs: z.number(),
  }),
  builtAt: z.string(),
});
export type VocabHeader = z.infer<typeof VocabHeaderSchema>;
