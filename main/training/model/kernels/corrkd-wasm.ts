/**
 * The compiled kernels of corrkd-kernels.c, instantiated on the tfjs wasm backend's own memory
 * (one instance per backend object): their pointer arguments are tfjs tensors' byte offsets, so a
 * kernel reads its inputs and writes its outputs where tfjs keeps them, without copies.
 */
import { AppError } from '../../../core/errors.ts';
import { KERNELS_WASM_BASE64 } from './corrkd-kernels-wasm.ts';

/** The few WebAssembly JS-API members used here (the project's Node typings do not declare them). */
interface WasmJsApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
  Memory: abstract new (...args: never[]) => object;
}
const WA = (globalThis as unknown as { WebAssembly: WasmJsApi }).WebAssembly;

export interface TensorInfoLike {
  dataId: object;
  shape: number[];
  dtype: string;
}

/** The C functions (pointers are byte offsets; uint32 arguments are passed as JS numbers). */
export interface KernelExports {
  attention_forward(
    qkv: number, ld: number, out: number, P: number, B: number, T: number, H: number, dh: number, scale: number,
    hasDrop: number, seed: number, thr: number, keep: number, scratch: number,
  ): void;
  attention_backward(
    dout: number, qkv: number, ld: number, P: number, dqkv: number, B: number, T: number, H: number, dh: number, scale: number,
    hasDrop: number, seed: number, thr: number, keep: number, scratch: number,
  ): void;
  dropout_apply(x: number, out: number, n: number, seed: number, thr: number, keep: number): void;
  layer_norm_forward(x: number, g: number, b: number, y: number, n: number, d: number, eps: number): void;
  layer_norm_backward(dy: number, x: number, g: number, dx: number, dg: number, db: number, n: number, d: number, eps: number): void;
  column_sum(x: number, out: number, n: number, d: number): void;
  transpose_2d(x: number, out: number, rows: number, cols: number): void;
  unfold_steps(x: number, out: number, B: number, T: number, c: number, kernel: number): void;
}

/** What the kernels need of tfjs's BackendWasm (not part of its typed API). */
export interface WasmBackendInternals {
  wasm: { asm: { memory: object }; _malloc(bytes: number): number; _free(ptr: number): void };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: string): TensorInfoLike;
}

export interface CorrkdWasm {
  fn: KernelExports;
  /** byte offset of a float32 tensor's data */
  ptr(t: TensorInfoLike): number;
  /** a new float32 output tensor (contents undefined until a kernel writes it) */
  alloc(shape: number[]): TensorInfoLike;
  /** runs f with `floats` floats of scratch memory, freed afterwards */
  withScratch<T>(floats: number, f: (ptr: number) => T): T;
}

let compiled: object | null = null;
const instances = new WeakMap<object, CorrkdWasm>();

function module(): object {
  compiled ??= new WA.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
  return compiled;
}

/** The kernels bound to this backend's memory (instantiated on first use). */
export function corrkdWasm(backend: unknown): CorrkdWasm {
  const b = backend as WasmBackendInternals;
  let k = instances.get(b);
  if (k) return k;
  const memory = b.wasm?.asm?.memory;
  if (!(memory instanceof WA.Memory) || typeof b.makeOutput !== 'function' || !b.dataIdMap) {
    throw new AppError('Internal', 'CorrKD kernels: the tfjs wasm backend does not expose its memory (tfjs-backend-wasm internals changed?).');
  }
  const fn = new WA.Instance(module(), { env: { memory } }).exports as unknown as KernelExports;
  k = {
    fn,
    ptr(t) {
      if (t.dtype !== 'float32') throw new AppError('Internal', `CorrKD kernel: expected a float32 tensor, got ${t.dtype} [${t.shape.join(', ')}].`);
      const d = b.dataIdMap.get(t.dataId);
      if (!d) throw new AppError('Internal', 'CorrKD kernel: a tensor has no data on the wasm backend.');
      return d.memoryOffset;
    },
    alloc: (shape) => b.makeOutput(shape, 'float32'),
    withScratch(floats, f) {
      const p = b.wasm._malloc(Math.max(1, floats) * 4);
      try {
        return f(p);
      } finally {
        b.wasm._free(p);
      }
    },
  };
  instances.set(b, k);
  return k;
}
