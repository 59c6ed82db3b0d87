/** A BatchScorer over a tfjs CorrKD network (inference mode: no dropout), e.g. during or right after training. */
import { predict } from '../model/forward.ts';
import type { CorrkdNet } from '../model/params.ts';
import { disposeInputs, inputTensors } from '../trainer/tensors.ts';
import type { BatchScorer } from './types.ts';

export function tfjsScorer(net: CorrkdNet, name = `tfjs ${net.tf.getBackend()}`): BatchScorer {
  const { tf, spec } = net;
  return {
    name,
    T: spec.T,
    dims: { ...spec.dims },
    score(x, B) {
      const inputs = inputTensors(tf, spec, x, B);
      try {
        return Promise.resolve(Float32Array.from(predict(net, inputs).score));
      } finally {
        disposeInputs(tf, inputs);
      }
    },
  };
}
