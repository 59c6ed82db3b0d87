import { existsSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { AppError } from '../errors.ts';

/**
 * Execution-provider planning (DESIGN 7, STYLE habit 12): an ordered list with CPU last. Each
 * provider that is not tried gets a reason, so the result can say why the GPU was not used.
 */
export const DEVICE_PREFS = ['auto', 'cpu', 'gpu', 'cuda', 'webgpu', 'dml', 'coreml'] as const;
export type DevicePref = (typeof DEVICE_PREFS)[number];
export type ProviderName = 'cuda' | 'dml' | 'coreml' | 'webgpu' | 'cpu';

export interface ProviderEnv {
  platform: NodeJS.Platform;
  /** What this onnxruntime-node build reports (ort.listSupportedBackends()). */
  supported: { name: string; bundled: boolean }[];
  /** The CUDA provider's shared libraries are installed next to the binding (npm run gpu:setup). */
  cudaLibsPresent: boolean;
  /** Linux: a GPU device node exists (/dev/dri or /dev/nvidia0); elsewhere assumed true. */
  gpuDevicePresent?: boolean;
}

export interface ProviderPlan {
  order: ProviderName[];
  skipped: { provider: ProviderName; reason: string }[];
}

const GPU_ORDER: ProviderName[] = ['cuda', 'dml', 'coreml', 'webgpu'];

export function parseDevicePref(value: string): DevicePref {
  if ((DEVICE_PREFS as readonly string[]).includes(value)) return value as DevicePref;
  throw new AppError('InvalidArgument', `Unknown device "${value}"; valid: ${DEVICE_PREFS.join(', ')}.`);
}

function unavailableReason(p: ProviderName, env: ProviderEnv): string | null {
  const listed = env.supported.some((b) => b.name === p);
  switch (p) {
    case 'cpu':
      return null;
    case 'cuda':
      if (env.platform !== 'linux' && env.platform !== 'win32') return `CUDA is not available on ${env.platform}`;
      if (!listed) return 'this onnxruntime-node build has no CUDA provider';
      if (!env.cudaLibsPresent) return 'CUDA provider libraries are not installed (run `npm run gpu:setup` on a machine that is online)';
      return null;
    case 'dml':
      return env.platform === 'win32' && listed ? null : 'DirectML is only available on Windows';
    case 'coreml':
      return env.platform === 'darwin' && listed ? null : 'CoreML is only available on macOS';
    case 'webgpu':
      if (!listed) return 'this onnxruntime-node build has no WebGPU provider';
      if (env.gpuDevicePresent === false) return 'no GPU device found (/dev/dri, /dev/nvidia0)';
      return null;
    default: {
      const never: never = p;
      return never;
    }
  }
}

export function planProviders(pref: DevicePref, env: ProviderEnv): ProviderPlan {
  const wanted: ProviderName[] =
    pref === 'cpu' ? [] : pref === 'auto' || pref === 'gpu' ? GPU_ORDER : [pref as ProviderName];
  const order: ProviderName[] = [];
  const skipped: ProviderPlan['skipped'] = [];
  for (const p of GPU_ORDER) {
    if (!wanted.includes(p)) {
      if (pref === 'cpu') skipped.push({ provider: p, reason: 'device preference is cpu' });
      continue;
    }
    const why = unavailableReason(p, env);
    if (why) skipped.push({ provider: p, reason: why });
    else order.push(p);
  }
  order.push('cpu');
  return { order, skipped };
}

/** Reads this machine's facts for planProviders. */
export function currentProviderEnv(listSupportedBackends: () => { name: string; bundled: boolean }[]): ProviderEnv {
  const require = createRequire(import.meta.url);
  let bindingDir = '';
  try {
    const pkg = path.dirname(require.resolve('onnxruntime-node/package.json'));
    bindingDir = path.join(pkg, 'bin', 'napi-v6', process.platform, process.arch);
  } catch {
    /* not resolvable: no CUDA libs either */
  }
  const cudaLib = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
  return {
    platform: process.platform,
    supported: listSupportedBackends(),
    cudaLibsPresent: bindingDir !== '' && existsSync(path.join(bindingDir, cudaLib)),
    // Without a device node WebGPU cannot find an adapter; trying prints Dawn's Vulkan warnings.
    gpuDevicePresent: process.platform !== 'linux' || existsSync('/dev/dri') || existsSync('/dev/nvidia0'),
  };
}
