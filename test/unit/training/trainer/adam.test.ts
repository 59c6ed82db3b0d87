import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../../main/core/rng.ts';
import { initTf } from '../../../../main/training/tf/backend.ts';
import type { Tf, Variable } from '../../../../main/training/tf/backend.ts';
import { Adam } from '../../../../main/training/trainer/adam.ts';

let tf: Tf;
beforeAll(async () => {
  tf = (await initTf('wasm')).tf;
});

describe('Adam', () => {
  it('follows tf.train.adam step for step (same formula; bias correction in float64)', () => {
    const rng = new Rng(2);
    const init = Float32Array.from({ length: 12 }, () => rng.normal());
    const grads = Array.from({ length: 5 }, () => Float32Array.from({ length: 12 }, () => rng.normal()));
    const ours = tf.variable(tf.tensor2d(init, [3, 4]));
    const ref = tf.variable(tf.tensor2d(init, [3, 4]));
    const adam = new Adam(tf, [ours], { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    const tfAdam = tf.train.adam(1e-3, 0.9, 0.999, 1e-7);
    for (const g of grads) {
      const gt = tf.tensor2d(g, [3, 4]);
      adam.apply([gt]);
      tfAdam.applyGradients([{ name: ref.name, tensor: gt }]);
      gt.dispose();
    }
    const a = ours.dataSync();
    const b = ref.dataSync();
    a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(1e-6));
    expect(Math.abs(a[0]! - init[0]!)).toBeGreaterThan(1e-4); // it moved
    adam.dispose();
    tfAdam.dispose();
    tf.dispose([ours, ref]);
  });

  it('state round-trips: a restored optimizer continues exactly like the original', () => {
    const rng = new Rng(3);
    const init = Float32Array.from({ length: 6 }, () => rng.normal());
    const g = Array.from({ length: 4 }, () => tf.tensor1d(Float32Array.from({ length: 6 }, () => rng.normal())));
    const p1 = tf.variable(tf.tensor1d(init));
    const a1 = new Adam(tf, [p1], { lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    a1.apply([g[0]]);
    a1.apply([g[1]]);
    const saved = a1.getState();
    const p2 = tf.variable(tf.tensor1d(p1.dataSync()));
    const a2 = new Adam(tf, [p2], { lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    a2.setState(saved);
    for (const k of [2, 3]) {
      a1.apply([g[k]]);
      a2.apply([g[k]]);
    }
    expect(p2.dataSync()).toEqual(p1.dataSync());
    expect(a2.step).toBe(4);
    a2.apply([undefined]); // no gradient: variable untouched, step still counts
    expect(p2.dataSync()).toEqual(p1.dataSync());
    a1.dispose();
    a2.dispose();
    tf.dispose([...g, p1, p2] as Variable[]);
  });
});
