import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The cache use-cache.ts wrote: sentence text -> its 512-d USE vector. */
export function readUseCache(dir: string, form: 'norm' | 'raw'): Map<string, Float32Array> | null {
  const base = path.join(dir, form);
  if (!existsSync(`${base}.json`)) return null;
  const texts = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as string[];
  const buf = readFileSync(`${base}.f32`);
  const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  if (all.length !== texts.length * 512) throw new Error(`${base}.f32 holds ${all.length} values for ${texts.length} texts`);
  return new Map(texts.map((t, i) => [t, all.subarray(i * 512, (i + 1) * 512)]));
}
