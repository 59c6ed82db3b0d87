import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectSentence, readSentenceProjection, SENTENCE_DIMS, SENTENCE_PROJECTION_FILE, textV3Dir } from '../../../../../../main/core/features/text/sentence/sentence-projection.ts';

const shipped = path.join(textV3Dir(), SENTENCE_PROJECTION_FILE);
const tmp = mkdtempSync(path.join(tmpdir(), 'projection-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('readSentenceProjection', () => {
  it('reads the shipped projection: 64 orthonormal components of the 512-d space', () => {
    const p = readSentenceProjection();
    expect(p.k).toBe(SENTENCE_DIMS);
    expect(p.inputDims).toBe(512);
    for (const [i, j] of [[0, 0], [0, 1], [5, 63], [63, 63]] as const) {
      let dot = 0;
      for (let d = 0; d < 512; d++) dot += p.components[i * 512 + d]! * p.components[j * 512 + d]!;
      expect(dot).toBeCloseTo(i === j ? 1 : 0, 4);
    }
    // whitening: components by decreasing variance, so scales (1 / std) increase
    expect(p.scale[0]!).toBeLessThan(p.scale[63]!);
  });

  it('refuses a file with another k, another encoder, or that is missing', () => {
    const raw = JSON.parse(readFileSync(shipped, 'utf8')) as Record<string, unknown> & { encoder: Record<string, string> };
    const other = path.join(tmp, 'other-encoder.json');
    writeFileSync(other, JSON.stringify({ ...raw, encoder: { ...raw.encoder, weightsSha256: 'abc' } }));
    expect(() => readSentenceProjection(other)).toThrow(expect.objectContaining({ kind: 'ModelContractMismatch', message: expect.stringContaining('abc') }));
    const short = path.join(tmp, 'short.json');
    writeFileSync(short, JSON.stringify({ ...raw, scale: [1] }));
    expect(() => readSentenceProjection(short)).toThrow(expect.objectContaining({ kind: 'ModelContractMismatch' }));
    expect(() => readSentenceProjection(path.join(tmp, 'none.json'))).toThrow(expect.objectContaining({ kind: 'ModelMissing' }));
  });
});

describe('projectSentence', () => {
  it('centres, projects and scales', () => {
    const p = { k: 2, inputDims: 3, mean: Float32Array.of(1, 0, 0), components: Float32Array.of(1, 0, 0, 0, 0, 1), scale: Float32Array.of(2, 10) };
    expect(Array.from(projectSentence(p, Float32Array.of(3, 7, -1)))).toEqual([4, -10]);
    expect(() => projectSentence(p, Float32Array.of(1, 2))).toThrow(/3/);
  });
});
