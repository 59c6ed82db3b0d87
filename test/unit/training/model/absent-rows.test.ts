import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../main/training/config.ts';
import { taskLoss } from '../../../../main/training/losses/task-loss.ts';
import { forward, type ForwardOptions, type ModelInputs } from '../../../../main/training/model/forward.ts';
import { createNet, disposeParams, type CorrkdNet } from '../../../../main/training/model/params.ts';
import { modelSpec } from '../../../../main/training/model/spec.ts';
import { Rng } from '../../../../main/core/rng.ts';
import { initTf, type Tensor3D, type Tf } from '../../../../main/training/tf/backend.ts';
import { absentRows } from '../../../../main/training/trainer/batches.ts';

let tf: Tf;
let net: CorrkdNet;
const T = 6;
const DIMS = { l: 5, a: 3, v: 4 };
const B = 7;
/** which modalities each row has: text-only, audio-only, visual-only rows, two complete ones, an l+v one, an empty one */
const ROWS = ['l', 'a', 'v', 'lav', 'lav', 'lv', ''];

beforeAll(async () => {
  tf = (await initTf('wasm')).tf;
  net = createNet(tf, modelSpec(parseConfig({ model: { d: 8, layers: 2, heads: 2 } }).model, T, DIMS), new Rng(3));
  return () => disposeParams(net.params);
});

function mixedBatch(): { arrays: Record<'l' | 'a' | 'v', Float32Array>; x: ModelInputs } {
  const rng = new Rng(9);
  const arrays = {} as Record<'l' | 'a' | 'v', Float32Array>;
  for (const m of ['l', 'a', 'v'] as const) {
    const w = T * DIMS[m];
    arrays[m] = new Float32Array(B * w);
    ROWS.forEach((has, i) => {
      if (has.includes(m)) for (let j = 0; j < w; j++) arrays[m][i * w + j] = rng.normal();
    });
  }
  const t = (m: 'l' | 'a' | 'v'): Tensor3D => tf.tensor3d(arrays[m], [B, T, DIMS[m]]);
  return { arrays, x: { l: t('l'), a: t('a'), v: t('v') } };
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

/** logits, H and every parameter's gradient of the task loss */
function evaluate(x: ModelInputs, opts: ForwardOptions): { logits: Float32Array; H: Float32Array; grads: Map<string, Float32Array> } {
  const vars = [...net.params.values()];
  const y = Int32Array.from(ROWS, (_, i) => i % 7);
  const yc = Float32Array.from(y, (c) => c - 3.4);
  let logits: Float32Array = new Float32Array(0);
  let H: Float32Array = new Float32Array(0);
  const { value, grads } = tf.variableGrads(() => {
    const o = forward(net, x, opts);
    logits = o.logits.dataSync() as Float32Array;
    H = o.H.dataSync() as Float32Array;
    return taskLoss(o.logits, y, yc).total;
  }, vars);
  const out = new Map([...net.params].map(([name, v]) => [name, grads[v.name]!.dataSync() as Float32Array]));
  tf.dispose([value, ...Object.values(grads)]);
  return { logits, H, grads: out };
}

describe('forward with absent rows', () => {
  it('marks exactly the all-zero rows of each modality', () => {
    const { arrays, x } = mixedBatch();
    const absent = absentRows(arrays, B);
    expect(Array.from(absent.l)).toEqual(ROWS.map((r) => (r.includes('l') ? 0 : 1)));
    expect(Array.from(absent.a)).toEqual(ROWS.map((r) => (r.includes('a') ? 0 : 1)));
    expect(Array.from(absent.v)).toEqual(ROWS.map((r) => (r.includes('v') ? 0 : 1)));
    tf.dispose([x.l, x.a, x.v]);
  });

  it('without dropout equals the per-row computation, values and gradients (mixed batch)', () => {
    const { arrays, x } = mixedBatch();
    const before = tf.memory().numTensors;
    const full = evaluate(x, {});
    const rows = evaluate(x, { absentRows: absentRows(arrays, B) });
    expect(tf.memory().numTensors).toBe(before);
    expect(maxAbsDiff(full.logits, rows.logits)).toBeLessThan(2e-6);
    expect(maxAbsDiff(full.H, rows.H)).toBeLessThan(2e-6);
    for (const [name, g] of full.grads) expect(maxAbsDiff(g, rows.grads.get(name)!), name).toBeLessThan(2e-6);
    tf.dispose([x.l, x.a, x.v]);
  });

  it('a modality absent from every row is encoded once and repeated (same result)', () => {
    const { x } = mixedBatch();
    const zero = { l: tf.zerosLike(x.l) as Tensor3D, a: x.a, v: x.v };
    const absent = { l: new Uint8Array(B).fill(1) };
    const full = evaluate(zero, {});
    const rows = evaluate(zero, { absentRows: absent });
    expect(maxAbsDiff(full.logits, rows.logits)).toBeLessThan(2e-6);
    for (const [name, g] of full.grads) expect(maxAbsDiff(g, rows.grads.get(name)!), name).toBeLessThan(2e-6);
    tf.dispose([x.l, x.a, x.v, zero.l]);
  });

  it('with dropout is a function of the seed', () => {
    const { arrays, x } = mixedBatch();
    const absent = absentRows(arrays, B);
    const a = evaluate(x, { absentRows: absent, dropoutRng: new Rng(4) });
    const b = evaluate(x, { absentRows: absent, dropoutRng: new Rng(4) });
    const c = evaluate(x, { absentRows: absent, dropoutRng: new Rng(5) });
    expect(a.logits).toEqual(b.logits);
    for (const [name, g] of a.grads) expect(g, name).toEqual(b.grads.get(name));
    expect(a.logits).not.toEqual(c.logits);
    tf.dispose([x.l, x.a, x.v]);
  });
});
