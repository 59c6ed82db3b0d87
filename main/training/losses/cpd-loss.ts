/**
 * Class-prototype distillation (DESIGN 6; vectors spec): for each class present in the batch (sorted),
 * prototype P_c = mean of the raw rows of that class (student and teacher separately);
 * M[i][c] = cos(h_i, P_c) with norms clamped at 1e-8; CPD = sum (M_t - M_s)^2 / (B * |classes|),
 * and 0 when fewer than 2 classes are present (the M matrices are still computed in cpdParts).
 */
import * as tf from '@tensorflow/tfjs';
import type { Scalar, Tensor2D } from '@tensorflow/tfjs';
import { AppError } from '../../core/errors.ts';
import { classArray, type ClassLabels } from './labels.ts';
import { safeRowNorm } from './row-norm.ts';

export type CpdParts = {
  /** sorted distinct class ids in the batch */
  classesPresent: number[];
  prototypesS: Tensor2D;
  prototypesT: Tensor2D;
  /** [B, |classes|] cosine similarity of each row to each prototype */
  mS: Tensor2D;
  mT: Tensor2D;
  cpd: Scalar;
};

/** [B, |classes|] membership matrix divided by class counts, so mean rows = A^T h. */
function averagingMatrix(y: Int32Array, classes: number[]): Tensor2D {
  const b = y.length;
  const k = classes.length;
  const col = new Map(classes.map((c, j) => [c, j]));
  const counts = new Float64Array(k);
  for (const c of y) {
    const j = col.get(c) as number;
    counts[j] = (counts[j] as number) + 1;
  }
  const a = new Float32Array(b * k);
  for (let i = 0; i < b; i++) {
    const j = col.get(y[i] as number) as number;
    a[i * k + j] = 1 / (counts[j] as number);
  }
  return tf.tensor2d(a, [b, k]);
}

function cosineToPrototypes(h: Tensor2D, protos: Tensor2D): Tensor2D {
  // [B, D] x [D, K] with an explicit transpose (faster than matMul's transpose flag on wasm)
  const dots = tf.matMul(h, tf.transpose(protos));
  const denom = tf.mul(safeRowNorm(h), tf.transpose(safeRowNorm(protos)));
  return tf.div(dots, denom) as Tensor2D;
}

export function cpdParts(hs: Tensor2D, ht: Tensor2D, yClass: ClassLabels): CpdParts {
  const y = classArray(yClass);
  const [b, dim] = hs.shape;
  if (ht.shape[0] !== b || ht.shape[1] !== dim || y.length !== b) {
    throw new AppError(
      'InvalidArgument',
      `cpdLoss: student [${hs.shape}], teacher [${ht.shape}] and ${y.length} labels do not describe the same batch.`,
    );
  }
  const classesPresent = [...new Set(y)].sort((p, q) => p - q);
  return tf.tidy(() => {
    const avgT = tf.transpose(averagingMatrix(y, classesPresent)); // [K, B]
    const prototypesS = tf.matMul(avgT, hs) as Tensor2D;
    const prototypesT = tf.matMul(avgT, ht) as Tensor2D;
    const mS = cosineToPrototypes(hs, prototypesS);
    const mT = cosineToPrototypes(ht, prototypesT);
    const cpd =
      classesPresent.length < 2
        ? tf.scalar(0)
        : (tf.div(tf.sum(tf.square(tf.sub(mT, mS))), b * classesPresent.length) as Scalar);
    return { classesPresent, prototypesS, prototypesT, mS, mT, cpd };
  });
}

export function cpdLoss(hs: Tensor2D, ht: Tensor2D, yClass: ClassLabels): Scalar {
  const y = classArray(yClass);
  if (new Set(y).size < 2) return tf.scalar(0);
  return tf.tidy(() => cpdParts(hs, ht, y).cpd);
}
