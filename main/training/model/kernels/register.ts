/**
 * tfjs kernels on the wasm backend backed by corrkd-kernels.c: the fused ops of model/fused-ops.ts
 * (attention, dropout, layer norm, unfold) and faster versions of two built-ins whose wasm
 * implementation is slow at our shapes:
 *  - Sum over axis 0 of a matrix (every bias gradient): tfjs transposes the whole matrix first;
 *  - Transpose of a matrix (every weight gradient, model/ops.ts matMulT): an unblocked loop.
 * Both replacements compute the same float32 values (a transpose is a copy; the column sum adds
 * the rows in the same order). Other cases go to the original kernels.
 */
import type { Tf } from '../../tf/backend.ts';
import { corrkdWasm, type CorrkdWasm, type TensorInfoLike } from './corrkd-wasm.ts';

type Attrs = Record<string, unknown>;
type KernelArgs = { inputs: Record<string, TensorInfoLike>; backend: unknown; attrs?: Attrs };
type KernelFn = (a: KernelArgs) => TensorInfoLike | TensorInfoLike[];

export const KERNEL = {
  attention: 'CorrkdAttention',
  attentionGrad: 'CorrkdAttentionGrad',
  dropout: 'CorrkdDropout',
  layerNorm: 'CorrkdLayerNorm',
  layerNormGrad: 'CorrkdLayerNormGrad',
  unfold: 'CorrkdUnfold',
} as const;

/** Attributes of the attention kernels; `hasDrop` 0 means no dropout (then seed/thr/keep are ignored). */
export interface AttentionAttrs {
  B: number;
  T: number;
  heads: number;
  dh: number;
  scale: number;
  hasDrop: number;
  seed: number;
  thr: number;
  keep: number;
}

const num = (a: Attrs | undefined, k: string): number => a![k] as number;

function attentionScratch(a: Attrs | undefined, buffers: number): number {
  const Tp = (num(a, 'T') + 3) & ~3;
  return buffers * num(a, 'dh') * Tp + 2 * Tp;
}

const OWN: Record<string, (k: CorrkdWasm, a: KernelArgs) => TensorInfoLike | TensorInfoLike[]> = {
  [KERNEL.attention]: (k, { inputs, attrs: at }) => {
    const qkv = inputs.qkv!;
    const [B, T, H, dh] = [num(at, 'B'), num(at, 'T'), num(at, 'heads'), num(at, 'dh')];
    const out = k.alloc([B * T, H * dh]);
    const P = k.alloc([B * H, T, T]);
    k.withScratch(attentionScratch(at, 2), (s) =>
      k.fn.attention_forward(k.ptr(qkv), qkv.shape[1]!, k.ptr(out), k.ptr(P), B, T, H, dh, num(at, 'scale'), num(at, 'hasDrop'), num(at, 'seed'), num(at, 'thr'), num(at, 'keep'), s),
    );
    return [out, P];
  },
  [KERNEL.attentionGrad]: (k, { inputs, attrs: at }) => {
    const { dy, qkv, P } = inputs as { dy: TensorInfoLike; qkv: TensorInfoLike; P: TensorInfoLike };
    const [B, T, H, dh] = [num(at, 'B'), num(at, 'T'), num(at, 'heads'), num(at, 'dh')];
    const dqkv = k.alloc([...qkv.shape]);
    k.withScratch(attentionScratch(at, 4), (s) =>
      k.fn.attention_backward(k.ptr(dy), k.ptr(qkv), qkv.shape[1]!, k.ptr(P), k.ptr(dqkv), B, T, H, dh, num(at, 'scale'), num(at, 'hasDrop'), num(at, 'seed'), num(at, 'thr'), num(at, 'keep'), s),
    );
    return dqkv;
  },
  [KERNEL.dropout]: (k, { inputs, attrs: at }) => {
    const x = inputs.x!;
    const out = k.alloc([...x.shape]);
    const n = x.shape.reduce((p, q) => p * q, 1);
    k.fn.dropout_apply(k.ptr(x), k.ptr(out), n, num(at, 'seed'), num(at, 'thr'), num(at, 'keep'));
    return out;
  },
  [KERNEL.layerNorm]: (k, { inputs, attrs: at }) => {
    const { x, g, b } = inputs as { x: TensorInfoLike; g: TensorInfoLike; b: TensorInfoLike };
    const d = x.shape[x.shape.length - 1]!;
    const y = k.alloc([...x.shape]);
    k.fn.layer_norm_forward(k.ptr(x), k.ptr(g), k.ptr(b), k.ptr(y), x.shape.reduce((p, q) => p * q, 1) / d, d, num(at, 'eps'));
    return y;
  },
  [KERNEL.layerNormGrad]: (k, { inputs, attrs: at }) => {
    const { dy, x, g } = inputs as { dy: TensorInfoLike; x: TensorInfoLike; g: TensorInfoLike };
    const d = x.shape[x.shape.length - 1]!;
    const dx = k.alloc([...x.shape]);
    const dg = k.alloc([d]);
    const db = k.alloc([d]);
    k.fn.layer_norm_backward(k.ptr(dy), k.ptr(x), k.ptr(g), k.ptr(dx), k.ptr(dg), k.ptr(db), x.shape.reduce((p, q) => p * q, 1) / d, d, num(at, 'eps'));
    return [dx, dg, db];
  },
  [KERNEL.unfold]: (k, { inputs, attrs: at }) => {
    const x = inputs.x!;
    const [B, T, c] = x.shape as [number, number, number];
    const kernel = num(at, 'kernel');
    const out = k.alloc([B * T, kernel * c]);
    k.fn.unfold_steps(k.ptr(x), k.ptr(out), B, T, c, kernel);
    return out;
  },
};

