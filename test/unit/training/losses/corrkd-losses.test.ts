import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initTf } from '../../../../main/training/tf/backend.ts';
import { labelToClass } from '../../../../main/training/losses/index.ts';
import { loadLossCases, relErr, runCase } from './loss-vectors.ts';

// float32 vs the float64 reference: vectors/README.md asks for 1e-4 relative.
const TOL = 1e-4;
const cases = loadLossCases();

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`CorrKD losses reproduce vectors/corrkd_losses.json on tfjs-${backend}`, () => {
    beforeAll(async () => {
      const h = await initTf(backend);
      expect(h.backend).toBe(backend);
    });
    afterAll(async () => {
      await initTf('wasm');
    });

    it('has all seven cases', () => {
      expect(cases.map((c) => c.name)).toEqual([
        'a_random_B8', 'b_all_classes_B16', 'c_one_class_B4', 'd_student_equals_teacher_B8',
        'e_tau2_eta05_B8', 'f_minimal_B2', 'g_stability_B6',
      ]);
    });

    for (const c of cases) {
      it(`${c.name}: every intermediate and loss within ${TOL} relative`, async () => {
        const before = tf.memory().numTensors;
        const { comparisons, labelsOk } = await runCase(c);
        expect(tf.memory().numTensors).toBe(before); // nothing leaked
        expect(labelsOk, 'y = round(clip(ycont)) + 3 and classes_present').toBe(true);
        expect(comparisons.length).toBe(33);
        for (const [name, got, want] of comparisons) {
          const e = relErr(got, want);
          expect(e, `${c.name}.${name}: rel err ${e}`).toBeLessThan(TOL);
        }
        const get = (n: string): Float64Array => comparisons.find((x) => x[0] === n)![1];
        if (c.name === 'c_one_class_B4') expect(get('cpd')[0]).toBe(0);
        if (c.name === 'd_student_equals_teacher_B8') {
          // identical rows: the distance floor sqrt(1e-12), not 0, on every diagonal entry
          const d = get('d');
          for (let i = 0; i < c.B; i++) expect(Math.abs(d[i * c.B + i]! - 1e-6) / 1e-6).toBeLessThan(TOL);
          expect(get('cpd')[0]).toBe(0);
        }
        if (c.name === 'g_stability_B6') {
          // the all-zero student row normalises to zeros and has zero similarity to every prototype
          const hn = get('hn_s');
          const m = get('M_s');
          expect([...hn.slice(2 * c.D, 3 * c.D)].every((x) => x === 0)).toBe(true);
          const k = m.length / c.B;
          expect([...m.slice(2 * k, 3 * k)].every((x) => x === 0)).toBe(true);
        }
      });
    }
  });
}

describe('labelToClass', () => {
  it('rounds ties to even like the vectors (numpy), clips to [-3, 3]', () => {
    expect([-3.7, -2.5, -0.5, 0, 0.5, 1.5, 2.5, 2.51, 9].map(labelToClass)).toEqual([0, 1, 3, 3, 3, 5, 5, 6, 6]);
  });
});
