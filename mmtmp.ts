import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
async function main() {
  const be = process.argv[2] ?? 'wasm';
  await tf.setBackend(be); await tf.ready();
  console.log('backend', tf.getBackend());
  const a = tf.randomNormal([6400, 40]); const b = tf.randomNormal([160, 40]); const c = tf.randomNormal([6400,160]);
  const time = (name: string, f: () => tf.Tensor) => {
    f().dispose();
    const t0 = performance.now(); for (let i = 0; i < 20; i++) { const r = f(); r.dataSync(); r.dispose(); }
    console.log(name, ((performance.now() - t0) / 20).toFixed(2), 'ms');
  };
  time('a@bT flag', () => tf.matMul(a, b, false, true));
  time('a@transpose(b)', () => tf.tidy(() => tf.matMul(a, tf.transpose(b))));
  time('aT@c flag', () => tf.matMul(a, c, true, false));
  time('transpose(a)@c', () => tf.tidy(() => tf.matMul(tf.transpose(a), c)));
  const q = tf.randomNormal([1280, 50, 4]); const k = tf.randomNormal([1280, 50, 4]);
  time('batched qkT flag', () => tf.matMul(q, k, false, true));
  time('batched q@transpose(k)', () => tf.tidy(() => tf.matMul(q, tf.transpose(k, [0, 2, 1]))));
  time('rand 3.2M', () => tf.randomUniform([128*10*50*50], 0, 1, 'float32', 5));
}
main();
