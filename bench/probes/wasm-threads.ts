/**
 * Does tfjs-backend-wasm's multi-threaded SIMD build run in Node (issue 11 item 4)?
 *
 *   npx tsx bench/probes/wasm-threads.ts [threads]   (default 2; 1 = the build training uses)
 *
 * tfjs reports no thread support in Node (WASM_HAS_MULTITHREAD_SUPPORT is false when IS_NODE;
 * tensorflow/tfjs#3830). This forces the flag, asks for `threads` threads and times a 1024x1024
 * matMul. Measured here (tfjs-backend-wasm 4.22, Node 20, 2 cores): 1 thread initialises and runs
 * (85-120 ms per matMul); with 2 threads setBackend('wasm') returns false and tfjs logs why: the
 * Emscripten pthread pool starts its workers from a `blob:` URL, which Node's worker_threads refuses
 * (ERR_WORKER_PATH). Working around
 * it would mean patching the package's worker start-up, so training stays single-threaded on wasm
 * and uses the second core through other work (batches are prepared off the step).
 */
import * as tf from '@tensorflow/tfjs';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import { wasmBinaryDir } from '../../main/training/tf/backend.ts';

const threads = Number(process.argv[2] ?? 2);
if (threads > 1) {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  wasm.setThreadsCount(threads);
}
wasm.setWasmPaths(wasmBinaryDir());
process.on('uncaughtException', (e) => {
  process.stdout.write(`${threads} thread(s): the wasm backend failed to start: ${e.message.split('\n')[0]}\n`);
  process.exit(1);
});
const t0 = performance.now();
const ok = await Promise.race([tf.setBackend('wasm'), new Promise<string>((r) => setTimeout(() => r('no answer in 20 s'), 20_000))]);
if (ok !== true) {
  process.stdout.write(`${threads} thread(s): setBackend('wasm') gave ${String(ok)}\n`);
  process.exit(1);
}
const a = tf.randomNormal([1024, 1024]);
const b = tf.randomNormal([1024, 1024]);
for (let i = 0; i < 2; i++) tf.matMul(a, b).dataSync();
const t = performance.now();
for (let i = 0; i < 10; i++) tf.matMul(a, b).dataSync();
process.stdout.write(
  `${threads} thread(s): backend up in ${(t - t0).toFixed(0)} ms, ${wasm.getThreadsCount()} thread(s) in use, 1024x1024 matMul ${((performance.now() - t) / 10).toFixed(1)} ms\n`,
);
process.exit(0);
