/**
 * The CorrKD forward pass (DESIGN 6): z_m per modality, H = [z_l; z_a; z_v], residual head
 * logits = W_o(H + W_2 drop(ReLU(W_1 H))), probabilities, and score = sum_k p_k (k - (K-1)/2).
 */
import { AppError } from '../../core/errors.ts';
import type { Rng } from '../../core/rng.ts';
import type { Tensor, Tensor1D, Tensor2D, Tensor3D } from '../tf/backend.ts';
import { encodeModality } from './encoder.ts';
import type { ModalityKey } from '../../core/dataset/format.ts';
import { installCorrkdKernels } from './kernels/register.ts';
import { dropout, linear, matMulT } from './ops.ts';
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
   * Per modality, [B] with 1 for the rows whose input is entirely zero (the modality is absent in the
   * data, or MRM dropped it whole; trainer/batches.ts `absentRows`). Those rows share ONE encoding
   * of a zero sequence; only the other rows run the encoder (all of them when none is marked), and
   * the two are put back together as [B, d] with 0/1 matrix products (differentiable on wasm, which
   * has no gather gradient). Without dropout this is exactly the per-row result; in training the
   * zero rows share one dropout draw instead of one each. A mixed batch of one-modality corpora
   * thus encodes about a third of what it would.
   */
  absentRows?: Partial<Record<ModalityKey, Uint8Array>> | undefined;
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

/** Indices of the rows not marked absent. */
function presentIndices(absent: Uint8Array): Int32Array {
  const idx: number[] = [];
  absent.forEach((a, i) => {
    if (a !== 1) idx.push(i);
  });
  return Int32Array.from(idx);
}

/**
 * z_m [B, d] of one modality (ForwardOptions.absentRows): the encoder over the present rows, in
 * order, then once over a zero sequence for the absent ones (so a batch with no absent row, or only
 * absent rows, draws its dropout exactly as a plain encoder call would).
 */
function encodeRows(net: CorrkdNet, m: ModalityKey, x: Tensor3D, absent: Uint8Array | undefined, rng: Rng | undefined): Tensor2D {
  const { tf, spec, params } = net;
  const B = x.shape[0];
  if (absent && absent.length !== B) throw new AppError('Internal', `forward: absentRows.${m} has ${absent.length} entries for a batch of ${B}.`);
  const present = absent ? presentIndices(absent) : null;
  if (!present || present.length === B || B <= 1) return encodeModality(tf, spec, params, m, x, rng);
  const zeroInput = tf.zeros([1, spec.T, spec.dims[m]]) as Tensor3D;
  if (present.length === 0) return tf.tile(encodeModality(tf, spec, params, m, zeroInput, rng), [B, 1]) as Tensor2D;
  const sub = encodeModality(tf, spec, params, m, tf.gather(x, present) as Tensor3D, rng);
  const zero = encodeModality(tf, spec, params, m, zeroInput, rng);
  // scatter [B, n] (row present[k] <- sub row k) and the absent rows' indicator [B, 1]
  const scatter = new Float32Array(B * present.length);
  present.forEach((row, k) => (scatter[row * present.length + k] = 1));
  const mm = matMulT(tf);
  return tf.add(
    mm(tf.tensor2d(scatter, [B, present.length]), sub),
    mm(tf.tensor2d(Float32Array.from(absent!, (a) => (a === 1 ? 1 : 0)), [B, 1]), zero),
  ) as Tensor2D;
}

/** Runs the network; every intermediate is freed, only the returned tensors stay (the caller disposes them). */
export function forward(net: CorrkdNet, x: ModelInputs, opts: ForwardOptions = {}): ForwardOutput {
  const { tf, spec, params } = net;
  checkInputs(net, x);
  useZeroCopyWasmKernels(tf);
  installCorrkdKernels(tf);
  const rng = opts.dropoutRng;
  return tf.tidy(() => {
    const enc = (m: ModalityKey): Tensor2D => encodeRows(net, m, x[m], opts.absentRows?.[m], rng);
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
