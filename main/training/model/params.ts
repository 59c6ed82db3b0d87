/**
 * A network's weights: a map from the stable names of spec.ts to tf.Variables, plus the plain-array
 * form (name -> Float32Array) that checkpoints, tests and the ONNX export read and write.
 */
import type { Tf, Variable } from '../tf/backend.ts';
import type { Rng } from '../../core/rng.ts';
import { AppError } from '../../core/errors.ts';
import { paramSpecs } from './spec.ts';
import type { ModelSpec, ParamSpec } from './spec.ts';

export type ParamMap = Map<string, Variable>;
/** Weights as plain arrays, row-major in the shapes of spec.ts. */
export type WeightArrays = Record<string, Float32Array>;

export interface CorrkdNet {
  tf: Tf;
  spec: ModelSpec;
  params: ParamMap;
}

function initValues(p: ParamSpec, rng: Rng): Float32Array {
  const n = p.shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  switch (p.init) {
    case 'zeros':
      return v;
    case 'ones':
      return v.fill(1);
    case 'torch-linear':
    case 'xavier': {
      const bound = p.init === 'xavier' ? Math.sqrt(6 / (p.fanIn + p.fanOut)) : 1 / Math.sqrt(p.fanIn);
      for (let i = 0; i < n; i++) v[i] = (2 * rng.uniform() - 1) * bound;
      return v;
    }
  }
}

/** Deterministic initial weights: parameters are drawn in paramSpecs order from `rng`. */
export function initWeights(spec: ModelSpec, rng: Rng): WeightArrays {
  const out: WeightArrays = {};
  for (const p of paramSpecs(spec)) out[p.name] = initValues(p, rng);
  return out;
}

/** Creates variables (trainable) from weight arrays; every name of the spec must be present with the right size. */
export function paramsFromArrays(tf: Tf, spec: ModelSpec, w: WeightArrays, where = 'weights'): ParamMap {
  const params: ParamMap = new Map();
  for (const p of paramSpecs(spec)) {
    const arr = w[p.name];
    const n = p.shape.reduce((a, b) => a * b, 1);
    if (!arr) throw new AppError('ModelContractMismatch', `${where}: weight '${p.name}' is missing.`);
    if (arr.length !== n) {
      throw new AppError('ModelContractMismatch', `${where}: weight '${p.name}' has ${arr.length} values, the model needs ${n} (shape [${p.shape.join(', ')}]).`);
    }
    // No explicit variable name: tfjs names must be globally unique, and teacher/student share ours.
    // tidy frees the initial-value tensor; the variable (not tracked by tidy) stays
    params.set(p.name, tf.tidy(() => tf.variable(tf.tensor(arr, p.shape, 'float32'), true)));
  }
  return params;
}

export function createNet(tf: Tf, spec: ModelSpec, rng: Rng): CorrkdNet {
  return { tf, spec, params: paramsFromArrays(tf, spec, initWeights(spec, rng), 'initial weights') };
}

export function netFromArrays(tf: Tf, spec: ModelSpec, w: WeightArrays, where?: string): CorrkdNet {
  return { tf, spec, params: paramsFromArrays(tf, spec, w, where) };
}

/** Reads every variable back (copies). */
export function readWeights(params: ParamMap): WeightArrays {
  const out: WeightArrays = {};
  for (const [name, v] of params) out[name] = v.dataSync() as Float32Array;
  return out;
}

/** Overwrites the variables' values in place (e.g. restoring the best epoch's weights). */
export function assignWeights(tf: Tf, params: ParamMap, w: WeightArrays, where = 'weights'): void {
  for (const [name, v] of params) {
    const arr = w[name];
    if (!arr || arr.length !== v.size) throw new AppError('ModelContractMismatch', `${where}: weight '${name}' is missing or has the wrong size.`);
    tf.tidy(() => v.assign(tf.tensor(arr, v.shape, 'float32')));
  }
}

export function getParam(params: ParamMap, name: string): Variable {
  const v = params.get(name);
  if (!v) throw new AppError('Internal', `Model parameter '${name}' does not exist.`);
  return v;
}

export function disposeParams(params: ParamMap): void {
  for (const v of params.values()) v.dispose();
  params.clear();
}
