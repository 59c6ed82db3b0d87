import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, shiftDerangement, toSeed } from '../../../main/core/rng.ts';
import { AppError } from '../../../main/core/errors.ts';

describe('Rng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = createRng(123);
    const b = createRng(123);
    const c = createRng(124);
    const xa = Array.from({ length: 100 }, () => a.uniform());
    expect(Array.from({ length: 100 }, () => b.uniform())).toEqual(xa);
    expect(Array.from({ length: 100 }, () => c.uniform())).not.toEqual(xa);
    expect(xa.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('uniform has mean 1/2 and int(n) covers 0..n-1 evenly (5 sd)', () => {
    const r = createRng(9);
    const n = 60000;
    let sum = 0;
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < n; i++) {
      sum += r.uniform();
      counts[r.int(6)]!++;
    }
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    const sd = Math.sqrt(n * (1 / 6) * (5 / 6));
    for (const c of counts) expect(Math.abs(c - n / 6)).toBeLessThan(5 * sd);
  });

  it('normal has mean 0 and variance 1 (loose)', () => {
    const r = createRng(10);
    const xs = Array.from({ length: 20000 }, () => r.normal());
    const m = xs.reduce((s, x) => s + x, 0) / xs.length;
    const v = xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length;
    expect(Math.abs(m)).toBeLessThan(5 / Math.sqrt(xs.length));
    expect(Math.abs(v - 1)).toBeLessThan(0.05);
  });

  it('derangement: a permutation with no fixed point; all 9 derangements of 4 appear', () => {
    const r = createRng(3);
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const p = r.derangement(4);
      expect([...p].sort()).toEqual([0, 1, 2, 3]);
      expect([...p].every((x, k) => x !== k)).toBe(true);
      seen.add(p.join(','));
    }
    expect(seen.size).toBe(9); // D(4) = 9
    const big = r.derangement(128);
    expect(new Set(big).size).toBe(128);
    expect([...big].every((x, k) => x !== k)).toBe(true);
    expect(() => r.derangement(1)).toThrow(AppError);
    expect(r.derangement(0).length).toBe(0);
  });

  it('shiftDerangement is the vectors convention perm[i] = (i + 1) % n', () => {
    expect([...shiftDerangement(4)]).toEqual([1, 2, 3, 0]);
    expect([...shiftDerangement(2)]).toEqual([1, 0]);
  });

  it('child streams depend on seed and label only, not on draws already taken', () => {
    const a = createRng(5);
    const b = createRng(5);
    for (let i = 0; i < 17; i++) b.uniform();
    expect(a.child('mrm').uniform()).toBe(b.child('mrm').uniform());
    expect(a.child('mrm').uniform()).not.toBe(a.child('perm').uniform());
    expect(deriveSeed(5, 'x')).not.toBe(deriveSeed(6, 'x'));
    const s1 = a.split();
    const s2 = a.split();
    expect(s1.seed).not.toBe(s2.seed);
  });

  it('shuffle permutes in place; seeds normalise to uint32', () => {
    const r = createRng(1);
    const arr = [1, 2, 3, 4, 5, 6, 7, 8];
    const out = r.shuffle(arr);
    expect(out).toBe(arr);
    expect([...arr].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(toSeed(-1)).toBe(4294967295);
    expect(toSeed(0.5)).not.toBe(toSeed(0.25));
    expect(() => toSeed(Number.NaN)).toThrow(AppError);
    expect(() => r.int(0)).toThrow(AppError);
  });
});
