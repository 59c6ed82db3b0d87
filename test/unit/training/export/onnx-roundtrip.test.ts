import * as ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../main/training/config.ts';
import { buildCorrkdOnnx } from '../../../../main/training/export/corrkd-onnx.ts';
import { compareWithOnnx, randomInputs } from '../../../../main/training/export/parity.ts';
import { predict } from '../../../../main/training/model/forward.ts';
import { disposeParams, initWeights, netFromArrays } from '../../../../main/training/model/params.ts';
import { modelSpec } from '../../../../main/training/model/spec.ts';
import type { ModelSpec } from '../../../../main/training/model/spec.ts';
import { Rng } from '../../../../main/core/rng.ts';
import { initTf } from '../../../../main/training/tf/backend.ts';
import type { Tf } from '../../../../main/training/tf/backend.ts';

let tf: Tf;
beforeAll(async () => {
  tf = (await initTf('wasm')).tf;
});

/** The round trip tolerance of DESIGN 7. */
const TOL = 1e-4;

function tiny(): ModelSpec {
  return modelSpec(parseConfig({ model: { d: 8, layers: 1, heads: 2 } }).model, 6, { l: 5, a: 4, v: 3 });
}

/** Weights that are not the symmetric init: every LayerNorm/bias gets random values too. */
function randomizedWeights(spec: ModelSpec, seed: number): ReturnType<typeof initWeights> {
  const w = initWeights(spec, new Rng(seed));
  const rng = new Rng(seed + 1);
  for (const [name, v] of Object.entries(w)) if (/\.(b|g)$/.test(name)) v.forEach((_, i) => (v[i] = (name.endsWith('.g') ? 1 : 0) + 0.2 * rng.normal()));
  return w;
}

describe('bad call', () => {
  it('a missing weight is a ModelContractMismatch naming it', () => {
    const spec = tiny();
    const w = initWeights(spec, new Rng(1));
    delete w['enc.a.layer0.attn.k.w'];
    expect(() => buildCorrkdOnnx(spec, w)).toThrow(/weight 'enc\.a\.layer0\.attn\.k\.w' is missing/);
  });
});

describe('expected failure', () => {
  it('onnxruntime refuses inputs that break the io contract', async () => {
    const spec = tiny();
    const session = await ort.InferenceSession.create(buildCorrkdOnnx(spec, initWeights(spec, new Rng(1))));
    const x = randomInputs(spec, 2, 3);
    const feeds = {
      text: new ort.Tensor('float32', x.l, [2, 6, 5]),
      audio: new ort.Tensor('float32', x.a, [2, 6, 4]),
      visual: new ort.Tensor('float32', new Float32Array(2 * 6 * 7), [2, 6, 7]), // visual dim 7, model wants 3
    };
    await expect(session.run(feeds)).rejects.toThrow(/dimension|Got invalid dimensions|visual/i);
    const { visual: _v, ...missing } = feeds;
    await expect(session.run(missing)).rejects.toThrow(/visual/);
    await session.release();
  });
});

describe('happy path', () => {
  it('the graph is opset 17, IR 8, float32, with a symbolic batch dimension', () => {
    const spec = tiny();
    const m = onnxProto.onnx.ModelProto.decode(buildCorrkdOnnx(spec, initWeights(spec, new Rng(1))));
    // protobufjs decodes int64 as Long
    const num = (x: unknown): number => Number(String(x));
    expect(num(m.opsetImport[0]!.version)).toBe(17);
    expect(num(m.irVersion)).toBe(8);
    const graph = m.graph as InstanceType<typeof onnxProto.onnx.GraphProto>;
    const inputs = graph.input.map((i) => [i.name, i.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || num(d.dimValue))]);
    expect(inputs).toEqual([
      ['text', ['batch', 6, 5]],
      ['audio', ['batch', 6, 4]],
      ['visual', ['batch', 6, 3]],
    ]);
    expect(graph.output.map((o) => o.name)).toEqual(['logits', 'probabilities', 'score']);
    expect(graph.node.some((n) => n.opType === 'LayerNormalization')).toBe(true);
  });

  it('tiny config: tfjs and onnxruntime agree (complete and each modality zeroed) at batch 1 and 5', async () => {
    const spec = tiny();
    const w = randomizedWeights(spec, 21);
    const bytes = buildCorrkdOnnx(spec, w);
    for (const batch of [1, 5]) {
      const r = await compareWithOnnx(spec, w, bytes, { batch, seed: 30 + batch });
      for (const c of Object.values(r.conditions)) {
        expect(c.logits).toBeLessThan(TOL);
        expect(c.score).toBeLessThan(TOL);
        expect(c.probabilities).toBeLessThan(TOL);
      }
    }
    // the zeroed conditions are real inputs: they change the model's answer
    const net = netFromArrays(tf, spec, w);
    const x = randomInputs(spec, 2, 40);
    const full = predict(net, { l: tf.tensor3d(x.l, [2, 6, 5]), a: tf.tensor3d(x.a, [2, 6, 4]), v: tf.tensor3d(x.v, [2, 6, 3]) });
    const noText = predict(net, { l: tf.zeros([2, 6, 5]), a: tf.tensor3d(x.a, [2, 6, 4]), v: tf.tensor3d(x.v, [2, 6, 3]) });
    expect(Math.abs(full.score[0]! - noText.score[0]!)).toBeGreaterThan(1e-4);
    disposeParams(net.params);
  });

  it('another shape (d 12, 3 heads, 2 layers, kernel 5, T 9) also agrees', async () => {
    const spec = modelSpec(parseConfig({ model: { d: 12, layers: 2, heads: 3, kernel: 5 } }).model, 9, { l: 7, a: 2, v: 1 });
    const w = randomizedWeights(spec, 8);
    const r = await compareWithOnnx(spec, w, buildCorrkdOnnx(spec, w), { batch: 3, seed: 9 });
    expect(r.maxAbsDiff).toBeLessThan(TOL);
  });

  it('real config (d 40, 4 layers, 10 heads, T 50, MOSI-like dims): max abs difference < 1e-4 at batch 2', async () => {
    const spec = modelSpec(parseConfig({}).model, 50, { l: 100, a: 25, v: 17 });
    const w = randomizedWeights(spec, 5);
    const r = await compareWithOnnx(spec, w, buildCorrkdOnnx(spec, w), { batch: 2, seed: 6 });
    expect(Object.keys(r.conditions)).toEqual(['complete', 'no-l', 'no-a', 'no-v']);
    for (const c of Object.values(r.conditions)) {
      expect(c.logits).toBeLessThan(TOL);
      expect(c.score).toBeLessThan(TOL);
    }
    expect(r.maxAbsDiff).toBeLessThan(TOL);
  });
});
