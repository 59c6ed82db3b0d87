import * as tf from '@tensorflow/tfjs';
import type { Tensor, Variable } from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTf } from '../../../../main/training/tf/backend.ts';
import { createRng } from '../../../../main/core/rng.ts';
import { createStatsNets, StatsNet, totalStudentLoss } from '../../../../main/training/losses/index.ts';
import { AppError } from '../../../../main/core/errors.ts';
import { pairwiseSqDist } from '../../../../main/training/losses/pairwise-distance.ts';
import { loadLossCases } from './loss-vectors.ts';

beforeAll(async () => {
  await initTf('wasm');
});

function stats(g: Tensor): { finite: boolean; maxAbs: number } {
  const v = g.dataSync();
  let finite = true;
  let maxAbs = 0;
  for (const x of v) {
    if (!Number.isFinite(x)) finite = false;
    maxAbs = Math.max(maxAbs, Math.abs(x));
  }
  return { finite, maxAbs };
}

describe('gradients of the student loss', () => {
  // g_stability_B6 has an all-zero student row and logits ~N(0, 400^2): the hardest case for NaNs.
  for (const name of ['a_random_B8', 'g_stability_B6']) {
    it(`${name}: finite, non-zero gradients for student H, student logits and both statistics networks`, () => {
      const c = loadLossCases().find((x) => x.name === name)!;
      const inp = c.inputs;
      const netT = new StatsNet(2, { weights: inp.rcd_target_net });
      const netN = new StatsNet(6, { weights: inp.rcd_nontarget_net });
      const hs = tf.variable(tf.tensor2d(inp.hs));
      const zs = tf.variable(tf.tensor2d(inp.zs));
      const ht = tf.tensor2d(inp.ht);
      const zt = tf.tensor2d(inp.zt);
      const vars: Variable[] = [hs, zs, ...netT.variables(), ...netN.variables()];
      const { value, grads } = tf.variableGrads(
        () =>
          totalStudentLoss(
            { zs, zt, hs, ht, yClass: inp.y, yCont: inp.ycont, perm: Int32Array.from(inp.perm), netTarget: netT, netNonTarget: netN },
            { eta: c.eta, tau: c.tau },
          ).total,
        vars,
      );
      expect(Math.abs(value.dataSync()[0]! - c.losses.total!) / c.losses.total!).toBeLessThan(1e-4);
      for (const v of vars) {
        const g = grads[v.name];
        expect(g, `gradient for ${v.name}`).toBeDefined();
        const s = stats(g!);
        expect(s.finite, `${v.name} finite`).toBe(true);
        expect(s.maxAbs, `${v.name} non-zero`).toBeGreaterThan(0);
      }
      if (name === 'g_stability_B6') {
        // the zero row still gets a (finite) gradient from the task-free SCD hinge/CPD terms
        const gh = grads[hs.name]!.arraySync() as number[][];
        expect(gh[2]!.every((x) => Number.isFinite(x))).toBe(true);
      }
      tf.dispose([value!, ...Object.values(grads), hs, zs, ht, zt]);
      netT.dispose();
      netN.dispose();
    });
  }

  it('an Adam step on the student logits and T networks lowers the loss', () => {
    const rng = createRng(7);
    const b = 16;
    const rand = (n: number, scale: number): number[] => Array.from({ length: n }, () => rng.normal() * scale);
    const nets = createStatsNets(rng);
    const zs = tf.variable(tf.tensor2d(rand(b * 7, 1), [b, 7]));
    const hs = tf.variable(tf.tensor2d(rand(b * 120, 1), [b, 120]));
    const zt = tf.tensor2d(rand(b * 7, 1), [b, 7]);
    const ht = tf.tensor2d(rand(b * 120, 1), [b, 120]);
    const yCont = rand(b, 1.5);
    const yClass = yCont.map((y) => Math.round(Math.max(-3, Math.min(3, y))) + 3);
    const perm = rng.derangement(b);
    const f = (): tf.Scalar =>
      totalStudentLoss({ zs, zt, hs, ht, yClass, yCont, perm, netTarget: nets.target, netNonTarget: nets.nonTarget }).total;
    const opt = tf.train.adam(1e-2);
    const first = tf.tidy(() => f().dataSync()[0]!);
    for (let i = 0; i < 10; i++) tf.dispose(opt.minimize(f, true) ?? []);
    const last = tf.tidy(() => f().dataSync()[0]!);
    expect(last).toBeLessThan(first);
    opt.dispose();
    tf.dispose([zs, hs, zt, ht]);
    nets.target.dispose();
    nets.nonTarget.dispose();
  });
});

