/**
 * TensorFlow.js set-up for training (DESIGN 6, 9): one place that picks and initialises the backend.
 *
 * Order for 'auto': @tensorflow/tfjs-node (native libtensorflow; not installable offline, so usually
 * absent) -> @tensorflow/tfjs-backend-wasm (single-threaded in Node; no Conv gradients, so model code
 * writes conv as matMul, and prefers an explicit tf.transpose over matMul's transpose flags) -> cpu.
 * An explicit preference that cannot be met throws instead of silently falling back.
 * `CORRKD_TF_BACKEND` (auto|node|wasm|cpu) sets the default preference (e.g. for tests or benchmarks).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tfjs from '@tensorflow/tfjs';
import { AppError } from '../../core/errors.ts';
import { TF_BACKEND_PREFS, type TfBackendPref } from './backend-prefs.ts';

/** The tfjs namespace every training module receives (tfjs-node re-exports the same API). */
export type Tf = typeof tfjs;
export type { Tensor, Tensor1D, Tensor2D, Tensor3D, Variable, Scalar, Rank } from '@tensorflow/tfjs';

export { TF_BACKEND_PREFS, type TfBackendPref };

export interface TfHandle {
  tf: Tf;
  /** the backend tfjs actually runs on: 'tensorflow' (tfjs-node), 'wasm' or 'cpu' */
  backend: string;
}

const require = createRequire(import.meta.url);

/** Memoised per resolved backend kind, so repeated/concurrent calls initialise once. */
const pending = new Map<Exclude<TfBackendPref, 'auto'>, Promise<TfHandle>>();
let current: TfHandle | undefined;

function parsePref(raw: string | undefined): TfBackendPref {
  if (raw === undefined || raw === '') return 'auto';
  if ((TF_BACKEND_PREFS as readonly string[]).includes(raw)) return raw as TfBackendPref;
  throw new AppError(
    'InvalidArgument',
    `Unknown TensorFlow.js backend '${raw}' (CORRKD_TF_BACKEND or option); allowed: ${TF_BACKEND_PREFS.join(', ')}.`,
  );
}

/** Folder with the .wasm binaries, with a trailing separator (setWasmPaths takes a prefix). */
export function wasmBinaryDir(): string {
  const entry = require.resolve('@tensorflow/tfjs-backend-wasm'); // .../dist/tf-backend-wasm.node.js
  return path.dirname(entry) + path.sep;
}

async function loadNode(): Promise<TfHandle> {
  // A variable specifier keeps TypeScript and bundlers from requiring the optional package.
  const spec = '@tensorflow/tfjs-node';
  let mod: unknown;
  try {
    mod = await import(spec);
  } catch (e) {
    throw new AppError('ToolFailed', `TensorFlow.js backend 'node' unavailable: cannot load ${spec} (${(e as Error).message}).`, { cause: e });
  }
  const tfNode = ((mod as { default?: unknown }).default ?? mod) as Tf;
  await tfNode.setBackend('tensorflow');
  await tfNode.ready();
  return { tf: tfNode, backend: tfNode.getBackend() };
}

async function loadWasm(): Promise<TfHandle> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(wasmBinaryDir());
    const ok = await tfjs.setBackend('wasm');
    if (!ok) throw new Error('setBackend returned false');
    await tfjs.ready();
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('ToolFailed', `TensorFlow.js backend 'wasm' unavailable: ${(e as Error).message}.`, { cause: e });
  }
  return { tf: tfjs, backend: tfjs.getBackend() };
}

async function loadCpu(): Promise<TfHandle> {
  const ok = await tfjs.setBackend('cpu');
  if (!ok) throw new AppError('ToolFailed', "TensorFlow.js backend 'cpu' could not be initialised.");
  await tfjs.ready();
  return { tf: tfjs, backend: tfjs.getBackend() };
}

const LOADERS: Record<Exclude<TfBackendPref, 'auto'>, () => Promise<TfHandle>> = {
  node: loadNode,
  wasm: loadWasm,
  cpu: loadCpu,
};

function load(kind: Exclude<TfBackendPref, 'auto'>): Promise<TfHandle> {
  let p = pending.get(kind);
  if (!p) {
    p = LOADERS[kind]();
    pending.set(kind, p);
    // A failed attempt may be retried later (e.g. after installing a package).
    p.catch(() => pending.delete(kind));
  }
  return p;
}

/**
 * Initialises TensorFlow.js once and returns the namespace and the active backend name.
 * Idempotent: 'auto' after any successful init returns the current backend; an explicit preference
 * switches to that backend (initialising it the first time).
 */
export async function initTf(pref?: TfBackendPref): Promise<TfHandle> {
  const want = pref ?? parsePref(process.env.CORRKD_TF_BACKEND);
  if (want !== 'auto') {
    const h = await load(want);
    // Another call may have switched the global backend since this one was first initialised.
    if (h.tf.getBackend() !== h.backend) await h.tf.setBackend(h.backend);
    current = h;
    return h;
  }
  if (current) return current;
  const errors: string[] = [];
  for (const kind of ['node', 'wasm', 'cpu'] as const) {
    try {
      current = await load(kind);
      return current;
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  throw new AppError('ToolFailed', `No TensorFlow.js backend could be initialised: ${errors.join(' | ')}`);
}

/** The backend picked so far, or undefined before the first initTf. */
export function currentTf(): TfHandle | undefined {
  return current;
}
