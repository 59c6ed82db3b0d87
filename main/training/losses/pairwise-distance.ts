/**
 * Squared Euclidean distances between every row of a [B, D] and every row of b [B2, D] -> [B, B2].
 * Forward: explicit differences ([B, B2, D]), so equal rows give exactly 0 (the expansion
 * |a|^2 + |b|^2 - 2ab cancels to float32 noise ~1e-7, far above the 1e-12 floor SCD relies on).
 * Backward: the closed form, two matMuls instead of broadcast gradients over [B, B2, D] (measured
 * ~10x faster on wasm at B = 128, D = 120):
 *   dL/da_i = 2 (sum_j G_ij a_i - sum_j G_ij b_j),  dL/db_j = 2 (sum_i G_ij b_j - sum_i G_ij a_i).
 */
import * as tf from '@tensorflow/tfjs';
import type { Tensor, Tensor2D } from '@tensorflow/tfjs';

const sqDist = tf.customGrad((...args: (Tensor | tf.GradSaveFunc)[]) => {
  const [a, b, save] = args as [Tensor, Tensor, tf.GradSaveFunc];
  save([a, b]);
  const diff = tf.sub(tf.expandDims(a, 1), tf.expandDims(b, 0));
  const value = tf.sum(tf.square(diff), 2);
  const gradFunc = (dy: Tensor, saved: Tensor[]): Tensor[] => {
    const [sa, sb] = saved as [Tensor2D, Tensor2D];
    const g = dy as Tensor2D;
    const gT = tf.transpose(g);
    const da = tf.mul(2, tf.sub(tf.mul(tf.sum(g, 1, true), sa), tf.matMul(g, sb)));
    const db = tf.mul(2, tf.sub(tf.mul(tf.sum(gT, 1, true), sb), tf.matMul(gT, sa)));
    return [da, db];
  };
  return { value, gradFunc };
});

export function pairwiseSqDist(a: Tensor2D, b: Tensor2D): Tensor2D {
  return sqDist(a, b) as Tensor2D;
}
