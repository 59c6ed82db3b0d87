import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../main/core/rng.ts';
import { keptModalities, MRM_SUBSETS, sampleMrmMasks } from '../../../../main/training/missingness/index.ts';
import { eligibleSubsets } from '../../../../main/training/missingness/mrm.ts';

/** |count - n p| within 5 binomial standard deviations (false-alarm rate ~6e-7 per check). */
function expectBinomial(count: number, n: number, p: number, what: string): void {
  const sd = Math.sqrt(n * p * (1 - p));
  expect(Math.abs(count - n * p), `${what}: ${count} of ${n}, expected ${n * p} +- ${5 * sd}`).toBeLessThanOrEqual(5 * sd);
}

describe('sampleMrmMasks (DESIGN 6 MRM)', () => {
  const B = 4000;
  const T = 20;
  const batches = [1, 2, 3, 4, 5].map((s) => sampleMrmMasks(createRng(s), B, T));
  const N = B * batches.length;

  it('drops a whole-modality subset for ~50% of samples, each of the 6 kept-sets ~1/12 overall', () => {
    let dropped = 0;
    const perSubset = new Array<number>(6).fill(0);
    for (const m of batches) {
      for (const s of m.subset) {
        if (s >= 0) {
          dropped++;
          perSubset[s]!++;
        }
      }
    }
    expectBinomial(dropped, N, 0.5, 'subset drop');
    perSubset.forEach((c, i) => expectBinomial(c, N, 1 / 12, `subset ${MRM_SUBSETS[i]}`));
  });

  it('modal follows the subset; never all three modalities dropped; each modality kept 75% of the time', () => {
    const keptCount = [0, 0, 0];
    let mismatches = 0;
    let noneKept = 0;
    for (const m of batches) {
      for (let b = 0; b < B; b++) {
        const s = m.subset[b]!;
        const want = s < 0 ? [true, true, true] : keptModalities(MRM_SUBSETS[s]!);
        const got = [0, 1, 2].map((k) => m.modal[b * 3 + k] === 1);
        if (got.some((g, k) => g !== want[k])) mismatches++;
        if (!got.some(Boolean)) noneKept++;
        got.forEach((g, k) => (keptCount[k]! += g ? 1 : 0));
      }
    }
    expect(mismatches).toBe(0);
    expect(noneKept).toBe(0);
    // P(kept) = P(no drop) + P(drop) * 3/6 = 0.75 for each modality
    keptCount.forEach((c, k) => expectBinomial(c, N, 0.75, `modality ${k} kept`));
  });

  it('fires step dropout for ~50% of samples, independently of the subset drop', () => {
    let fired = 0;
    let both = 0;
    for (const m of batches) {
      for (let b = 0; b < B; b++) {
        fired += m.stepDrop[b]!;
        if (m.stepDrop[b] && m.subset[b]! >= 0) both++;
      }
    }
    expectBinomial(fired, N, 0.5, 'step dropout');
    expectBinomial(both, N, 0.25, 'subset drop AND step dropout');
  });

  it('zeroes each step of a kept modality with its drawn rate r, r ~ U(0, 1)', () => {
    let zeroed = 0;
    let expected = 0;
    let variance = 0;
    let rates = 0;
    let rBelowQuarter = 0;
    let bad = 0;
    for (const m of batches) {
      for (let b = 0; b < B; b++) {
        for (let k = 0; k < 3; k++) {
          const row = m.steps.subarray((b * 3 + k) * T, (b * 3 + k + 1) * T);
          const zeros = row.length - row.reduce((s, x) => s + x, 0);
          if (!m.modal[b * 3 + k]) {
            // dropped modality: every step zero (effective mask), no rate drawn
            if (zeros !== T || m.stepRate[b * 3 + k] !== 0) bad++;
            continue;
          }
          if (!m.stepDrop[b]) {
            if (zeros !== 0) bad++;
            continue;
          }
          const r = m.stepRate[b * 3 + k]!;
          zeroed += zeros;
          expected += T * r;
          variance += T * r * (1 - r);
          rates++;
          if (r < 0.25) rBelowQuarter++;
        }
      }
    }
    expect(bad).toBe(0);
    expect(Math.abs(zeroed - expected)).toBeLessThanOrEqual(5 * Math.sqrt(variance));
    expectBinomial(rBelowQuarter, rates, 0.25, 'r < 0.25');
  });

  it('is reproducible: same seed -> same masks, different seed -> different masks', () => {
    const a = sampleMrmMasks(createRng(42), 64, 50);
    const b = sampleMrmMasks(createRng(42), 64, 50);
    const c = sampleMrmMasks(createRng(43), 64, 50);
    expect(b).toEqual(a);
    expect(Buffer.from(c.steps).equals(Buffer.from(a.steps))).toBe(false);
    expect(a.steps.length).toBe(64 * 3 * 50);
    expect(a.modal.length).toBe(64 * 3);
  });

  it('rejects a bad batch shape', () => {
    expect(() => sampleMrmMasks(createRng(1), 2.5, 10)).toThrow(/batch size/);
    expect(() => sampleMrmMasks(createRng(1), 2, 0)).toThrow(/T an integer/);
  });

  describe('samples with absent modalities', () => {
    const PATTERNS = [
      [1, 1, 1],
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [1, 1, 0],
      [0, 1, 1],
    ];
    const presentFor = (n: number): Uint8Array => Uint8Array.from({ length: n * 3 }, (_, i) => PATTERNS[Math.floor(i / 3) % PATTERNS.length]![i % 3]!);

    it('complete samples draw exactly the masks of today (same seed, flags all 1)', () => {
      const plain = sampleMrmMasks(createRng(42), 300, 20);
      const flagged = sampleMrmMasks(createRng(42), 300, 20, new Uint8Array(300 * 3).fill(1));
      expect(flagged).toEqual(plain);
    });

    it('never keeps a set without one of the sample\'s modalities, draws uniformly among the others, and never keeps an absent one', () => {
      const n = 12000;
      const present = presentFor(n);
      const m = sampleMrmMasks(createRng(7), n, 10, present);
      const chosen = new Map<string, number[]>();
      let emptied = 0;
      let absentKept = 0;
      for (let b = 0; b < n; b++) {
        const has = [0, 1, 2].map((k) => present[b * 3 + k] === 1);
        const kept = [0, 1, 2].map((k) => m.modal[b * 3 + k] === 1);
        if (!kept.some(Boolean)) emptied++;
        if (kept.some((k, i) => k && !has[i])) absentKept++;
        const s = m.subset[b]!;
        if (s >= 0) {
          const key = has.map(Number).join('');
          chosen.set(key, [...(chosen.get(key) ?? []), s]);
          expect(keptModalities(MRM_SUBSETS[s]!).some((k, i) => k && has[i])).toBe(true);
        }
      }
      expect(emptied).toBe(0);
      expect(absentKept).toBe(0);
      // one modality: the 3 kept-sets containing it; two: the 5 that are not the third alone
      for (const [key, subsets] of chosen) {
        const eligible = eligibleSubsets(key.split('').map((c) => c === '1'));
        const ones = key.split('').filter((c) => c === '1').length;
        expect(eligible.length, key).toBe(ones === 3 ? 6 : ones === 1 ? 3 : 5);
        for (const e of eligible) expectBinomial(subsets.filter((x) => x === e).length, subsets.length, 1 / eligible.length, `${key} subset ${MRM_SUBSETS[e]}`);
      }
    });

    it('a sample with no modality at all is left as it is', () => {
      const m = sampleMrmMasks(createRng(3), 4, 5, new Uint8Array(12));
      expect(Array.from(m.subset)).toEqual([-1, -1, -1, -1]);
      expect(m.modal.every((x) => x === 0)).toBe(true);
    });

    it('rejects flags of the wrong length', () => {
      expect(() => sampleMrmMasks(createRng(1), 2, 4, new Uint8Array(5))).toThrow(/present has 5 flags/);
    });
  });
});
