/**
 * The few building blocks of the network, written with plain tf ops so the ONNX export can mirror
 * them one to one. Written for the wasm backend (DESIGN 9): matrix products take explicit
 * tf.transpose instead of matMul's transpose flags (measured 3-10x faster there), including in the
 * gradients, which is why `matMulT` carries its own gradient.
 */
import type { Rng } from '../../core/rng.ts';
import type { Tensor, Tensor2D, Tf } from '../tf/backend.ts';
import { fusedDropout, fusedLayerNorm } from './fused-ops.ts';
import { corrkdKernelsActive } from './kernels/register.ts';
import { dropThreshold, fillMask, keepScale } from './kernels/mask-stream.ts';

/** LayerNormalization epsilon: PyTorch's and ONNX's default. */
export const LN_EPS = 1e-5;

type MatMul2D = (a: Tensor2D, b: Tensor2D) => Tensor2D;
const matMulCache = new WeakMap<Tf, MatMul2D>();

/**
 * a [n, k] @ b [k, m] whose gradient uses explicit transposes: dA = dy @ b^T, dB = a^T @ dy
 * (tfjs's own matMul gradient passes transpose flags, the slow path on wasm).
 */
export function matMulT(tf: Tf): MatMul2D {
  let f = matMulCache.get(tf);
  if (!f) {
    const g = tf.customGrad((a, b, save) => {
      const A = a as Tensor2D;
      const B = b as Tensor2D;
      (save as (t: Tensor[]) => void)([A, B]);
      return {
        value: tf.matMul(A, B),
        gradFunc: (dy: Tensor, saved: Tensor[]) => {
          const [sa, sb] = saved as [Tensor2D, Tensor2D];
          return [tf.matMul(dy as Tensor2D, tf.transpose(sb)), tf.matMul(tf.transpose(sa), dy as Tensor2D)];
        },
      };
    });
    f = (a, b) => g(a, b) as Tensor2D;
    matMulCache.set(tf, f);
  }
  return f;
}

/** x [n, in] @ w [in, out] + b [out] */
export function linear(tf: Tf, x: Tensor2D, w: Tensor, b: Tensor): Tensor2D {
  return tf.add(matMulT(tf)(x, w as Tensor2D), b);
}

/** LayerNorm over the last axis with biased variance (as PyTorch / ONNX LayerNormalization). */
export function layerNorm<T extends Tensor>(tf: Tf, x: T, g: Tensor, b: Tensor): T {
  if (corrkdKernelsActive(tf)) return fusedLayerNorm(tf, x, g, b, LN_EPS);
  const mean = tf.mean(x, -1, true);
  const xc = tf.sub(x, mean);
  const variance = tf.mean(tf.square(xc), -1, true);
  return tf.add(tf.mul(tf.mul(xc, tf.rsqrt(tf.add(variance, LN_EPS))), g), b) as T;
}

/** Reused mask memory on wasm, whose write() copies values into its own heap at once (the cpu backend keeps the array). */
let scratch = new Float32Array(0);

function maskBuffer(tf: Tf, n: number): Float32Array {
  if (tf.getBackend() !== 'wasm') return new Float32Array(n);
  if (scratch.length < n) scratch = new Float32Array(n);
  return scratch.subarray(0, n);
}

/**
 * Inverted dropout with a mask drawn from our seeded Rng (not tfjs's Math.random-seeded default), so a
 * run is reproducible and a resumed run draws the same masks. One 32-bit draw from `rng` seeds the
 * mask's stream (attention maps need millions of draws per step). rng undefined or rate 0 -> identity.
 */
export function dropout<T extends Tensor>(tf: Tf, x: T, rate: number, rng: Rng | undefined): T {
  if (!rng || rate <= 0) return x;
  const seed = rng.nextUint32();
  if (corrkdKernelsActive(tf)) return fusedDropout(tf, x, rate, seed);
  const mask = maskBuffer(tf, x.size);
  fillMask(mask, x.size, seed, dropThreshold(rate), keepScale(rate));
  return tf.mul(x, tf.tensor(mask, x.shape, 'float32')) as T;
}

/** Sinusoidal positions (Vaswani et al.): PE[t, 2i] = sin(t / 10000^(2i/d)), PE[t, 2i+1] = cos(same), t = 0..T-1. */
export function sinusoidalPositions(T: number, d: number): Float32Array {
  const pe = new Float32Array(T * d);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < d; i += 2) {
      const angle = t / Math.pow(10000, i / d);
      pe[t * d + i] = Math.sin(angle);
      if (i + 1 < d) pe[t * d + i + 1] = Math.cos(angle);
    }
  }
  return pe;
}
