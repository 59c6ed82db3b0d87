/**
 * Zero-fill (DESIGN 6): x[m][b, t, :] = 0 where the effective step mask is 0. A tfjs version for
 * training and a plain-array version for feeding ONNX Runtime during evaluation.
 */
import type { Tensor3D } from '@tensorflow/tfjs';
import { AppError } from '../../core/errors.ts';
import type { Tf } from '../tf/backend.ts';
import { MODALITY_ORDER, type ModalityKey } from './conditions.ts';
import { modalityStepMask, type ModalityMasks } from './masks.ts';

export type ModalityTensors = Record<ModalityKey, Tensor3D>;
export type ModalityArrays = Record<ModalityKey, Float32Array>;

/** New [B, T, d] tensors with masked steps zeroed (the inputs are not disposed). */
export function applyMasks(tf: Tf, x: ModalityTensors, masks: ModalityMasks): ModalityTensors {
  const { B, T } = masks;
  for (const k of MODALITY_ORDER) {
    const s = x[k].shape;
    if (s[0] !== B || s[1] !== T) {
      throw new AppError('InvalidArgument', `applyMasks: modality ${k} has shape [${s}] but the masks are for B=${B}, T=${T}.`);
    }
  }
  return tf.tidy(() => {
    const out = {} as ModalityTensors;
    MODALITY_ORDER.forEach((k, m) => {
      const mask = tf.tensor3d(Float32Array.from(modalityStepMask(masks, m)), [B, T, 1]);
      out[k] = tf.mul(x[k], mask) as Tensor3D;
    });
    return out;
  });
}

/** Zero-fills row-major [B*T*dims[k]] arrays in place; returns the same object. */
export function applyMasksInPlace(x: ModalityArrays, dims: Record<ModalityKey, number>, masks: ModalityMasks): ModalityArrays {
  const { B, T, steps } = masks;
  MODALITY_ORDER.forEach((k, m) => {
    const d = dims[k];
    const arr = x[k];
    if (arr.length !== B * T * d) {
      throw new AppError('InvalidArgument', `applyMasksInPlace: modality ${k} has ${arr.length} values, expected B*T*d = ${B}*${T}*${d}.`);
    }
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        if (steps[(b * 3 + m) * T + t] === 0) arr.fill(0, (b * T + t) * d, (b * T + t + 1) * d);
      }
    }
  });
  return x;
}
