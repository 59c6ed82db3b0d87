import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTf } from '../../../../main/training/tf/backend.ts';
import { createRng } from '../../../../main/core/rng.ts';
import {
  applyMasks,
  applyMasksInPlace,
  FIXED_CONDITIONS,
  fixedConditionMasks,
  INCOMPLETE_CONDITIONS,
  RANDOM_RATES,
  randomStepMasks,
  sampleMrmMasks,
} from '../../../../main/training/missingness/index.ts';
import { AppError } from '../../../../main/core/errors.ts';

describe('protocol constants', () => {
  it('lists the six incomplete conditions plus complete, and rates 0.0..1.0 as exact decimals', () => {
    expect(FIXED_CONDITIONS).toEqual(['l', 'a', 'v', 'la', 'lv', 'av', 'lav']);
    expect(INCOMPLETE_CONDITIONS).toEqual(['l', 'a', 'v', 'la', 'lv', 'av']);
    expect(RANDOM_RATES).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]);
    expect(RANDOM_RATES[3]).toBe(0.3); // an accumulated 0.1+0.1+0.1 would be 0.30000000000000004
    expect(String(RANDOM_RATES[7])).toBe('0.7');
  });
});

describe('fixedConditionMasks', () => {
  it('keeps exactly the named modalities, every step', () => {
    const B = 3;
    const T = 4;
    for (const cond of FIXED_CONDITIONS) {
      const m = fixedConditionMasks(cond, B, T);
      const kept = ['l', 'a', 'v'].map((k) => (cond.includes(k) ? 1 : 0));
      expect([...m.modal]).toEqual([...kept, ...kept, ...kept]);
      const row = kept.flatMap((k) => new Array<number>(T).fill(k));
      expect([...m.steps]).toEqual([...row, ...row, ...row]);
    }
  });
  it('rejects an unknown condition', () => {
    expect(() => fixedConditionMasks('lx' as never, 2, 2)).toThrow(AppError);
  });
});

describe('randomStepMasks', () => {
  it('p = 0 keeps everything, p = 1 drops everything, modal stays 1', () => {
    const rng = createRng(5);
    expect(randomStepMasks(rng, 8, 10, 0).steps.every((x) => x === 1)).toBe(true);
    const all = randomStepMasks(rng, 8, 10, 1);
    expect(all.steps.every((x) => x === 0)).toBe(true);
    expect(all.modal.every((x) => x === 1)).toBe(true);
  });
  it('drops each step with probability p (binomial 5 sd)', () => {
    for (const p of [0.1, 0.3, 0.7]) {
      const m = randomStepMasks(createRng(9), 500, 40, p);
      const n = m.steps.length;
      const zeros = n - m.steps.reduce((s, x) => s + x, 0);
      expect(Math.abs(zeros - n * p)).toBeLessThanOrEqual(5 * Math.sqrt(n * p * (1 - p)));
    }
  });
  it('same seed -> same masks; rejects p outside [0, 1]', () => {
    expect(randomStepMasks(createRng(1), 16, 30, 0.4)).toEqual(randomStepMasks(createRng(1), 16, 30, 0.4));
    expect(randomStepMasks(createRng(2), 16, 30, 0.4).steps).not.toEqual(randomStepMasks(createRng(1), 16, 30, 0.4).steps);
    expect(() => randomStepMasks(createRng(1), 2, 2, 1.5)).toThrow(/\[0, 1\]/);
    expect(() => randomStepMasks(createRng(1), 2, 2, Number.NaN)).toThrow(AppError);
  });
});

describe('applyMasks', () => {
  beforeAll(async () => {
    await initTf('wasm');
  });

  it('zero-fills exactly the masked steps (tfjs and in-place array versions agree)', () => {
    const B = 6;
    const T = 7;
    const dims = { l: 3, a: 2, v: 4 };
    const rng = createRng(21);
    const data = {
      l: Float32Array.from({ length: B * T * dims.l }, () => rng.normal()),
      a: Float32Array.from({ length: B * T * dims.a }, () => rng.normal()),
      v: Float32Array.from({ length: B * T * dims.v }, () => rng.normal()),
    };
    const masks = sampleMrmMasks(createRng(3), B, T);
    const x = {
      l: tf.tensor3d(data.l, [B, T, dims.l]),
      a: tf.tensor3d(data.a, [B, T, dims.a]),
      v: tf.tensor3d(data.v, [B, T, dims.v]),
    };
    const before = tf.memory().numTensors;
    const y = applyMasks(tf, x, masks);
    expect(tf.memory().numTensors).toBe(before + 3);
    const copy = { l: data.l.slice(), a: data.a.slice(), v: data.v.slice() };
    applyMasksInPlace(copy, dims, masks);
    (['l', 'a', 'v'] as const).forEach((k, m) => {
      const got = y[k].dataSync();
      const d = dims[k];
      // x * 0 may give -0 for negative x; numerically the same zero fill (-0 + 0 === +0)
      expect([...got].map((v) => v + 0)).toEqual([...copy[k]]);
      let wrong = 0;
      for (let b = 0; b < B; b++) {
        for (let t = 0; t < T; t++) {
          const keep = masks.steps[(b * 3 + m) * T + t] === 1;
          for (let j = 0; j < d; j++) {
            const i = (b * T + t) * d + j;
            if (got[i] !== (keep ? data[k][i] : 0)) wrong++;
          }
        }
      }
      expect(wrong, `modality ${k}`).toBe(0);
    });
    tf.dispose([x.l, x.a, x.v, y.l, y.a, y.v]);
  });

  it('rejects tensors whose [B, T] differ from the masks', () => {
    const m = fixedConditionMasks('la', 2, 5);
    const x = { l: tf.zeros([2, 5, 3]) as tf.Tensor3D, a: tf.zeros([2, 4, 3]) as tf.Tensor3D, v: tf.zeros([2, 5, 3]) as tf.Tensor3D };
    expect(() => applyMasks(tf, x, m)).toThrow(/modality a has shape \[2,4,3\]/);
    tf.dispose([x.l, x.a, x.v]);
  });
});
