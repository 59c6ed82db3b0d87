/** Plain batch arrays -> model input tensors (the caller disposes them). */
import type { ModalityKey } from '../../core/dataset/format.ts';
import type { ModelInputs } from '../model/forward.ts';
import type { ModelSpec } from '../model/spec.ts';
import type { Tf } from '../tf/backend.ts';

export function inputTensors(tf: Tf, spec: ModelSpec, x: Record<ModalityKey, Float32Array>, B: number): ModelInputs {
  return {
    l: tf.tensor3d(x.l, [B, spec.T, spec.dims.l]),
    a: tf.tensor3d(x.a, [B, spec.T, spec.dims.a]),
    v: tf.tensor3d(x.v, [B, spec.T, spec.dims.v]),
  };
}

export function disposeInputs(tf: Tf, x: ModelInputs): void {
  tf.dispose([x.l, x.a, x.v]);
}
