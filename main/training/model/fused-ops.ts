/**
 * Differentiable ops over the wasm kernels of model/kernels (main/training/README.md, "Speed"): each is a
 * tf.customGrad whose forward and backward are single kernel calls. They compute what the tensor-op
 * versions in ops.ts / encoder.ts compute (tests compare both, values and gradients), only faster on
 * the wasm backend. Callers use them when corrkdKernelsActive(tf) and fall back otherwise.
 */
import { AppError } from '../../core/errors.ts';
import type { Tensor, Tensor2D, Tensor3D, Tf } from '../tf/backend.ts';
import { KERNEL } from './kernels/register.ts';
import type { AttentionAttrs } from './kernels/register.ts';
import { keepScale } from './kernels/mask-stream.ts';

/** The kernels' dropout attributes for a rate and a stream seed (a draw of the run's Rng). */
export function dropoutAttrs(rate: number, seed: number): { seed: number; thr: number; keep: number } {
  const thr = Math.ceil(rate * 4294967296);
  if (!(rate > 0 && thr <= 0xffffffff)) throw new AppError('InvalidArgument', `Dropout rate ${rate} is outside (0, 1 - 2^-32].`);
  return { seed: seed >>> 0, thr, keep: keepScale(rate) };
}

function run<T extends Tensor | Tensor[]>(tf: Tf, name: string, inputs: Record<string, Tensor>, attrs: object): T {
  return tf.engine().runKernel(name, inputs as never, attrs as never) as T;
}

/** Inverted dropout with the mask stream seeded by `seed` (mask-stream.ts); its gradient is the same mask. */
export function fusedDropout<T extends Tensor>(tf: Tf, x: T, rate: number, seed: number): T {
  const attrs = dropoutAttrs(rate, seed);
  const f = tf.customGrad((input) => ({
    value: run<Tensor>(tf, KERNEL.dropout, { x: input as Tensor }, attrs),
    gradFunc: (dy: Tensor) => run<Tensor>(tf, KERNEL.dropout, { x: dy }, attrs),
  }));
  return f(x) as T;
}

/** LayerNorm over the last axis (biased variance, epsilon `eps`): x [n, d], g [d], b [d]. */
export function fusedLayerNorm<T extends Tensor>(tf: Tf, x: T, g: Tensor, b: Tensor, eps: number): T {
  const f = tf.customGrad((xi, gi, bi, save) => {
    const [X, G, Bi] = [xi, gi, bi] as Tensor[];
    (save as (t: Tensor[]) => void)([X!, G!]);
    return {
      value: run<Tensor>(tf, KERNEL.layerNorm, { x: X!, g: G!, b: Bi! }, { eps }),
      gradFunc: (dy: Tensor, saved: Tensor[]) => run<Tensor[]>(tf, KERNEL.layerNormGrad, { dy, x: saved[0]!, g: saved[1]! }, { eps }),
    };
  });
  return f(x, g, b) as T;
}

export interface AttentionShape {
  B: number;
  T: number;
  heads: number;
  /** width of one head (d / heads) */
  dh: number;
  /** factor on Q K^T (1 / sqrt(dh)) */
  scale: number;
}

/**
 * softmax(scale Q K^T) -> dropout -> A V per (sample, head), with qkv [B*T, 3d] = [Q | K | V] and
 * the result [B*T, d] in the same head-column layout. `drop` null: no dropout.
 */
export function fusedAttention(tf: Tf, qkv: Tensor2D, s: AttentionShape, drop: { rate: number; seed: number } | null): Tensor2D {
  const attrs: AttentionAttrs = { ...s, hasDrop: drop ? 1 : 0, ...(drop ? dropoutAttrs(drop.rate, drop.seed) : { seed: 0, thr: 0, keep: 1 }) };
  const f = tf.customGrad((input, save) => {
    const [out, P] = run<Tensor[]>(tf, KERNEL.attention, { qkv: input as Tensor }, attrs);
    (save as (t: Tensor[]) => void)([input as Tensor, P!]);
    return {
      value: out!,
      gradFunc: (dy: Tensor, saved: Tensor[]) => run<Tensor>(tf, KERNEL.attentionGrad, { dy, qkv: saved[0]!, P: saved[1]! }, attrs),
    };
  });
  return f(qkv) as Tensor2D;
}

/** x [B, T, c] -> [B*T, kernel*c] (encoder.ts `unfold`); inputs only, no gradient. */
export function fusedUnfold(tf: Tf, x: Tensor3D, kernel: number): Tensor2D {
  return run<Tensor2D>(tf, KERNEL.unfold, { x }, { kernel });
}
