import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTensorFile, writeTensorFile } from '../../../../main/training/trainer/tensor-file.ts';

const made: string[] = [];
const dir = (): string => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'corrkd-tfile-'));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
const tensors = [
  { name: 'a', shape: [2, 3], data: Float32Array.of(1, 2, 3, 4, 5, 6) },
  { name: 'b.c/d', shape: [1], data: Float32Array.of(-0.5) },
];

describe('tensor file', () => {
  it('round-trips names, shapes, values and meta, and leaves no temporary file', () => {
    const d = dir();
    const f = path.join(d, 'x.bin');
    writeTensorFile(f, { hello: 'wörld', n: 3 }, tensors);
    const r = readTensorFile(f);
    expect(r.meta).toEqual({ hello: 'wörld', n: 3 });
    expect(r.tensors.get('a')).toEqual(tensors[0]);
    expect(r.tensors.get('b.c/d')!.data).toEqual(Float32Array.of(-0.5));
    expect(readdirSync(d)).toEqual(['x.bin']);
  });

  it('a truncated or altered file is refused with the reason', () => {
    const d = dir();
    const f = path.join(d, 'x.bin');
    writeTensorFile(f, {}, tensors);
    const bytes = readFileSync(f);
    writeFileSync(path.join(d, 'short.bin'), bytes.subarray(0, bytes.length - 4));
    expect(() => readTensorFile(path.join(d, 'short.bin'))).toThrow(/truncated/);
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 1] = flipped[flipped.length - 1]! ^ 0xff;
    writeFileSync(path.join(d, 'flip.bin'), flipped);
    expect(() => readTensorFile(path.join(d, 'flip.bin'))).toThrow(/checksum/);
    writeFileSync(path.join(d, 'junk.bin'), 'not a tensor file');
    expect(() => readTensorFile(path.join(d, 'junk.bin'))).toThrow(/magic/);
    expect(() => readTensorFile(path.join(d, 'absent.bin'))).toThrow(expect.objectContaining({ kind: 'FileUnreadable' }));
  });

  it('a rewrite replaces the file whole', () => {
    const d = dir();
    const f = path.join(d, 'x.bin');
    writeTensorFile(f, { v: 1 }, tensors);
    writeTensorFile(f, { v: 2 }, [tensors[1]!]);
    const r = readTensorFile(f);
    expect(r.meta).toEqual({ v: 2 });
    expect([...r.tensors.keys()]).toEqual(['b.c/d']);
  });
});