/** Built-in kernels replaced for some inputs: returns null to let the original run. */
const OVERRIDES: Record<string, (k: CorrkdWasm, a: KernelArgs) => TensorInfoLike | null> = {
  Sum: (k, { inputs, attrs }) => {
    const x = inputs.x!;
    const axis = attrs?.axis;
    const axes = Array.isArray(axis) ? axis : [axis];
    if (x.dtype !== 'float32' || x.shape.length !== 2 || axes.length !== 1 || (axes[0] !== 0 && axes[0] !== -2)) return null;
    const [n, d] = x.shape as [number, number];
    const out = k.alloc(attrs?.keepDims ? [1, d] : [d]);
    k.fn.column_sum(k.ptr(x), k.ptr(out), n, d);
    return out;
  },
  Transpose: (k, { inputs, attrs }) => {
    const x = inputs.x!;
    const perm = attrs?.perm as number[] | undefined;
    if (x.dtype !== 'float32' || x.shape.length !== 2 || !perm || perm[0] !== 1 || perm[1] !== 0) return null;
    const [rows, cols] = x.shape as [number, number];
    const out = k.alloc([cols, rows]);
    k.fn.transpose_2d(k.ptr(x), k.ptr(out), rows, cols);
    return out;
  },
};

let installed = false;
let enabled = true;

/**
 * Switches the kernels of this file on or off at run time (default on). Off, the model runs on
 * tfjs's own ops only (model/fused-ops.ts falls back to them and the overrides pass through): the
 * reference the tests compare with, and the "before" of the training bench.
 */
export function setCorrkdKernelsEnabled(on: boolean): void {
  enabled = on;
}

/** True when the fused kernels are installed on the active backend and switched on. */
export function corrkdKernelsActive(tf: Tf): boolean {
  return enabled && installCorrkdKernels(tf);
}

/** Registers the kernels once per process; false when the active backend is not wasm (then nothing changes). */
export function installCorrkdKernels(tf: Tf): boolean {
  if (installed) return true;
  if (tf.getBackend() !== 'wasm') return false;
  corrkdWasm(tf.backend()); // fails here, not inside a training step, if the backend's internals changed
  for (const [name, f] of Object.entries(OWN)) {
    if (tf.getKernel(name, 'wasm')) continue;
    tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc: ((a: KernelArgs) => f(corrkdWasm(a.backend), a)) as never });
  }
  for (const [name, f] of Object.entries(OVERRIDES)) {
    const original = tf.getKernel(name, 'wasm');
    if (!original) continue;
    const orig = original.kernelFunc as unknown as KernelFn;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({
      kernelName: name,
      backendName: 'wasm',
      kernelFunc: ((a: KernelArgs) => (enabled ? f(corrkdWasm(a.backend), a) : null) ?? orig(a)) as never,
    });
  }
  installed = true;
  return true;
}
