import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheKey, FeatureCache } from '../../../../main/core/cache/feature-cache.ts';

describe('FeatureCache', () => {
  it('round-trips JSON and typed arrays exactly', async () => {
    const cache = new FeatureCache(await mkdtemp(path.join(os.tmpdir(), 'ckdc-')));
    const key = cacheKey({ sha256: 'abc', audio: 'audio-v1@1' });
    const f32 = Float32Array.from([1.5, -2, Number.MIN_VALUE]);
    const f64 = Float64Array.from([0.1, 1e300]);
    const u8 = Uint8Array.from([0, 1, 255]);
    await cache.set(key, { json: { a: 1, s: 'x' }, arrays: { f32, f64, u8 } });
    const got = await cache.get(key);
    expect(got?.json).toEqual({ a: 1, s: 'x' });
    expect(Array.from(got?.arrays.f32 as Float32Array)).toEqual(Array.from(f32));
    expect(Array.from(got?.arrays.f64 as Float64Array)).toEqual(Array.from(f64));
    expect(got?.arrays.u8).toBeInstanceOf(Uint8Array);
  });

  it('keys depend on every part and not on their order', () => {
    expect(cacheKey({ a: 1, b: 'x' })).toBe(cacheKey({ b: 'x', a: 1 }));
    expect(cacheKey({ a: 1, b: 'x' })).not.toBe(cacheKey({ a: 2, b: 'x' }));
  });

  it('treats a torn entry as a miss and removes it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ckdc-'));
    const cache = new FeatureCache(dir);
    const key = cacheKey({ k: 1 });
    await cache.set(key, { json: null, arrays: { x: new Float32Array(1000) } });
    const sub = path.join(dir, key.slice(0, 2));
    const [name] = await readdir(sub);
    const file = path.join(sub, name as string);
    await writeFile(file, Buffer.from('CKDC1garbage'));
    expect(await cache.get(key)).toBeNull();
    expect(await readdir(sub)).toHaveLength(0);
  });
});
