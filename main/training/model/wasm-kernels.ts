/**
 * Zero-copy Identity and same-dtype Cast for the wasm backend (a speed fix, same results).
 *
 * tfjs saves every tensor a gradient needs through an Identity kernel ("clone"), and the Mul/clone
 * gradients call Cast(x, 'float32') on tensors that already are float32. The wasm backend implements
 * both as a full copy of the data; for attention maps ([B*H, T, T] = 3.2M floats at batch 128) those
 * copies were about half of a training step. Tensors are immutable in tfjs (a variable's assign swaps
 * its data id; no wasm kernel writes into an input), so sharing the data with a reference count is
 * exact: the cpu backend's Identity does the same, and the wasm backend's own Reshape shares data the
 * same way (backend.incRef). Installed once per process, only when the wasm backend is active.
 */
import type { Tf } from '../tf/backend.ts';

interface TensorInfoLike {
  dataId: object;
  shape: number[];
  dtype: string;
}
interface WasmBackendLike {
  incRef(dataId: object): void;
}
type KernelArgs = { inputs: Record<string, TensorInfoLike>; backend: WasmBackendLike; attrs?: Record<string, unknown> };

let installed = false;

function share(x: TensorInfoLike, backend: WasmBackendLike): TensorInfoLike {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** Idempotent; a no-op on other backends. Returns true when the wasm kernels are (now) the zero-copy ones. */
export function useZeroCopyWasmKernels(tf: Tf): boolean {
  if (installed) return true;
  if (tf.getBackend() !== 'wasm') return false;
  const backend = tf.backend() as unknown as Partial<WasmBackendLike>;
  const cast = tf.getKernel('Cast', 'wasm');
  if (typeof backend.incRef !== 'function' || !cast || !tf.getKernel('Identity', 'wasm')) return false;
  const castFn = cast.kernelFunc as unknown as (a: KernelArgs) => TensorInfoLike;
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({
    kernelName: 'Identity',
    backendName: 'wasm',
    kernelFunc: ((a: KernelArgs) => share(a.inputs.x!, a.backend)) as never,
  });
  tf.unregisterKernel('Cast', 'wasm');
  tf.registerKernel({
    kernelName: 'Cast',
    backendName: 'wasm',
    kernelFunc: ((a: KernelArgs) => (a.inputs.x!.dtype === a.attrs?.dtype ? share(a.inputs.x!, a.backend) : castFn(a))) as never,
  });
  installed = true;
  return true;
}
