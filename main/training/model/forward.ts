/**
 * The CorrKD forward pass (DESIGN 6): z_m per modality, H = [z_l; z_a; z_v], residual head
 * logits = W_o(H + W_2 drop(ReLU(W_1 H))), probabilities, and score = sum_k p_k (k - (K-1)/2).
 */
import { AppError } from '../../core/errors.ts';
import type { Rng } from '../../core/rng.ts';
import type { Tensor, Tensor1D, Tensor2D, Tensor3D } from '../tf/backend.ts';
import { encodeModality } from './encoder.ts';
import { dropout, linear } from './ops.ts';
import { getParam } from './params.ts';
import type { CorrkdNet } from './params.ts';
import { MODALITY_ORDER } from './spec.ts';
import { useZeroCopyWasmKernels } from './wasm-kernels.ts';

export interface ModelInputs {
  /** [B, T, dims.l] */
  l: Tensor3D;
  a: Tensor3D;
  v: Tensor3D;
}

export interface ForwardOutput {
  logits: Tensor2D;
  probs: Tensor2D;
  /** [B] expected class offset in [-3, 3] */
  score: Tensor1D;
  /** [B, 3d] joint representation */
  H: Tensor2D;
  z: { l: Tensor2D; a: Tensor2D; v: Tensor2D };
}

export interface ForwardOptions {
  /** training mode draws dropout masks from this generator; undefined = inference (no dropout) */
  dropoutRng?: Rng | undefined;
  /**
   * Modalities whose input is all zeros for the whole batch (e.g. audio and visual of a text-only
   * dataset): their encoder runs once on a single zero sequence and the result is repeated for the
   * batch. Without dropout this is exactly the per-sample result (every row is the same); in
   * training the rows share one dropout draw. Cuts a text-only step to about a third.
   */
  zeroModalities?: readonly ('l' | 'a' | 'v')[] | undefined;
}

function checkInputs(net: CorrkdNet, x: ModelInputs): number {
  const B = x.l.shape[0];
  for (const m of MODALITY_ORDER) {
    const s = x[m].shape;
    if (s.length !== 3 || s[0] !== B || s[1] !== net.spec.T || s[2] !== net.spec.dims[m]) {
      throw new AppError(
        'ModelContractMismatch',
        `Model input '${m}' has shape [${s.join(', ')}], expected [${B}, ${net.spec.T}, ${net.spec.dims[m]}].`,
      );
    }
  }
  return B;
}

/** Runs the network; every intermediate is freed, only the returned tensors stay (the caller disposes them). */
export function forward(net: CorrkdNet, x: ModelInputs, opts: ForwardOptions = {}): ForwardOutput {
  const { tf, spec, params } = net;
  checkInputs(net, x);
  useZeroCopyWasmKernels(tf);
  const rng = opts.dropoutRng;
  return tf.tidy(() => {
    const B = x.l.shape[0];
    const enc = (m: 'l' | 'a' | 'v'): Tensor2D => {
      if (!opts.zeroModalities?.includes(m) || B <= 1) return encodeModality(tf, spec, params, m, x[m], rng);
      const one = encodeModality(tf, spec, params, m, tf.zeros([1, spec.T, spec.dims[m]]) as Tensor3D, rng);
      return tf.tile(one, [B, 1]) as Tensor2D;
    };
    const z = { l: enc('l'), a: enc('a'), v: enc('v') };
    const H = tf.concat([z.l, z.a, z.v], 1) as Tensor2D;
    const P = (n: string): Tensor => getParam(params, n);
    const r = dropout(tf, tf.relu(linear(tf, H, P('head.fc1.w'), P('head.fc1.b'))), spec.outDropout, rng);
    const H2 = tf.add(H, linear(tf, r, P('head.fc2.w'), P('head.fc2.b'))) as Tensor2D;
    const logits = linear(tf, H2, P('head.out.w'), P('head.out.b'));
    const probs = tf.softmax(logits, -1) as Tensor2D;
    const K = spec.classes;
    const offsets = tf.tensor2d(Array.from({ length: K }, (_, k) => k - (K - 1) / 2), [K, 1]);
    const score = tf.reshape(tf.matMul(probs, offsets), [-1]) as Tensor1D;
    return { logits, probs, score, H, z };
  });
}

/** Inference helper: plain arrays in, plain arrays out (reads back only [B, K] and [B]). */
export function predict(net: CorrkdNet, x: ModelInputs): { logits: Float32Array; probs: Float32Array; score: Float32Array } {
  const out = forward(net, x);
  try {
    return {
      logits: out.logits.dataSync() as Float32Array,
      probs: out.probs.dataSync() as Float32Array,
      score: out.score.dataSync() as Float32Array,
    };
  } finally {
    net.tf.dispose([out.logits, out.probs, out.score, out.H, out.z.l, out.z.a, out.z.v]);
  }
}