describe('pairwiseSqDist', () => {
  it('its closed-form gradient equals autodiff of the explicit broadcast formula', () => {
    const rng = createRng(11);
    const rand = (r: number, c: number): tf.Tensor2D => tf.tensor2d(Array.from({ length: r * c }, () => rng.normal()), [r, c]);
    const a = rand(5, 9);
    const b = rand(4, 9);
    const w = rand(5, 4); // arbitrary upstream weights so every entry of dy differs
    const custom = tf.grads((x: Tensor, y: Tensor) => tf.sum(tf.mul(pairwiseSqDist(x as tf.Tensor2D, y as tf.Tensor2D), w)));
    const naive = tf.grads((x: Tensor, y: Tensor) =>
      tf.sum(tf.mul(tf.sum(tf.square(tf.sub(tf.expandDims(x, 1), tf.expandDims(y, 0))), 2), w)),
    );
    const [ca, cb] = custom([a, b]);
    const [na, nb] = naive([a, b]);
    const maxDiff = (p: Tensor, q: Tensor): number => tf.max(tf.abs(tf.sub(p, q))).dataSync()[0]!;
    const scale = tf.max(tf.abs(na!)).dataSync()[0]!;
    expect(maxDiff(ca!, na!) / scale).toBeLessThan(1e-5);
    expect(maxDiff(cb!, nb!) / scale).toBeLessThan(1e-5);
    // forward: a row against itself is exactly 0 (no cancellation noise)
    expect(pairwiseSqDist(a, a).arraySync().map((r, i) => r[i])).toEqual([0, 0, 0, 0, 0]);
    tf.dispose([a, b, w, ca!, cb!, na!, nb!]);
  });
});

describe('argument checks', () => {
  it('rejects a perm with a fixed point, mismatched shapes and bad weights', () => {
    const rng = createRng(1);
    const nets = createStatsNets(rng);
    const z = tf.zeros([3, 7]) as tf.Tensor2D;
    const h = tf.zeros([3, 120]) as tf.Tensor2D;
    const call = (perm: number[], h2 = h): unknown =>
      totalStudentLoss({ zs: z, zt: z, hs: h, ht: h2, yClass: [3, 3, 4], yCont: [0, 0, 1], perm: Int32Array.from(perm), netTarget: nets.target, netNonTarget: nets.nonTarget });
    const kind = (f: () => unknown): string => {
      try {
        f();
        return 'no error';
      } catch (e) {
        return e instanceof AppError ? e.kind : String(e);
      }
    };
    expect(kind(() => call([0, 2, 1]))).toBe('InvalidArgument');
    expect(kind(() => call([1, 1, 0]))).toBe('InvalidArgument');
    expect(kind(() => call([1, 2, 0], tf.zeros([2, 120]) as tf.Tensor2D))).toBe('InvalidArgument');
    expect(kind(() => call([1, 2, 0]))).toBe('no error');
    expect(kind(() => new StatsNet(2, { weights: { W1: [1, 2], b1: [0], W2: [0], b2: [0] } }))).toBe('InvalidArgument');
    expect(kind(() => totalStudentLoss({ zs: z, zt: z, hs: h, ht: h, yClass: [9, 3, 4], yCont: [0, 0, 1], perm: Int32Array.from([1, 2, 0]), netTarget: nets.target, netNonTarget: nets.nonTarget }))).toBe('InvalidArgument');
  });

  it('a StatsNet round-trips its weights in PyTorch layout and seeds deterministically', () => {
    const a = new StatsNet(6, { rng: createRng(3) });
    const b = new StatsNet(6, { rng: createRng(3) });
    const c = new StatsNet(6, { rng: createRng(4) });
    const wa = a.getWeights();
    expect(wa.W1.length).toBe(64 * 12);
    expect([...b.getWeights().W1]).toEqual([...wa.W1]);
    expect([...c.getWeights().W1]).not.toEqual([...wa.W1]);
    c.setWeights(wa);
    expect([...c.getWeights().W1]).toEqual([...wa.W1]);
    // PyTorch default Linear init bound 1/sqrt(fan_in)
    expect(Math.max(...wa.W1.map(Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(12));
    const x = tf.ones([2, 6]) as tf.Tensor2D;
    expect([...a.apply(x, x).dataSync()]).toEqual([...c.apply(x, x).dataSync()]);
    [a, b, c].forEach((n) => n.dispose());
  });
});
