import type * as NodeFs from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

// Record every file the loader reads, to prove that run time never touches the 300 MB JSON.
const reads = vi.hoisted(() => [] as string[]);
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof NodeFs>();
  const readFileSync = ((...args: Parameters<typeof fs.readFileSync>) => {
    reads.push(String(args[0]));
    return fs.readFileSync(...args);
  }) as typeof fs.readFileSync;
  return { ...fs, default: { ...fs, readFileSync }, readFileSync };
});

const { cosine, getTextVocab, nearestWords, rankBySimilarity, textVector, tokenVector, wordVector, TEXT_EXTRACTOR } = await import('../../../../../main/core/features/text/text-v2.ts');

function vec(w: string): Float32Array {
  const v = wordVector(w);
  if (!v) throw new Error(`${w} not in the vocabulary`);
  return v;
}

describe('text-v1 vectors', () => {
  it('loads the compact binary only, never the wink JSON', () => {
    getTextVocab();
    expect(reads.some((f) => f.endsWith('vocab.bin'))).toBe(true);
    expect(reads.filter((f) => f.includes('wink-embeddings'))).toEqual([]);
  });
  it('has 100 vector dimensions plus 6 lexicon dimensions (text-v2)', () => {
    expect(TEXT_EXTRACTOR.vectorDims).toBe(100);
    expect(TEXT_EXTRACTOR.dims).toBe(106);
    expect(TEXT_EXTRACTOR).toMatchObject({ id: 'text-v2', version: 2 });
    expect(vec('good').length).toBe(100);
  });
  it('puts "great" nearer to "good" than "table"', () => {
    expect(cosine(vec('great'), vec('good'))).toBeGreaterThan(cosine(vec('table'), vec('good')));
    expect(rankBySimilarity('good', ['table', 'great']).map((r) => r.word)).toEqual(['great', 'table']);
  });
  it('returns null for an unknown word and leaves it out of a ranking', () => {
    expect(wordVector('qwxzvbnmplk')).toBeNull();
    expect(rankBySimilarity('good', ['qwxzvbnmplk', 'great']).map((r) => r.word)).toEqual(['great']);
    expect(textVector('qwxzvbnmplk ...')).toBeNull();
  });
  it('is case-insensitive', () => {
    expect(Array.from(vec('Good'))).toEqual(Array.from(vec('good')));
  });
  it('averages the tokens of a contraction ("don\'t" = mean of do, not)', () => {
    const got = textVector("don't");
    const d = vec('do');
    const n = vec('not');
    expect(got).not.toBeNull();
    Array.from(got ?? []).forEach((x, i) => expect(x).toBeCloseTo(((d[i] ?? 0) + (n[i] ?? 0)) / 2, 6));
  });
  it('falls back to the parts of an unknown hyphenated token', () => {
    expect(wordVector('super-ambitious')).toBeNull();
    const got = tokenVector('super-ambitious');
    expect(got).not.toBeNull();
    expect(cosine(got ?? new Float32Array(100), vec('ambitious'))).toBeGreaterThan(0.5);
  });
  it('finds sensible neighbours (a full scan over the int8 codes)', () => {
    const near = nearestWords('good', 5).map((r) => r.word);
    expect(near).toContain('better');
    expect(near).not.toContain('good');
  });
});
