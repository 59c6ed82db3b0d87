/**
 * tfjs vs onnxruntime-node on the same seeded inputs: complete, and with each modality zeroed (the
 * missing-modality inputs the app feeds). Used by the export's self-check and by the round-trip test.
 */
import * as ort from 'onnxruntime-node';
import { predict } from '../model/forward.ts';
import { disposeParams, netFromArrays } from '../model/params.ts';
import type { WeightArrays } from '../model/params.ts';
import { MODALITY_ORDER } from '../model/spec.ts';
import type { ModelSpec } from '../model/spec.ts';
import { Rng } from '../../core/rng.ts';
import { initTf } from '../tf/backend.ts';
import type { ModalityKey } from '../../core/dataset/format.ts';
import { ONNX_INPUT_NAMES, ONNX_OUTPUT_NAMES } from './corrkd-onnx.ts';

export type ParityCondition = 'complete' | 'no-l' | 'no-a' | 'no-v';
export const PARITY_CONDITIONS: readonly ParityCondition[] = ['complete', 'no-l', 'no-a', 'no-v'];

export interface ParityReport {
  /** max over conditions and over logits, probabilities and score */
  maxAbsDiff: number;
  conditions: Record<ParityCondition, { logits: number; probabilities: number; score: number }>;
}

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}

/** Seeded standard-normal inputs [batch, T, dims[m]] per modality. */
export function randomInputs(spec: ModelSpec, batch: number, seed: number): Record<ModalityKey, Float32Array> {
  const rng = new Rng(seed);
  const make = (d: number): Float32Array => Float32Array.from({ length: batch * spec.T * d }, () => rng.normal());
  return { l: make(spec.dims.l), a: make(spec.dims.a), v: make(spec.dims.v) };
}

export async function compareWithOnnx(spec: ModelSpec, weights: WeightArrays, onnx: Uint8Array, opts: { batch: number; seed: number }): Promise<ParityReport> {
  const { tf } = await initTf();
  const net = netFromArrays(tf, spec, weights, 'parity check');
  const session = await ort.InferenceSession.create(onnx);
  const base = randomInputs(spec, opts.batch, opts.seed);
  const conditions = {} as ParityReport['conditions'];
  let worst = 0;
  try {
    for (const cond of PARITY_CONDITIONS) {
      const x = { ...base };
      if (cond !== 'complete') {
        const m = cond.slice(3) as ModalityKey;
        x[m] = new Float32Array(x[m].length);
      }
      const tensors = Object.fromEntries(MODALITY_ORDER.map((m) => [m, tf.tensor3d(x[m], [opts.batch, spec.T, spec.dims[m]])])) as Record<ModalityKey, ReturnType<typeof tf.tensor3d>>;
      const ours = predict(net, tensors);
      tf.dispose(Object.values(tensors));
      const feeds = Object.fromEntries(MODALITY_ORDER.map((m) => [ONNX_INPUT_NAMES[m], new ort.Tensor('float32', x[m], [opts.batch, spec.T, spec.dims[m]])]));
      const res = await session.run(feeds);
      const got = (k: string): Float32Array => res[k]!.data as Float32Array;
      const c = {
        logits: maxAbs(ours.logits, got(ONNX_OUTPUT_NAMES.logits)),
        probabilities: maxAbs(ours.probs, got(ONNX_OUTPUT_NAMES.probabilities)),
        score: maxAbs(ours.score, got(ONNX_OUTPUT_NAMES.score)),
      };
      conditions[cond] = c;
      worst = Math.max(worst, c.logits, c.probabilities, c.score);
    }
  } finally {
    disposeParams(net.params);
    await session.release();
  }
  return { maxAbsDiff: worst, conditions };
}
