/**
 * One modality's encoder (DESIGN 6): Conv1D(kernel, d_in -> d, 'same', no bias) written as a matrix
 * product over the unfolded input -> * sqrt(d) + sinusoidal positions -> dropout -> L pre-LN
 * Transformer layers -> final LayerNorm -> mean over time. Returns z [B, d].
 */
import type { ModalityKey } from '../../core/dataset/format.ts';
import type { Rng } from '../../core/rng.ts';
import type { Tensor, Tensor2D, Tensor3D, Tf } from '../tf/backend.ts';
import { fusedAttention, fusedUnfold } from './fused-ops.ts';
import { corrkdKernelsActive } from './kernels/register.ts';
import { dropout, layerNorm, linear, matMulT, sinusoidalPositions } from './ops.ts';
import { getParam } from './params.ts';
import type { ParamMap } from './params.ts';
import type { ModelSpec } from './spec.ts';

/** x [B, T, c] -> [B*T, kernel*c]: row (b, t) holds x[b, t-h .. t+h] (zeros outside), tap-major. */
export function unfold(tf: Tf, x: Tensor3D, kernel: number): Tensor2D {
  if (corrkdKernelsActive(tf)) return fusedUnfold(tf, x, kernel);
  const [B, T, c] = x.shape;
  const half = (kernel - 1) / 2;
  if (kernel === 1) return tf.reshape(x, [B * T, c]);
  const xp = tf.pad(x, [[0, 0], [half, half], [0, 0]]);
  const taps: Tensor3D[] = [];
  for (let k = 0; k < kernel; k++) taps.push(tf.slice(xp, [0, k, 0], [B, T, c]));
  return tf.reshape(tf.concat(taps, 2), [B * T, kernel * c]);
}

/**
 * Multi-head self-attention over a [B*T, d] (no mask). On the wasm backend with the CorrKD kernels,
 * one fused kernel (fused-ops.ts) over [Q | K | V] from a single product with the three weights side
 * by side. Otherwise heads are folded into the batch of rank-3 matrix products ([B*H, T, dh]);
 * rank-4 batched matMul measured about 2x slower on wasm. Both draw the attention dropout's seed at
 * the same point of the stream and drop the same entries.
 */
function selfAttention(tf: Tf, spec: ModelSpec, P: (n: string) => Tensor, p: string, a: Tensor2D, B: number, rng: Rng | undefined): Tensor2D {
  const { T, d, heads } = spec;
  const dh = d / heads;
  if (corrkdKernelsActive(tf)) {
    const w = tf.concat([P(`${p}.q.w`), P(`${p}.k.w`), P(`${p}.v.w`)], 1);
    const b = tf.concat([P(`${p}.q.b`), P(`${p}.k.b`), P(`${p}.v.b`)], 0);
    const drop = rng && spec.attnDropout > 0 ? { rate: spec.attnDropout, seed: rng.nextUint32() } : null;
    const ctx = fusedAttention(tf, linear(tf, a, w, b), { B, T, heads, dh, scale: 1 / Math.sqrt(dh) }, drop);
    return linear(tf, ctx, P(`${p}.o.w`), P(`${p}.o.b`));
  }
  const split = (t: Tensor2D, perm: number[], shape: [number, number, number]): Tensor3D =>
    tf.reshape(tf.transpose(tf.reshape(t, [B, T, heads, dh]), perm), shape);
  const q = split(tf.mul<Tensor2D>(linear(tf, a, P(`${p}.q.w`), P(`${p}.q.b`)), 1 / Math.sqrt(dh)), [0, 2, 1, 3], [B * heads, T, dh]);
  const kT = split(linear(tf, a, P(`${p}.k.w`), P(`${p}.k.b`)), [0, 2, 3, 1], [B * heads, dh, T]);
  const v = split(linear(tf, a, P(`${p}.v.w`), P(`${p}.v.b`)), [0, 2, 1, 3], [B * heads, T, dh]);
  let att = tf.softmax(tf.matMul(q, kT), -1); // [B*H, T, T]
  att = dropout(tf, att, spec.attnDropout, rng);
  const ctx = tf.reshape(tf.transpose(tf.reshape(tf.matMul(att, v), [B, heads, T, dh]), [0, 2, 1, 3]), [B * T, d]) as Tensor2D;
  return linear(tf, ctx, P(`${p}.o.w`), P(`${p}.o.b`));
}

export function encodeModality(tf: Tf, spec: ModelSpec, params: ParamMap, m: ModalityKey, x: Tensor3D, rng: Rng | undefined): Tensor2D {
  const { T, d, layers } = spec;
  const B = x.shape[0];
  const P = (n: string): Tensor => getParam(params, n);
  const pre = `enc.${m}`;
  let h = matMulT(tf)(unfold(tf, x, spec.kernel), P(`${pre}.conv.w`) as Tensor2D); // [B*T, d]
  const pos = tf.tensor(sinusoidalPositions(T, d), [1, T, d], 'float32');
  h = tf.reshape(tf.add(tf.reshape(tf.mul(h, Math.sqrt(d)), [B, T, d]), pos), [B * T, d]) as Tensor2D;
  h = dropout(tf, h, spec.embedDropout, rng);
  for (let i = 0; i < layers; i++) {
    const p = `${pre}.layer${i}`;
    const a = layerNorm(tf, h, P(`${p}.ln1.g`), P(`${p}.ln1.b`));
    h = tf.add(h, dropout(tf, selfAttention(tf, spec, P, `${p}.attn`, a, B, rng), spec.resDropout, rng));
    const f0 = layerNorm(tf, h, P(`${p}.ln2.g`), P(`${p}.ln2.b`));
    const f1 = dropout(tf, tf.relu(linear(tf, f0, P(`${p}.ffn1.w`), P(`${p}.ffn1.b`))), spec.reluDropout, rng);
    h = tf.add(h, dropout(tf, linear(tf, f1, P(`${p}.ffn2.w`), P(`${p}.ffn2.b`)), spec.resDropout, rng));
  }
  h = layerNorm(tf, h, P(`${pre}.lnf.g`), P(`${pre}.lnf.b`));
  return tf.mean(tf.reshape(h, [B, T, d]), 1) as Tensor2D;
}
