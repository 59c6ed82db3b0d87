import { describe, expect, it } from 'vitest';
import { FormantAnalyzer } from '../../../../../main/core/features/audio/lpc.ts';
import { PolyRoots } from '../../../../../main/core/features/audio/poly-roots.ts';
import { vowel } from './signals.ts';

describe('PolyRoots (Aberth-Ehrlich)', () => {
  it('finds the roots of a polynomial built from known complex-conjugate and real roots', () => {
    // (z - 0.5)(z + 0.3)(z^2 - 2 r cos(t) z + r^2) with r = 0.9, t = 1: roots 0.5, -0.3, 0.9 e^(+-i).
    const r = 0.9;
    const t = 1;
    const quad = [1, -2 * r * Math.cos(t), r * r];
    const lin = [1, -0.2, -0.15]; // (z - 0.5)(z + 0.3)
    const a = new Float64Array(5);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) a[i + j] = a[i + j]! + quad[i]! * lin[j]!;
    const solver = new PolyRoots(4);
    const { re, im, count } = solver.solve(a);
    expect(count).toBe(4);
    const got = Array.from({ length: 4 }, (_, k) => [re[k]!, im[k]!] as const).sort((p, q) => p[0] - q[0] || p[1] - q[1]);
    const want = [[-0.3, 0], [r * Math.cos(t), -r * Math.sin(t)], [r * Math.cos(t), r * Math.sin(t)], [0.5, 0]] as const;
    got.forEach(([x, y], k) => {
      expect(x).toBeCloseTo(want[k]![0], 9);
      expect(y).toBeCloseTo(want[k]![1], 9);
    });
    // A second call (warm start from these roots) on another polynomial still converges.
    const again = solver.solve(Float64Array.from([1, 0, 0, 0, -0.0625])); // z^4 = 0.0625: +-0.5, +-0.5i
    expect(again.count).toBe(4);
    const mags = Array.from({ length: 4 }, (_, k) => Math.hypot(again.re[k]!, again.im[k]!));
    for (const m of mags) expect(m).toBeCloseTo(0.5, 9);
  });
});

describe('FormantAnalyzer (LPC)', () => {
  it('recovers the resonances of a synthetic vowel (120 Hz pulses through 700/1220/2600 Hz resonators)', () => {
    const x = vowel(120, [700, 1220, 2600], [80, 90, 120], 0.5);
    const fa = new FormantAnalyzer(16000, 800, 16);
    const fm = fa.analyse(x, 2000);
    expect(fm.length).toBeGreaterThanOrEqual(3);
    expect(fm[0]!.hz).toBeGreaterThan(700 * 0.95);
    expect(fm[0]!.hz).toBeLessThan(700 * 1.05);
    expect(fm[1]!.hz).toBeGreaterThan(1220 * 0.95);
    expect(fm[1]!.hz).toBeLessThan(1220 * 1.05);
    expect(fm[2]!.hz).toBeGreaterThan(2600 * 0.95);
    expect(fm[2]!.hz).toBeLessThan(2600 * 1.05);
    for (const f of fm.slice(0, 3)) expect(f.bandwidthHz).toBeLessThan(700);
  });

  it('finds nothing in digital silence and stays finite', () => {
    const fa = new FormantAnalyzer(16000, 800, 16);
    expect(fa.analyse(new Float32Array(2000), 500)).toEqual([]);
  });
});
