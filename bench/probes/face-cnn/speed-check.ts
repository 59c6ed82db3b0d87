/**
 * (1) Checks the wasm Conv2DBackpropFilter (wasm-conv-grad.ts) against the cpu backend's gradient on
 * a small conv; (2) seconds per training batch of 64 on wasm for a few sizes (random data).
 *   nice -n 19 npx tsx bench/probes/face-cnn/speed-check.ts [side ...]
 * The cpu backend (pure JS) is not timed here: it had not finished 4 batches of the 24 px net after
 * 11 CPU minutes, i.e. it is far too slow for training on this machine.
 */
import * as tf from '@tensorflow/tfjs';
import { initTfWasm } from '../../../main/core/features/visual/tf-wasm-backend.ts';
import { buildModel } from './model.ts';
import { registerWasmConv2DBackpropFilter } from './wasm-conv-grad.ts';

const gradOf = async (backend: string) => {
  await tf.setBackend(backend);
  const x = tf.tensor4d(Array.from({ length: 2 * 5 * 6 * 3 }, (_, i) => Math.sin(i * 0.37)), [2, 5, 6, 3]);
  const w = tf.tensor4d(Array.from({ length: 3 * 3 * 3 * 4 }, (_, i) => Math.cos(i * 0.21)), [3, 3, 3, 4]);
  const r = tf.tensor4d(Array.from({ length: 2 * 5 * 6 * 4 }, (_, i) => Math.sin(i * 1.3)), [2, 5, 6, 4]);
  const [gx, gw] = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, 1, 'same'), r)))([x, w]);
  return [...gx!.dataSync(), ...gw!.dataSync()];
};
const cpu = await gradOf('cpu');
await initTfWasm();
registerWasmConv2DBackpropFilter();
const wasm = await gradOf('wasm');
console.log(`wasm vs cpu conv input+filter gradients: max |diff| ${Math.max(...cpu.map((v, i) => Math.abs(v - wasm[i]!))).toExponential(2)} (max |g| ${Math.max(...cpu.map(Math.abs)).toFixed(2)})`);

const sides = process.argv.slice(2).map(Number);
const variants = [
  { filters: [32, 64, 128], batchNorm: true },
  { filters: [32, 64, 128], batchNorm: false },
  { filters: [16, 32, 64], batchNorm: true },
];
for (const side of sides.length ? sides : [24]) for (const v of variants) {
  const m = buildModel({ side, ...v, double: false, dropout: 0.3 }, 1);
  m.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  const x = tf.randomNormal([64, side, side, 1]);
  const y = tf.oneHot(tf.randomUniform([64], 0, 7, 'int32'), 7);
  await m.trainOnBatch(x, y);
  const n0 = tf.memory().numTensors;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < 3; i++) await m.trainOnBatch(x, y);
  const dt = (performance.now() - t0) / 3 / 1000;
  const cu = process.cpuUsage(c0);
  console.log(`wasm side ${side} ${JSON.stringify(v)}: ${m.countParams()} params, ${dt.toFixed(3)} s wall (${((cu.user + cu.system) / 3e6).toFixed(3)} s cpu) / batch of 64 -> ${((dt * 21883) / 64).toFixed(0)} s / epoch; tensors +${tf.memory().numTensors - n0} over 3 steps`);
}
