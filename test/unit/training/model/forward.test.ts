import { beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../../main/core/errors.ts';
import { DEFAULT_CONFIG, parseConfig } from '../../../../main/training/config.ts';
import { convWeightOIK } from '../../../../main/training/export/corrkd-onnx.ts';
import { forward } from '../../../../main/training/model/forward.ts';
import type { ModelInputs } from '../../../../main/training/model/forward.ts';
import { layerNorm, matMulT } from '../../../../main/training/model/ops.ts';
import { createNet, disposeParams, initWeights, readWeights } from '../../../../main/training/model/params.ts';
import { modelSpec, paramSpecs } from '../../../../main/training/model/spec.ts';
import type { ModelSpec } from '../../../../main/training/model/spec.ts';
import { Rng } from '../../../../main/core/rng.ts';
import { initTf } from '../../../../main/training/tf/backend.ts';
import type { Tensor, Tensor2D, Tensor3D, Tf } from '../../../../main/training/tf/backend.ts';
import { unfold } from '../../../../main/training/model/encoder.ts';

let tf: Tf;
beforeAll(async () => {
  tf = (await initTf('wasm')).tf;
});

const DIMS = { l: 5, a: 4, v: 3 };
function tinySpec(): ModelSpec {
  return modelSpec(parseConfig({ model: { d: 8, layers: 1, heads: 2 } }).model, 6, DIMS);
}

function randomInputs(spec: ModelSpec, B: number, seed: number): ModelInputs {
  const rng = new Rng(seed);
  const t = (d: number): Tensor3D => tf.tensor3d(Float32Array.from({ length: B * spec.T * d }, () => rng.normal()), [B, spec.T, d]);
  return { l: t(spec.dims.l), a: t(spec.dims.a), v: t(spec.dims.v) };
}

const disposeOut = (o: ReturnType<typeof forward>): void => tf.dispose([o.logits, o.probs, o.score, o.H, o.z.l, o.z.a, o.z.v]);

describe('config', () => {
  it('defaults are DESIGN 6 values', () => {
    expect(DEFAULT_CONFIG.model).toMatchObject({ d: 40, layers: 4, heads: 10, kernel: 3 });
    expect(DEFAULT_CONFIG.train).toMatchObject({ lr: 1e-3, batchSize: 128, epochs: 50, stages: 'both', eta: 1, statsHidden: 64 });
    expect(DEFAULT_CONFIG.train.weights).toEqual({ task: 1, scd: 1, cpd: 1, rcd: 1 });
  });
  it('refuses heads that do not divide d, naming both', () => {
    try {
      parseConfig({ model: { d: 40, heads: 6 } }, 'cfg.json');
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e) && e.kind).toBe('InvalidArgument');
      expect(String(e)).toMatch(/cfg\.json.*heads \(6\) must divide d \(40\)/);
    }
  });
  it('refuses a dropout of 1 and an unknown stage', () => {
    expect(() => parseConfig({ model: { attnDropout: 1 } })).toThrow(/attnDropout/);
    expect(() => parseConfig({ train: { stages: 'teachers' } })).toThrow(/stages/);
  });
});

