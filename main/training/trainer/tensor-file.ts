/**
 * One file holding named float32 tensors plus a JSON header: the format of checkpoints and of the
 * trained weights a run leaves behind (README.md in main/training).
 *
 *   bytes 0..7   magic "CKDTENS1"
 *   bytes 8..11  header length H (uint32 little-endian)
 *   H bytes      header JSON {format, version, meta, tensors: [{name, shape, offset, length}], dataSha256}
 *   padding to a multiple of 4, then the float32 data (little-endian), tensors back to back
 *
 * Writes are atomic (temporary file in the same folder, fsync, rename), so a process killed while
 * writing leaves the previous file intact. Reads verify the header (zod) and the data checksum.
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';

const MAGIC = 'CKDTENS1';
export const TENSOR_FILE_FORMAT = 'corrkd-tensors';
export const TENSOR_FILE_VERSION = 1;

export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

const headerSchema = z.object({
  format: z.literal(TENSOR_FILE_FORMAT),
  version: z.literal(TENSOR_FILE_VERSION),
  meta: z.unknown(),
  tensors: z.array(
    z.object({
      name: z.string().min(1),
      shape: z.array(z.number().int().min(0)),
      offset: z.number().int().min(0),
      length: z.number().int().min(0),
    }),
  ),
  dataSha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/** Writes `file` atomically (tmp + fsync + rename). */
export function writeTensorFile(file: string, meta: unknown, tensors: NamedTensor[]): void {
  const names = new Set<string>();
  let offset = 0;
  const entries = tensors.map((t) => {
    if (names.has(t.name)) throw new AppError('Internal', `${file}: tensor '${t.name}' written twice.`);
    names.add(t.name);
    const n = t.shape.reduce((a, b) => a * b, 1);
    if (n !== t.data.length) throw new AppError('Internal', `${file}: tensor '${t.name}' has ${t.data.length} values for shape [${t.shape.join(', ')}].`);
    const e = { name: t.name, shape: t.shape, offset, length: n };
    offset += n;
    return e;
  });
  const data = new Float32Array(offset);
  tensors.forEach((t, i) => data.set(t.data, entries[i]!.offset));
  const dataBytes = new Uint8Array(data.buffer);
  const header = { format: TENSOR_FILE_FORMAT, version: TENSOR_FILE_VERSION, meta, tensors: entries, dataSha256: createHash('sha256').update(dataBytes).digest('hex') };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const pre = Buffer.alloc(12);
  pre.write(MAGIC, 0, 'latin1');
  pre.writeUInt32LE(headerBytes.length, 8);
  const pad = Buffer.alloc((4 - ((12 + headerBytes.length) % 4)) % 4);

  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w');
    for (const b of [pre, headerBytes, pad, dataBytes]) {
      let done = 0;
      while (done < b.length) done += writeSync(fd, b, done, b.length - done);
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw new AppError('FileUnreadable', `Cannot write ${file}: ${(e as Error).message}`, { file, cause: e });
  }
}

export interface TensorFile {
  meta: unknown;
  tensors: Map<string, NamedTensor>;
}

export function readTensorFile(file: string): TensorFile {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    throw new AppError('FileUnreadable', `Cannot read ${file}: ${(e as Error).message}`, { file, cause: e });
  }
  const bad = (why: string): AppError => new AppError('InvalidDataset', `${file} is not a valid CorrKD tensor file: ${why}.`, { file });
  if (buf.length < 12 || buf.toString('latin1', 0, 8) !== MAGIC) throw bad('wrong magic bytes');
  const hLen = buf.readUInt32LE(8);
  if (12 + hLen > buf.length) throw bad('header runs past the end of the file');
  let parsed: z.infer<typeof headerSchema>;
  try {
    parsed = headerSchema.parse(JSON.parse(buf.toString('utf8', 12, 12 + hLen)));
  } catch (e) {
    throw bad(`header does not parse (${(e as Error).message.slice(0, 200)})`);
  }
  const start = 12 + hLen + ((4 - ((12 + hLen) % 4)) % 4);
  const total = parsed.tensors.reduce((s, t) => Math.max(s, t.offset + t.length), 0);
  if (buf.length !== start + total * 4) throw bad(`expected ${start + total * 4} bytes, found ${buf.length} (truncated?)`);
  const dataBytes = buf.subarray(start);
  if (createHash('sha256').update(dataBytes).digest('hex') !== parsed.dataSha256) throw bad('data checksum mismatch');
  // copy into an aligned buffer (the Buffer's offset in its pool need not be a multiple of 4)
  const data = new Float32Array(new Uint8Array(dataBytes).buffer);
  const tensors = new Map<string, NamedTensor>();
  for (const t of parsed.tensors) {
    if (t.shape.reduce((a, b) => a * b, 1) !== t.length) throw bad(`tensor '${t.name}' length does not match its shape`);
    tensors.set(t.name, { name: t.name, shape: t.shape, data: data.slice(t.offset, t.offset + t.length) });
  }
  return { meta: parsed.meta, tensors };
}
