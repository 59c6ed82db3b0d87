/**
 * Sentiment label -> 7-class index (DESIGN 6): class = round(clip(y, -3, 3)) + 3 with numpy rounding
 * (ties to even, as the vectors compute it: 2.5 -> 5, -0.5 -> 3). Plus the tensor/array coercion the
 * losses share for class indices.
 */
import * as tf from '@tensorflow/tfjs';
import type { Tensor1D } from '@tensorflow/tfjs';
import { AppError } from '../../core/errors.ts';
import { roundHalfEven } from '../metrics/round-half-even.ts';

export const NUM_CLASSES = 7;

/** Class indices: an int32 tensor [B] or an Int32Array (plain arrays are accepted for convenience). */
export type ClassLabels = Tensor1D | Int32Array | readonly number[];

export function labelToClass(y: number): number {
  if (!Number.isFinite(y)) throw new AppError('InvalidArgument', `Sentiment label ${y} is not a finite number.`);
  return roundHalfEven(Math.min(3, Math.max(-3, y))) + 3;
}

export function labelsToClasses(y: ArrayLike<number>): Int32Array {
  const out = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = labelToClass(y[i] as number);
  return out;
}

/** Class indices as JS numbers (reads a tensor back; it is [B] ints, so cheap). */
export function classArray(y: ClassLabels, k = NUM_CLASSES): Int32Array {
  const arr = y instanceof tf.Tensor ? Int32Array.from(y.dataSync()) : Int32Array.from(y);
  for (let i = 0; i < arr.length; i++) {
    const c = arr[i] as number;
    if (c < 0 || c >= k) throw new AppError('InvalidArgument', `Class index ${c} at ${i} is outside 0..${k - 1}.`);
  }
  return arr;
}

/** Class indices as an int32 tensor [B] (the caller's tensor is returned as is). */
export function classTensor(y: ClassLabels): Tensor1D {
  if (y instanceof tf.Tensor) return y.dtype === 'int32' ? y : tf.cast(y, 'int32');
  return tf.tensor1d(Int32Array.from(y), 'int32');
}

/** A float tensor [B] from a tensor or array. */
export function floatTensor1d(y: Tensor1D | ArrayLike<number>): Tensor1D {
  if (y instanceof tf.Tensor) return y.dtype === 'float32' ? y : tf.cast(y, 'float32');
  return tf.tensor1d(Float32Array.from(y as ArrayLike<number>), 'float32');
}
