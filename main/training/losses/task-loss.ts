/**
 * Task loss (DESIGN 6): CE(logits, class) + L1(score, continuous label), score = sum_k p_k (k - 3).
 * CE uses the max-subtracted log-softmax, so logits in the hundreds do not overflow.
 */
import * as tf from '@tensorflow/tfjs';
import type { Scalar, Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import { classTensor, floatTensor1d, NUM_CLASSES, type ClassLabels } from './labels.ts';

export type TaskLoss = {
  ce: Scalar;
  l1: Scalar;
  total: Scalar;
};

/** Expected sentiment score per row: softmax(logits) . [-3, ..., 3]  ([B, 7] -> [B]). */
export function sentimentScore(logits: Tensor2D): Tensor1D {
  return tf.tidy(() => {
    const k = logits.shape[1] ?? NUM_CLASSES;
    const centre = (k - 1) / 2;
    const values = tf.sub(tf.range(0, k, 1, 'float32'), centre); // k - 3 for K = 7
    return tf.sum(tf.mul(tf.softmax(logits), values), 1) as Tensor1D;
  });
}

export function taskLoss(logits: Tensor2D, yClass: ClassLabels, yCont: Tensor1D | ArrayLike<number>): TaskLoss {
  return tf.tidy(() => {
    const k = logits.shape[1] ?? NUM_CLASSES;
    const onehot = tf.cast(tf.oneHot(classTensor(yClass), k), 'float32');
    const ce = tf.neg(tf.mean(tf.sum(tf.mul(onehot, tf.logSoftmax(logits)), 1))) as Scalar;
    const l1 = tf.mean(tf.abs(tf.sub(sentimentScore(logits), floatTensor1d(yCont)))) as Scalar;
    return { ce, l1, total: tf.add(ce, l1) as Scalar };
  });
}
