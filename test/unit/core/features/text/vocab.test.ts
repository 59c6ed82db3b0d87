import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeVocab } from '../../../../../main/core/features/text/vocab-builder.ts';
import { QUANTISATION, VOCAB_BIN, VOCAB_HEADER_JSON, textV1Dir } from '../../../../../main/core/features/text/vocab-format.ts';
import type { VocabHeader } from '../../../../../main/core/features/text/vocab-format.ts';
import { TextVocab, loadTextVocab } from '../../../../../main/core/features/text/vocab.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'corrkd-vocab-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const words: Array<[string, number[]]> = [
  ['zebra', [0.5, -1, 0.25]],
  ['apple', [2, 0, -2]],
  ['café', [0.1, 0.2, 0.3]],
  ['a', [0, 0, 0]],
  ['well-known', [-0.7, 0.7, 0]],
];

function tinyVocab(): { bin: Buffer; header: VocabHeader } {
  const bin = encodeVocab(words.map(([w, v]) => ({ bytes: Buffer.from(w), vec: v })), 3);
  const header: VocabHeader = {
    extractor: 'text-v1',
    formatVersion: 1,
    dims: 3,
    count: words.length,
    file: VOCAB_BIN,
    bytes: bin.length,
    sha256: createHash('sha256').update(bin).digest('hex'),
    quantisation: QUANTISATION,
    source: { package: 'test', version: '0', bytes: 0, mtimeMs: 0 },
    builtAt: new Date(0).toISOString(),
  };
  return { bin, header };
}

function writeVocab(dir: string, bin: Buffer, header: VocabHeader): void {
  writeFileSync(path.join(dir, VOCAB_BIN), bin);
  writeFileSync(path.join(dir, VOCAB_HEADER_JSON), JSON.stringify(header));
}

describe('vocab.bin format', () => {
  it('round-trips words (binary search, UTF-8) and values within half a quantisation step', () => {
    const { bin, header } = tinyVocab();
    const v = new TextVocab(bin, header);
    for (const [w, vec] of words) {
      const i = v.indexOf(w);
      expect(i, w).toBeGreaterThanOrEqual(0);
      expect(v.wordAt(i)).toBe(w);
      const step = Math.max(...vec.map(Math.abs)) / 127;
      const got = Array.from(v.vectorAt(i));
      got.forEach((x, d) => expect(Math.abs(x - (vec[d] ?? 0))).toBeLessThanOrEqual(step / 2 + 1e-7));
    }
    expect(v.indexOf('banana')).toBe(-1);
    expect(v.indexOf('')).toBe(-1);
    expect(v.indexOf('zebras')).toBe(-1);
  });
  it('loads from a folder and refuses a binary whose checksum does not match its header', () => {
    const dir = mkdtempSync(path.join(tmp, 'tiny-'));
    const { bin, header } = tinyVocab();
    writeVocab(dir, bin, header);
    expect(loadTextVocab(dir).count).toBe(words.length);
    const bad = Buffer.from(bin);
    bad[bad.length - 1] = (bad[bad.length - 1] ?? 0) ^ 0x7f;
    writeVocab(dir, bad, header);
    expect(() => loadTextVocab(dir)).toThrow(expect.objectContaining({ kind: 'ModelContractMismatch' }));
  });
  it('refuses a header whose counts do not match the binary, even with a correct checksum', () => {
    const dir = mkdtempSync(path.join(tmp, 'tiny-'));
    const { bin, header } = tinyVocab();
    writeVocab(dir, bin, { ...header, count: header.count + 1 });
    expect(() => loadTextVocab(dir)).toThrow(/layout does not match/);
  });
  it('says how to build it when the folder is empty', () => {
    const dir = mkdtempSync(path.join(tmp, 'empty-'));
    expect(() => loadTextVocab(dir)).toThrow(expect.objectContaining({ kind: 'ModelMissing', message: expect.stringContaining('npm run build:vocab') }));
  });
  it('the built models/text-v1 verifies (run `npm run build:vocab` first)', () => {
    const v = loadTextVocab(textV1Dir());
    expect(v.dims).toBe(100);
    expect(v.count).toBeGreaterThan(300_000);
    // a copy in another folder loads too: nothing depends on the install path
    const dir = mkdtempSync(path.join(tmp, 'copy-'));
    for (const f of [VOCAB_BIN, VOCAB_HEADER_JSON]) copyFileSync(path.join(textV1Dir(), f), path.join(dir, f));
    expect(loadTextVocab(dir).header.sha256).toBe(JSON.parse(readFileSync(path.join(textV1Dir(), VOCAB_HEADER_JSON), 'utf8')).sha256);
  });
});

describe('build:vocab idempotence', () => {
  it('reports the built vocabulary as up to date, and stale when the source changed', async () => {
    const { locateSource, upToDateHeader } = await import('../../../../../main/core/features/text/vocab-builder.ts');
    const src = locateSource();
    expect(upToDateHeader(textV1Dir(), src)?.count).toBeGreaterThan(300_000);
    expect(upToDateHeader(textV1Dir(), { ...src, version: '9.9.9' })).toBeNull();
    expect(upToDateHeader(textV1Dir(), { ...src, mtimeMs: src.mtimeMs + 1 })).toBeNull();
  });
});
