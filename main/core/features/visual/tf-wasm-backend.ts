/**
 * Starts TensorFlow.js on the WebAssembly backend once per thread (the tfjs engine is a per-thread
 * singleton, so every worker_thread starts its own).
 *
 * One tfjs copy: `@vladmandic/face-api/dist/face-api.node-wasm.js` does not bundle tfjs; it
 * `require`s `@tensorflow/tfjs` and `@tensorflow/tfjs-backend-wasm`, which resolve to the same
 * 4.22.0 packages this module imports (neither package has an `exports` map, so ESM `import` and CJS
 * `require` load the same `dist/*.node.js` files and share one engine and backend registry). The
 * other face-api builds (`face-api.esm.js`, `face-api.js`) embed their own tfjs and must not be used.
 *
 * SIMD: Node 20's V8 validates wasm SIMD, so tfjs picks `tfjs-backend-wasm-simd.wasm` by itself.
 * Threads: tfjs-backend-wasm 4.22 hard-codes WASM_HAS_MULTITHREAD_SUPPORT = false under Node
 * (tensorflow/tfjs#3830; its thread pool needs browser Blob workers), so one thread per engine;
 * parallelism comes from running several worker_threads.
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { AppError } from '../../errors.ts';

const require = createRequire(import.meta.url);

export interface TfBackendInfo {
  backend: string;
  tfjsVersion: string;
  simd: boolean;
  threads: boolean;
}

/** Folder holding tfjs-backend-wasm*.wasm (inside node_modules; unpack it from asar when packaging). */
export function defaultWasmDir(): string {
  return path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
}

let ready: Promise<TfBackendInfo> | null = null;

/**
 * Sets the wasm backend (idempotent). `simd: false` forces the plain binary; it only takes effect
 * on the first call in a thread (used by the benchmark to measure what SIMD buys).
 */
export function initTfWasm(opts: { wasmDir?: string; simd?: boolean } = {}): Promise<TfBackendInfo> {
  ready ??= start(opts).catch((e: unknown) => {
    ready = null;
    throw e;
  });
  return ready;
}

async function start(opts: { wasmDir?: string; simd?: boolean }): Promise<TfBackendInfo> {
  const dir = opts.wasmDir ?? defaultWasmDir();
  const binary = path.join(dir, 'tfjs-backend-wasm-simd.wasm');
  if (!existsSync(binary)) {
    throw new AppError('ModelMissing', `TensorFlow.js wasm binaries not found in ${dir} (expected ${binary}).`, { file: dir });
  }
  if (opts.simd === false) tf.env().set('WASM_HAS_SIMD_SUPPORT', false);
  setWasmPaths(dir.endsWith(path.sep) ? dir : dir + path.sep);
  let ok: boolean;
  try {
    ok = tf.getBackend() === 'wasm' || (await tf.setBackend('wasm'));
    await tf.ready();
  } catch (e) {
    throw new AppError('ToolFailed', `Could not start the TensorFlow.js wasm backend from ${dir}: ${String(e)}`, { cause: e });
  }
  if (!ok || tf.getBackend() !== 'wasm') {
    throw new AppError('ToolFailed', `TensorFlow.js did not switch to the wasm backend (active: ${tf.getBackend()}).`);
  }
  return {
    backend: tf.getBackend(),
    tfjsVersion: tf.version_core,
    simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
    threads: Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')),
  };
}
