/**
 * max(||h_i||_2, 1e-8) per row, written as sqrt(max(sum h^2, 1e-16)): the same value, but the gradient
 * of an all-zero row is 0 instead of NaN (d sqrt(s)/ds at s = 0 is infinite; the max routes the
 * gradient to the constant instead). The 1e-8 floor is the vectors' norm clamp.
 */
import * as tf from '@tensorflow/tfjs';
import type { Tensor, Tensor2D } from '@tensorflow/tfjs';

export const NORM_EPS = 1e-8;

/** [B, D] -> [B, 1] clamped L2 norms. */
export function safeRowNorm(h: Tensor): Tensor2D {
  return tf.sqrt(tf.maximum(tf.sum(tf.square(h), -1, true), NORM_EPS * NORM_EPS)) as Tensor2D;
}

/** Row-wise h / max(||h||, 1e-8) (an all-zero row stays zero). */
export function rowNormalize(h: Tensor2D): Tensor2D {
  return tf.tidy(() => tf.div(h, safeRowNorm(h)));
}
