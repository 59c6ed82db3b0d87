/**
 * The small FER CNN of this probe (TensorFlow.js layers), shared by the training and eval scripts.
 *
 * Input: side x side x 1 grey, 0..1 luma standardised per crop (zero mean, unit std), so exposure
 * does not matter (as face-patch.ts standardises its cells). Three conv blocks (conv 3x3 same ->
 * [batch-norm] -> ReLU -> [second conv] -> 2x2 max-pool), global average pooling, dropout, dense
 * softmax over the 7 FER classes.
 */
import * as tf from '@tensorflow/tfjs';

export const FER_CLASSES = ['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad', 'surprise'] as const;
export const NEGATIVE = ['angry', 'disgust', 'fear', 'sad'] as const;

export interface CnnConfig {
  /** input side in px (the crop the net sees) */
  side: number;
  /** filters per block */
  filters: number[];
  /** two convs per block instead of one */
  double: boolean;
  batchNorm: boolean;
  dropout: number;
}

export function buildModel(c: CnnConfig, seed: number): tf.LayersModel {
  let s = seed;
  const init = () => tf.initializers.heNormal({ seed: s++ });
  const m = tf.sequential();
  c.filters.forEach((f, b) => {
    for (let k = 0; k < (c.double ? 2 : 1); k++) {
      m.add(
        tf.layers.conv2d({
          ...(b === 0 && k === 0 ? { inputShape: [c.side, c.side, 1] } : {}),
          filters: f,
          kernelSize: 3,
          padding: 'same',
          useBias: !c.batchNorm,
          kernelInitializer: init(),
        }),
      );
      if (c.batchNorm) m.add(tf.layers.batchNormalization({ momentum: 0.9 }));
      m.add(tf.layers.reLU());
    }
    m.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
  });
  m.add(tf.layers.globalAveragePooling2d({}));
  if (c.dropout > 0) m.add(tf.layers.dropout({ rate: c.dropout, seed: s++ }));
  m.add(tf.layers.dense({ units: FER_CLASSES.length, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: s++ }) }));
  return m;
}

/** Standardise one crop in place (zero mean, unit std; flat crops stay 0): the app's standardiseCrop (face-net.ts). */
export { standardiseCrop as standardise } from '../../../main/core/features/visual/face-net.ts';
