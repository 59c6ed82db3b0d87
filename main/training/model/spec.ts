/**
 * The CorrKD network's shape (DESIGN 6) and its parameter list: every weight has a stable name, a
 * shape and an init rule. The same list drives initialisation, checkpoints and the ONNX export, so a
 * name means the same tensor everywhere (README.md in main/training documents the naming).
 *
 * Layout conventions (chosen so the forward pass needs no transposed weights):
 *  - a linear layer's weight is [in, out] and computes x @ W + b;
 *  - the input convolution is unfolded: `enc.<m>.conv.w` is [kernel * d_in, d] with row index
 *    k * d_in + c (tap k in 0..kernel-1, left to right; channel c); PyTorch's Conv1d weight
 *    [d, d_in, kernel] maps to it as W[k * d_in + c, o] = w_pt[o, c, k]. No bias (as MulT's projection).
 */
import type { ModelConfig } from '../config.ts';
import type { ModalityKey } from '../../core/dataset/format.ts';

export const MODALITY_ORDER: readonly ModalityKey[] = ['l', 'a', 'v'];
/** 7 sentiment classes: class = round(clip(y, -3, 3)) + 3 */
export const NUM_CLASSES = 7;

export interface ModelSpec extends ModelConfig {
  T: number;
  dims: Record<ModalityKey, number>;
  classes: number;
}

/**
 * How a parameter is initialised (PyTorch defaults, so the numbers mean what they mean there):
 *  - 'torch-linear': U(-1/sqrt(fan_in), 1/sqrt(fan_in)) (nn.Linear / nn.Conv1d: kaiming_uniform with
 *    a = sqrt(5) for the weight, the same bound for the bias);
 *  - 'xavier': U(-sqrt(6/(fan_in+fan_out)), +) (nn.MultiheadAttention's q/k/v in_proj);
 *  - 'zeros' / 'ones': attention biases, LayerNorm beta / gamma.
 */
export type InitRule = 'torch-linear' | 'xavier' | 'zeros' | 'ones';

export interface ParamSpec {
  name: string;
  shape: number[];
  init: InitRule;
  /** fan_in used by 'torch-linear' (for a bias: the fan_in of its layer) */
  fanIn: number;
  fanOut: number;
}

export function modelSpec(cfg: ModelConfig, T: number, dims: Record<ModalityKey, number>): ModelSpec {
  return { ...cfg, T, dims: { ...dims }, classes: NUM_CLASSES };
}

function linear(out: ParamSpec[], prefix: string, nIn: number, nOut: number, init: InitRule = 'torch-linear', biasInit: InitRule = init): void {
  out.push({ name: `${prefix}.w`, shape: [nIn, nOut], init, fanIn: nIn, fanOut: nOut });
  out.push({ name: `${prefix}.b`, shape: [nOut], init: biasInit === 'xavier' ? 'zeros' : biasInit, fanIn: nIn, fanOut: nOut });
}

function layerNorm(out: ParamSpec[], prefix: string, d: number): void {
  out.push({ name: `${prefix}.g`, shape: [d], init: 'ones', fanIn: d, fanOut: d });
  out.push({ name: `${prefix}.b`, shape: [d], init: 'zeros', fanIn: d, fanOut: d });
}

/** The ordered parameter list of one CorrKD network (teacher and student share it). */
export function paramSpecs(spec: ModelSpec): ParamSpec[] {
  const { d, kernel, layers } = spec;
  const out: ParamSpec[] = [];
  for (const m of MODALITY_ORDER) {
    const dIn = spec.dims[m];
    out.push({ name: `enc.${m}.conv.w`, shape: [kernel * dIn, d], init: 'torch-linear', fanIn: kernel * dIn, fanOut: d });
    for (let i = 0; i < layers; i++) {
      const p = `enc.${m}.layer${i}`;
      layerNorm(out, `${p}.ln1`, d);
      // nn.MultiheadAttention: in_proj xavier_uniform, in_proj bias 0, out_proj bias 0
      linear(out, `${p}.attn.q`, d, d, 'xavier', 'zeros');
      linear(out, `${p}.attn.k`, d, d, 'xavier', 'zeros');
      linear(out, `${p}.attn.v`, d, d, 'xavier', 'zeros');
      linear(out, `${p}.attn.o`, d, d, 'torch-linear', 'zeros');
      layerNorm(out, `${p}.ln2`, d);
      linear(out, `${p}.ffn1`, d, 4 * d);
      linear(out, `${p}.ffn2`, 4 * d, d);
    }
    layerNorm(out, `enc.${m}.lnf`, d);
  }
  const dh = 3 * d;
  linear(out, 'head.fc1', dh, dh);
  linear(out, 'head.fc2', dh, dh);
  linear(out, 'head.out', dh, spec.classes);
  return out;
}

export function countParams(spec: ModelSpec): number {
  return paramSpecs(spec).reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0);
}
