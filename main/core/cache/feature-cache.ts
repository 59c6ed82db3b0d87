import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/**
 * Feature cache (DESIGN 3): entries keyed by (content sha256, extractor versions, options), so
 * re-analysis and dataset builds reuse the expensive stages. An entry is a JSON header plus typed
 * arrays in one file, written to a temporary name and renamed, so a crash never leaves a torn entry.
 * A corrupt or mismatching entry is treated as a miss (and removed), never as data.
 */
type TypedArray = Float32Array | Float64Array | Uint8Array | Int32Array;
const ARRAY_TYPES = { f32: Float32Array, f64: Float64Array, u8: Uint8Array, i32: Int32Array } as const;
type ArrayTag = keyof typeof ARRAY_TYPES;

const MAGIC = 'CKDC1';
const headerSchema = z.object({
  key: z.string(),
  json: z.unknown(),
  arrays: z.array(z.object({ name: z.string(), type: z.enum(['f32', 'f64', 'u8', 'i32']), offset: z.number().int(), length: z.number().int() })),
});

export interface CacheEntry {
  json: unknown;
  arrays: Record<string, TypedArray>;
}

function tagOf(a: TypedArray): ArrayTag {
  if (a instanceof Float32Array) return 'f32';
  if (a instanceof Float64Array) return 'f64';
  if (a instanceof Int32Array) return 'i32';
  return 'u8';
}

export function cacheKey(parts: Record<string, string | number | boolean>): string {
  const canonical = JSON.stringify(Object.keys(parts).sort().map((k) => [k, parts[k]]));
  return createHash('sha256').update(canonical).digest('hex').slice(0, 40);
}

export class FeatureCache {
  constructor(readonly dir: string) {}

  private file(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.ckdc`);
  }

  async get(key: string): Promise<CacheEntry | null> {
    let buf: Buffer;
    try {
      buf = await readFile(this.file(key));
    } catch {
      return null;
    }
    try {
      if (buf.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) throw new Error('bad magic');
      const hlen = buf.readUInt32LE(MAGIC.length);
      const hstart = MAGIC.length + 4;
      const header = headerSchema.parse(JSON.parse(buf.subarray(hstart, hstart + hlen).toString('utf8')));
      if (header.key !== key) throw new Error('key mismatch');
      const base = hstart + hlen;
      const arrays: Record<string, TypedArray> = {};
      for (const a of header.arrays) {
        const Ctor = ARRAY_TYPES[a.type];
        const bytes = a.length * Ctor.BYTES_PER_ELEMENT;
        if (base + a.offset + bytes > buf.length) throw new Error('truncated');
        // copy into an aligned buffer of its own
        const copy = new Uint8Array(bytes);
        copy.set(buf.subarray(base + a.offset, base + a.offset + bytes));
        arrays[a.name] = new Ctor(copy.buffer);
      }
      return { json: header.json, arrays };
    } catch {
      await rm(this.file(key), { force: true });
      return null;
    }
  }

  async set(key: string, entry: CacheEntry): Promise<void> {
    const parts: Buffer[] = [];
    const arrays: z.infer<typeof headerSchema>['arrays'] = [];
    let offset = 0;
    for (const [name, arr] of Object.entries(entry.arrays)) {
      const b = Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength);
      arrays.push({ name, type: tagOf(arr), offset, length: arr.length });
      parts.push(b);
      offset += b.length;
    }
    const header = Buffer.from(JSON.stringify({ key, json: entry.json, arrays }), 'utf8');
    const hlen = Buffer.alloc(4);
    hlen.writeUInt32LE(header.length);
    const target = this.file(key);
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, Buffer.concat([Buffer.from(MAGIC, 'latin1'), hlen, header, ...parts]));
    await rename(tmp, target);
  }
}