describe('initialisation', () => {
  it('is a function of the seed, within PyTorch default bounds', () => {
    const spec = tinySpec();
    const a = initWeights(spec, new Rng(5));
    const b = initWeights(spec, new Rng(5));
    const c = initWeights(spec, new Rng(6));
    for (const p of paramSpecs(spec)) {
      expect(a[p.name]).toEqual(b[p.name]);
      const v = a[p.name]!;
      if (p.init === 'ones') expect(v.every((x) => x === 1)).toBe(true);
      if (p.init === 'zeros') expect(v.every((x) => x === 0)).toBe(true);
      if (p.init === 'torch-linear') expect(Math.max(...v.map(Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(p.fanIn));
      if (p.init === 'xavier') expect(Math.max(...v.map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / (p.fanIn + p.fanOut)));
    }
    expect(a['head.out.w']).not.toEqual(c['head.out.w']);
  });
});

describe('forward', () => {
  it('returns logits, probabilities, score = sum p_k (k-3), H = [z_l; z_a; z_v]', () => {
    const spec = tinySpec();
    const net = createNet(tf, spec, new Rng(1));
    const x = randomInputs(spec, 4, 2);
    const o = forward(net, x);
    expect(o.logits.shape).toEqual([4, 7]);
    expect(o.probs.shape).toEqual([4, 7]);
    expect(o.score.shape).toEqual([4]);
    expect(o.H.shape).toEqual([4, 24]);
    const p = o.probs.arraySync();
    const s = o.score.arraySync();
    const H = o.H.arraySync();
    const z = [o.z.l.arraySync(), o.z.a.arraySync(), o.z.v.arraySync()];
    for (let i = 0; i < 4; i++) {
      expect(p[i]!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      expect(s[i]).toBeCloseTo(p[i]!.reduce((acc, pk, k) => acc + pk * (k - 3), 0), 6);
      expect(H[i]).toEqual([...z[0]![i]!, ...z[1]![i]!, ...z[2]![i]!]);
    }
    disposeOut(o);
    tf.dispose(Object.values(x));
    disposeParams(net.params);
  });

  it('rejects inputs of the wrong shape with ModelContractMismatch naming the modality', () => {
    const spec = tinySpec();
    const net = createNet(tf, spec, new Rng(1));
    const x = randomInputs(spec, 2, 2);
    const bad = { ...x, a: tf.zeros([2, spec.T, 9]) as Tensor3D };
    expect(() => forward(net, bad)).toThrow(/'a' has shape \[2, 6, 9\], expected \[2, 6, 4\]/);
    tf.dispose([...Object.values(x), bad.a]);
    disposeParams(net.params);
  });

  it('inference is deterministic; training dropout is reproducible from its seed and differs from inference', () => {
    const spec = tinySpec();
    const net = createNet(tf, spec, new Rng(1));
    const x = randomInputs(spec, 3, 2);
    const run = (rng?: Rng): Float32Array => {
      const o = forward(net, x, { dropoutRng: rng });
      const v = o.logits.dataSync() as Float32Array;
      disposeOut(o);
      return v;
    };
    expect(run()).toEqual(run());
    const d1 = run(new Rng(9));
    expect(run(new Rng(9))).toEqual(d1);
    expect(d1).not.toEqual(run());
    tf.dispose(Object.values(x));
    disposeParams(net.params);
  });

  it('the unfolded convolution equals a direct Conv1d (kernel 3, same padding) with the exported weight layout', () => {
    const B = 2, T = 5, c = 3, d = 4, k = 3;
    const rng = new Rng(3);
    const xs = Float32Array.from({ length: B * T * c }, () => rng.normal());
    const w = Float32Array.from({ length: k * c * d }, () => rng.normal());
    const got = tf.tidy(() => matMulT(tf)(unfold(tf, tf.tensor3d(xs, [B, T, c]), k), tf.tensor2d(w, [k * c, d])).dataSync());
    const oik = convWeightOIK(w, c, d, k); // PyTorch/ONNX [out, in, k]
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        for (let o = 0; o < d; o++) {
          let s = 0;
          for (let j = 0; j < k; j++) {
            const tt = t + j - 1;
            if (tt < 0 || tt >= T) continue;
            for (let ci = 0; ci < c; ci++) s += xs[(b * T + tt) * c + ci]! * oik[(o * c + ci) * k + j]!;
          }
          expect(got[(b * T + t) * d + o]).toBeCloseTo(s, 5);
        }
      }
    }
  });

  it('layerNorm matches the biased-variance definition', () => {
    const x = [[1, 2, 3, 4], [-1, 0, 0, 5]];
    const y = tf.tidy(() => layerNorm(tf, tf.tensor2d(x), tf.tensor1d([1, 2, 1, 1]), tf.tensor1d([0, 0, 1, 0])).arraySync() as number[][]);
    for (let i = 0; i < 2; i++) {
      const r = x[i]!;
      const m = r.reduce((a, b) => a + b, 0) / 4;
      const v = r.reduce((a, b) => a + (b - m) ** 2, 0) / 4;
      const want = r.map((q, j) => ((q - m) / Math.sqrt(v + 1e-5)) * [1, 2, 1, 1][j]! + [0, 0, 1, 0][j]!);
      want.forEach((w, j) => expect(y[i]![j]).toBeCloseTo(w, 5));
    }
  });
});

describe('gradients', () => {
  it('matMulT carries the same gradient as tf.matMul (explicit transposes)', () => {
    const rng = new Rng(4);
    const a = tf.tensor2d(Float32Array.from({ length: 15 }, () => rng.normal()), [5, 3]);
    const b = tf.tensor2d(Float32Array.from({ length: 12 }, () => rng.normal()), [3, 4]);
    const r = tf.tensor2d(Float32Array.from({ length: 20 }, () => rng.normal()), [5, 4]);
    const ours = tf.grads((p: Tensor, q: Tensor) => tf.sum(tf.mul(matMulT(tf)(p as Tensor2D, q as Tensor2D), r)))([a, b]);
    const ref = tf.grads((p: Tensor, q: Tensor) => tf.sum(tf.mul(tf.matMul(p as Tensor2D, q as Tensor2D), r)))([a, b]);
    for (let i = 0; i < 2; i++) {
      const o = ours[i]!.dataSync();
      const e = ref[i]!.dataSync();
      o.forEach((v, j) => expect(v).toBeCloseTo(e[j]!, 5));
    }
    tf.dispose([a, b, r, ...ours, ...ref]);
  });

  it('analytic gradients of the whole network agree with central differences', () => {
    const spec = tinySpec();
    const net = createNet(tf, spec, new Rng(11));
    const x = randomInputs(spec, 3, 12);
    const rng = new Rng(13);
    const R = tf.tensor2d(Float32Array.from({ length: 21 }, () => rng.normal()), [3, 7]);
    const loss = (): Tensor => {
      const o = forward(net, x);
      const l = tf.add(tf.sum(tf.mul(o.logits, R)), tf.sum(tf.square(o.score)));
      disposeOut(o);
      return l;
    };
    const probe = ['enc.l.conv.w', 'enc.a.layer0.attn.q.w', 'enc.v.layer0.attn.k.w', 'enc.l.layer0.ffn1.w', 'enc.a.layer0.ln1.g', 'enc.v.lnf.b', 'head.fc1.w', 'head.out.b'];
    const vars = probe.map((n) => net.params.get(n)!);
    const { value, grads } = tf.variableGrads(() => loss() as never, vars);
    value.dispose();
    const eps = 1e-2;
    for (const [i, name] of probe.entries()) {
      const v = vars[i]!;
      const g = grads[v.name]!.dataSync();
      const idx = [0, Math.floor(v.size / 2)];
      for (const j of idx) {
        const base = v.dataSync().slice();
        const at = (delta: number): number => {
          const w = base.slice();
          w[j] = base[j]! + delta;
          v.assign(tf.tensor(w, v.shape));
          return tf.tidy(() => loss().dataSync()[0]!);
        };
        const fd = (at(eps) - at(-eps)) / (2 * eps);
        v.assign(tf.tensor(base, v.shape));
        expect(Math.abs(fd - g[j]!), `${name}[${j}] fd ${fd} vs ${g[j]}`).toBeLessThan(2e-3 + 2e-2 * Math.abs(fd));
      }
    }
    tf.dispose([R, ...Object.values(grads), ...Object.values(x)]);
    disposeParams(net.params);
  });
});

describe('memory', () => {
  it('a forward pass and a training step leave no tensors behind', () => {
    const spec = tinySpec();
    const net = createNet(tf, spec, new Rng(1));
    const x = randomInputs(spec, 4, 2);
    const before = tf.memory().numTensors;
    const o = forward(net, x);
    disposeOut(o);
    const vars = [...net.params.values()];
    const { value, grads } = tf.variableGrads(() => {
      const out = forward(net, x, { dropoutRng: new Rng(3) });
      return tf.mean(tf.square(out.score)) as never;
    }, vars);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    expect(readWeights(net.params)['head.out.b']!.length).toBe(7);
    tf.dispose(Object.values(x));
    disposeParams(net.params);
  });
});
