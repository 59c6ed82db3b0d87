/**
 * The CorrKD network as an ONNX graph (opset 17, float32), built from the same named weights the
 * tfjs model uses (model/spec.ts), op for op:
 *   x [batch, T, d_in] -> Transpose -> Conv(kernel, pads 'same', no bias) -> Transpose -> * sqrt(d) + PE
 *   -> L x [LayerNormalization -> MHA (MatMul/Reshape/Transpose/Softmax) -> Add ->
 *           LayerNormalization -> MatMul/Relu/MatMul -> Add] -> LayerNormalization -> ReduceMean(time)
 *   H = Concat(z_l, z_a, z_v) -> residual head -> logits, Softmax -> probabilities, MatMul(offsets) -> score.
 * Dropout is absent (inference). The batch dimension is symbolic ('batch').
 */
import { AppError } from '../../core/errors.ts';
import type { ModalityKey } from '../../core/dataset/format.ts';
import { LN_EPS, sinusoidalPositions } from '../model/ops.ts';
import type { WeightArrays } from '../model/params.ts';
import { MODALITY_ORDER, paramSpecs } from '../model/spec.ts';
import type { ModelSpec } from '../model/spec.ts';
import { OnnxGraphBuilder } from './onnx-builder.ts';

export const ONNX_OPSET = 17;
/** Graph input names per modality (the io contract of the model pack). */
export const ONNX_INPUT_NAMES: Record<ModalityKey, string> = { l: 'text', a: 'audio', v: 'visual' };
export const ONNX_OUTPUT_NAMES = { logits: 'logits', probabilities: 'probabilities', score: 'score' } as const;
export const BATCH_DIM = 'batch';

/** PyTorch/ONNX Conv weight [d, d_in, k] from our unfolded [k * d_in, d] (row k * d_in + c). */
export function convWeightOIK(w: Float32Array, dIn: number, d: number, kernel: number): Float32Array {
  const out = new Float32Array(d * dIn * kernel);
  for (let k = 0; k < kernel; k++) {
    for (let c = 0; c < dIn; c++) {
      for (let o = 0; o < d; o++) out[(o * dIn + c) * kernel + k] = w[(k * dIn + c) * d + o]!;
    }
  }
  return out;
}

export interface OnnxExportOptions {
  graphName?: string;
  producerVersion?: string;
  docString?: string;
  metadata?: Record<string, string>;
}

export function buildCorrkdOnnx(spec: ModelSpec, weights: WeightArrays, opts: OnnxExportOptions = {}): Uint8Array {
  const g = new OnnxGraphBuilder();
  const { T, d, heads, kernel, layers } = spec;
  const dh = d / heads;
  const shapes = new Map(paramSpecs(spec).map((p) => [p.name, p.shape]));
  const W = (name: string): string => {
    const data = weights[name];
    const shape = shapes.get(name);
    if (!data || !shape) throw new AppError('ModelContractMismatch', `ONNX export: weight '${name}' is missing.`);
    return g.floats(name, shape, data);
  };
  const linear = (x: string, p: string): string => g.op('Add', [g.op('MatMul', [x, W(`${p}.w`)]), W(`${p}.b`)]);
  const layerNorm = (x: string, p: string): string =>
    g.op('LayerNormalization', [x, W(`${p}.g`), W(`${p}.b`)], { axis: -1, epsilon: { float: LN_EPS } }, 'ln');

  const sqrtD = g.floats('const.sqrt_d', [], Float32Array.of(Math.sqrt(d)));
  const invSqrtDh = g.floats('const.inv_sqrt_dh', [], Float32Array.of(1 / Math.sqrt(dh)));
  const pos = g.floats('const.positions', [T, d], sinusoidalPositions(T, d));
  const shapeSplit = g.int64s('shape_split', [0, T, heads, dh]);
  const shapeMerge = g.int64s('shape_merge', [0, T, d]);

  const zs: string[] = [];
  for (const m of MODALITY_ORDER) {
    const dIn = spec.dims[m];
    const x = g.input(ONNX_INPUT_NAMES[m], [BATCH_DIM, T, dIn]);
    const convName = `enc.${m}.conv.w`;
    const cw = weights[convName];
    if (!cw) throw new AppError('ModelContractMismatch', `ONNX export: weight '${convName}' is missing.`);
    const convW = g.floats(`${convName}.oik`, [d, dIn, kernel], convWeightOIK(cw, dIn, d, kernel));
    const half = (kernel - 1) / 2;
    const xc = g.op('Transpose', [x], { perm: [0, 2, 1] });
    const conv = g.op('Conv', [xc, convW], { kernel_shape: [kernel], pads: [half, half], strides: [1], dilations: [1], group: 1 }, 'conv');
    let h = g.op('Add', [g.op('Mul', [g.op('Transpose', [conv], { perm: [0, 2, 1] }), sqrtD]), pos], {}, `embed_${m}`);
    for (let i = 0; i < layers; i++) {
      const p = `enc.${m}.layer${i}`;
      const a = layerNorm(h, `${p}.ln1`);
      const heads4 = (t: string, perm: number[]): string => g.op('Transpose', [g.op('Reshape', [t, shapeSplit])], { perm });
      const q = heads4(g.op('Mul', [linear(a, `${p}.attn.q`), invSqrtDh]), [0, 2, 1, 3]); // [N,H,T,dh]
      const kT = heads4(linear(a, `${p}.attn.k`), [0, 2, 3, 1]); // [N,H,dh,T]
      const v = heads4(linear(a, `${p}.attn.v`), [0, 2, 1, 3]);
      const att = g.op('Softmax', [g.op('MatMul', [q, kT])], { axis: -1 });
      const ctx = g.op('Reshape', [g.op('Transpose', [g.op('MatMul', [att, v])], { perm: [0, 2, 1, 3] }), shapeMerge]);
      h = g.op('Add', [h, linear(ctx, `${p}.attn.o`)], {}, 'res');
      const f = linear(g.op('Relu', [linear(layerNorm(h, `${p}.ln2`), `${p}.ffn1`)]), `${p}.ffn2`);
      h = g.op('Add', [h, f], {}, 'res');
    }
    h = layerNorm(h, `enc.${m}.lnf`);
    zs.push(g.op('ReduceMean', [h], { axes: [1], keepdims: 0 }, `z_${m}`));
  }
  const H = g.op('Concat', zs, { axis: 1 }, 'H');
  const r = g.op('Relu', [linear(H, 'head.fc1')]);
  const H2 = g.op('Add', [H, linear(r, 'head.fc2')]);
  const logits = linear(H2, 'head.out');
  const probs = g.op('Softmax', [logits], { axis: -1 });
  const K = spec.classes;
  const offsets = g.floats('const.class_offsets', [K], Float32Array.from({ length: K }, (_, k) => k - (K - 1) / 2));
  const score = g.op('MatMul', [probs, offsets], {}, 'score'); // [N, K] @ [K] -> [N]
  g.output(ONNX_OUTPUT_NAMES.logits, logits, [BATCH_DIM, K]);
  g.output(ONNX_OUTPUT_NAMES.probabilities, probs, [BATCH_DIM, K]);
  g.output(ONNX_OUTPUT_NAMES.score, score, [BATCH_DIM]);
  return g.encode({
    graphName: opts.graphName ?? 'corrkd_student',
    opset: ONNX_OPSET,
    producer: 'corrkd-studio',
    producerVersion: opts.producerVersion ?? '0',
    ...(opts.docString !== undefined ? { docString: opts.docString } : {}),
    ...(opts.metadata !== undefined ? { metadata: opts.metadata } : {}),
  });
}
