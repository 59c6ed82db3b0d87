/**
 * The `--tf-backend` choices, apart from backend.ts so that the CLI can list them without loading
 * TensorFlow.js (about 1 s) at every start; backend.ts re-exports them.
 */
export type TfBackendPref = 'auto' | 'node' | 'wasm' | 'cpu';
export const TF_BACKEND_PREFS: readonly TfBackendPref[] = ['auto', 'node', 'wasm', 'cpu'];
