import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../main/training/config.ts';
import { taskLoss } from '../../../../main/training/losses/task-loss.ts';
import { forward, type ModelInputs } from '../../../../main/training/model/forward.ts';
import { KERNELS_SOURCE_SHA256 } from '../../../../main/training/model/kernels/corrkd-kernels-wasm.ts';
import { corrkdKernelsActive, setCorrkdKernelsEnabled } from '../../../../main/training/model/kernels/register.ts';
import { dropout, layerNorm } from '../../../../main/training/model/ops.ts';
import { unfold } from '../../../../main/training/model/encoder.ts';
import { createNet, disposeParams } from '../../../../main/training/model/params.ts';
import { modelSpec } from '../../../../main/training/model/spec.ts';
import { Rng } from '../../../../main/core/rng.ts';
import { initTf, type Tensor, type Tensor2D, type Tensor3D, type Tf } from '../../../../main/training/tf/backend.ts';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The wasm kernels (model/kernels) against tfjs's own ops, which they replace: same values, same gradients.
let tf: Tf;
beforeAll(async () => {
  tf = (await initTf('wasm')).tf;
});
afterEach(() => setCorrkdKernelsEnabled(true));

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

/** value of f(inputs) and its gradient w.r.t. each input (loss = sum(f * w), fixed weights w), kernels on or off */
function valueAndGrads(enabled: boolean, inputs: Tensor[], f: (v: Tensor[]) => Tensor): Float32Array[] {
  setCorrkdKernelsEnabled(enabled);
  const vars = inputs.map((t) => tf.variable(t.clone()));
  let y: Float32Array = new Float32Array(0);
  const { value, grads } = tf.variableGrads(() => {
    const out = f(vars);
    y = out.dataSync() as Float32Array;
    return tf.sum(tf.mul(out, tf.randomUniform(out.shape, -1, 1, 'float32', 7)));
  }, vars);
  const res = [y, ...vars.map((v) => grads[v.name]!.dataSync() as Float32Array)];
  tf.dispose([value, ...Object.values(grads), ...vars]);
  return res;
}

describe('CorrKD wasm kernels', () => {
  it('are active on the wasm backend, and the embedded module was built from the checked-in source', () => {
    expect(corrkdKernelsActive(tf)).toBe(true);
    const src = readFileSync(fileURLToPath(new URL('../../../../main/training/model/kernels/corrkd-kernels.c', import.meta.url)));
    expect(createHash('sha256').update(src).digest('hex')).toBe(KERNELS_SOURCE_SHA256);
  });

  it('dropout drops exactly the entries the mask tensor drops (bit-identical, and in the gradient)', () => {
    const x = tf.randomNormal([37, 11], 0, 1, 'float32', 3);
    const run = (enabled: boolean): { y: Float32Array; g: Float32Array } => {
      setCorrkdKernelsEnabled(enabled);
      const v = tf.variable(x.clone());
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(dropout(tf, v, 0.3, new Rng(8)))) as never, [v]);
      const y = tf.tidy(() => dropout(tf, x, 0.3, new Rng(8)).dataSync() as Float32Array);
      const g = grads[v.name]!.dataSync() as Float32Array;
      tf.dispose([value, v, ...Object.values(grads)]);
      return { y, g };
    };
    const on = run(true);
    const off = run(false);
    expect(on.y).toEqual(off.y);
    expect(on.g).toEqual(off.g);
    const dropped = on.y.filter((v) => v === 0).length / on.y.length;
    expect(dropped).toBeGreaterThan(0.15);
    expect(dropped).toBeLessThan(0.45);
    x.dispose();
  });

  it('layer norm: values and gradients (x, gain, bias) within 1e-5', () => {
    const x = tf.randomNormal([23, 10], 2, 3, 'float32', 1);
    const g = tf.randomNormal([10], 1, 0.5, 'float32', 2);
    const b = tf.randomNormal([10], 0, 1, 'float32', 3);
    const on = valueAndGrads(true, [x, g, b], ([xv, gv, bv]) => layerNorm(tf, xv!, gv!, bv!));
    const off = valueAndGrads(false, [x, g, b], ([xv, gv, bv]) => layerNorm(tf, xv!, gv!, bv!));
    on.forEach((a, i) => expect(maxAbsDiff(a, off[i]!), `output ${i}`).toBeLessThan(1e-5));
    tf.dispose([x, g, b]);
  });

  it('unfold is the same copy', () => {
    const x = tf.randomNormal([3, 7, 5], 0, 1, 'float32', 4) as Tensor3D;
    setCorrkdKernelsEnabled(true);
    const on = tf.tidy(() => unfold(tf, x, 3).dataSync());
    setCorrkdKernelsEnabled(false);
    const off = tf.tidy(() => unfold(tf, x, 3).dataSync());
    expect(on).toEqual(off);
    x.dispose();
  });

  it('a matrix sum over rows and a matrix transpose equal the built-in kernels', () => {
    const x = tf.randomNormal([130, 37], 0, 1, 'float32', 5) as Tensor2D;
    const ops = (): Float32Array[] => tf.tidy(() => [tf.sum(x, 0), tf.sum(x, 0, true), tf.transpose(x), tf.sum(x, 1)].map((t) => t.dataSync() as Float32Array));
    setCorrkdKernelsEnabled(true);
    const on = ops();
    setCorrkdKernelsEnabled(false);
    const off = ops();
    expect(on[2]).toEqual(off[2]);
    on.forEach((a, i) => expect(maxAbsDiff(a, off[i]!)).toBeLessThan(1e-4));
    x.dispose();
  });

  for (const { heads, d, T, note } of [
    { heads: 2, d: 8, T: 6, note: 'dh 4' },
    { heads: 2, d: 10, T: 9, note: 'dh 5, T not a multiple of 4' },
  ]) {
    it(`the whole network (attention ${note}): logits and every weight gradient, with and without dropout`, () => {
      const spec = modelSpec(parseConfig({ model: { d, heads, layers: 2 } }).model, T, { l: 5, a: 3, v: 4 });
      const net = createNet(tf, spec, new Rng(11));
      const rng = new Rng(2);
      const B = 5;
      const t = (c: number): Tensor3D => tf.tensor3d(Float32Array.from({ length: B * T * c }, () => rng.normal()), [B, T, c]);
      const x: ModelInputs = { l: t(5), a: t(3), v: t(4) };
      const y = Int32Array.from({ length: B }, (_, i) => (2 * i) % 7);
      const yc = Float32Array.from(y, (c) => c - 2.6);
      const vars = [...net.params.values()];
      for (const drop of [false, true]) {
        const run = (enabled: boolean): Float32Array[] => {
          setCorrkdKernelsEnabled(enabled);
          const { value, grads } = tf.variableGrads(() => taskLoss(forward(net, x, drop ? { dropoutRng: new Rng(6) } : {}).logits, y, yc).total, vars);
          const out = [value.dataSync() as Float32Array, ...vars.map((v) => grads[v.name]!.dataSync() as Float32Array)];
          tf.dispose([value, ...Object.values(grads)]);
          return out;
        };
        const on = run(true);
        const off = run(false);
        expect(maxAbsDiff(on[0]!, off[0]!)).toBeLessThan(1e-5);
        on.slice(1).forEach((g, i) => expect(maxAbsDiff(g, off[i + 1]!), `${drop ? 'dropout ' : ''}${[...net.params.keys()][i]}`).toBeLessThan(1e-5));
      }
      tf.dispose([x.l, x.a, x.v]);
      disposeParams(net.params);
    });
  }
});
