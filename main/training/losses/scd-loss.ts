/**
 * Sample-level contrastive distillation (DESIGN 6; vectors spec): row-normalise H_s and H_t,
 * d_ij = sqrt(max(||hn_s_i - hn_t_j||^2, 1e-12)); SCD = (sum_i d_ii^2 + sum_{i!=j} max(0, eta - d_ij)^2) / B^2.
 * Distances come from explicit differences (pairwise-distance.ts), so a student row equal to its
 * teacher row gives exactly the 1e-12 floor. The floor also keeps the sqrt gradient finite.
 */
import * as tf from '@tensorflow/tfjs';
import type { Scalar, Tensor2D } from '@tensorflow/tfjs';
import { AppError } from '../../core/errors.ts';
import { pairwiseSqDist } from './pairwise-distance.ts';
import { rowNormalize } from './row-norm.ts';

export const DIST_SQ_EPS = 1e-12;

export type ScdParts = {
  hnS: Tensor2D;
  hnT: Tensor2D;
  /** [B, B] d[i][j] = distance between student row i and teacher row j */
  d: Tensor2D;
  posSum: Scalar;
  negSum: Scalar;
  scd: Scalar;
};

export function scdParts(hs: Tensor2D, ht: Tensor2D, eta = 1): ScdParts {
  const [b, dim] = hs.shape;
  if (ht.shape[0] !== b || ht.shape[1] !== dim) {
    throw new AppError('InvalidArgument', `scdLoss: student [${hs.shape}] and teacher [${ht.shape}] representations differ in shape.`);
  }
  return tf.tidy(() => {
    const hnS = rowNormalize(hs);
    const hnT = rowNormalize(ht);
    const d2 = tf.maximum(pairwiseSqDist(hnS, hnT), DIST_SQ_EPS) as Tensor2D;
    const d = tf.sqrt(d2) as Tensor2D;
    const eye = tf.eye(b);
    const posSum = tf.sum(tf.mul(d2, eye)) as Scalar;
    const hinge = tf.square(tf.relu(tf.sub(eta, d)));
    const negSum = tf.sum(tf.mul(hinge, tf.sub(1, eye))) as Scalar;
    const scd = tf.div(tf.add(posSum, negSum), b * b) as Scalar;
    return { hnS, hnT, d, posSum, negSum, scd };
  });
}

export function scdLoss(hs: Tensor2D, ht: Tensor2D, eta = 1): Scalar {
  return tf.tidy(() => scdParts(hs, ht, eta).scd);
}
