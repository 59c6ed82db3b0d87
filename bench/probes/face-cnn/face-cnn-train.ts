/**
 * Trains the small FER CNN (model.ts) on the project's FER2013 train split, on the tfjs wasm backend
 * (with the two conv-gradient kernels of wasm-conv-grad.ts), chooses the epoch on valid (happy vs
 * negative balanced accuracy at the valid-chosen threshold) and writes that epoch's weights to
 * model/ (model.json + weights.bin, tfjs layers format) if they are under 2 MB.
 *
 *   nice -n 19 npx tsx bench/probes/face-cnn/face-cnn-train.ts [--epochs 10] [--seed 1] [--batch 64]
 *       [--filters 16,32,64] [--lr 0.002] [--out bench/probes/face-cnn/model]
 *
 * Input: the 24 px crop (data.ts), standardised per crop; training takes a random 22x22 window
 * (shift +-1 px) and a random horizontal flip; valid/test take the centre 22x22 window.
 * Learning rate: Adam, cosine from --lr down to lr/40 over the epochs. Test is not read here.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initTfWasm } from '../../../main/core/features/visual/tf-wasm-backend.ts';
import { PROJECT_ROOT } from '../../../main/core/paths.ts';
import { type CnnData, SIDE, loadFer } from './data.ts';
import { accuracy7, balancedAt, bestThreshold, binaryScores } from './metrics.ts';
import { type CnnConfig, FER_CLASSES, buildModel, standardise } from './model.ts';
import { registerWasmConv2DBackpropFilter } from './wasm-conv-grad.ts';
import { Rng } from '../../../main/core/rng.ts';

export const INPUT = 22;

/** Uniform numbers in [0, 1) from the project's seeded generator (core/rng.ts: mulberry32). */
export function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.uniform();
}

/** [n, INPUT, INPUT, 1] from standardised SIDE px crops: window at (ox, oy), optionally mirrored. */
export function batchTensor(xs: Float32Array[], idx: number[], place: (k: number) => { ox: number; oy: number; flip: boolean }): tf.Tensor4D {
  const buf = new Float32Array(idx.length * INPUT * INPUT);
  idx.forEach((i, k) => {
    const src = xs[i]!;
    const { ox, oy, flip } = place(k);
    for (let v = 0; v < INPUT; v++) {
      for (let u = 0; u < INPUT; u++) buf[k * INPUT * INPUT + v * INPUT + u] = src[(v + oy) * SIDE + (flip ? INPUT - 1 - u : u) + ox]!;
    }
  });
  return tf.tensor4d(buf, [idx.length, INPUT, INPUT, 1]);
}

const CENTRE = (SIDE - INPUT) / 2;

/** Class probabilities [n * 7] for the centre windows. */
export function predictAll(model: tf.LayersModel, d: CnnData, batch = 256): Float32Array {
  const out = new Float32Array(d.y.length * FER_CLASSES.length);
  for (let s = 0; s < d.y.length; s += batch) {
    const idx = Array.from({ length: Math.min(batch, d.y.length - s) }, (_, k) => s + k);
    const p = tf.tidy(() => {
      const x = batchTensor(d.x, idx, () => ({ ox: CENTRE, oy: CENTRE, flip: false }));
      return model.predict(x) as tf.Tensor;
    });
    out.set(p.dataSync(), s * FER_CLASSES.length);
    p.dispose();
  }
  return out;
}

export async function saveModel(model: tf.LayersModel, dir: string, meta: object): Promise<number> {
  let bytes = 0;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      mkdirSync(dir, { recursive: true });
      const weights = Buffer.from(a.weightData as ArrayBuffer);
      bytes = weights.length;
      writeFileSync(path.join(dir, 'weights.bin'), weights);
      writeFileSync(
        path.join(dir, 'model.json'),
        JSON.stringify({ modelTopology: a.modelTopology, format: 'layers-model', generatedBy: `TensorFlow.js ${tf.version_core}`, weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }], userDefinedMetadata: meta }),
      );
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.length } };
    }),
  );
  return bytes;
}

function cpuS(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      epochs: { type: 'string', default: '10' },
      seed: { type: 'string', default: '1' },
      batch: { type: 'string', default: '64' },
      filters: { type: 'string', default: '16,32,64' },
      lr: { type: 'string', default: '0.002' },
      out: { type: 'string', default: path.join(PROJECT_ROOT, 'bench', 'probes', 'face-cnn', 'model') },
    },
  });
  const epochs = Number(values.epochs);
  const seed = Number(values.seed);
  const B = Number(values.batch);
  const lr0 = Number(values.lr);
  const t0 = performance.now();
  const log = (s: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(0)} s, cpu ${cpuS().toFixed(0)} s] ${s}`);

  const info = await initTfWasm();
  registerWasmConv2DBackpropFilter();
  log(`backend ${JSON.stringify(info)}`);
  const { splits, files, dropped } = loadFer(undefined, ['train', 'valid']);
  for (const d of [splits.train, splits.valid]) d.x.forEach(standardise);
  const counts = FER_CLASSES.map((c, k) => `${c} ${splits.train.y.filter((v) => v === k).length}`).join(', ');
  log(`${files} files; train ${splits.train.y.length}, valid ${splits.valid.y.length}; dropped ${JSON.stringify(dropped)}; train classes: ${counts}`);

  const cfg: CnnConfig = { side: INPUT, filters: values.filters!.split(',').map(Number), double: false, batchNorm: true, dropout: 0.3 };
  const model = buildModel(cfg, seed);
  const opt = tf.train.adam(lr0);
  model.compile({ optimizer: opt, loss: 'categoricalCrossentropy' });
  const params = model.countParams();
  log(`model ${JSON.stringify(cfg)}: ${params} parameters`);

  const rand = rng(seed);
  const n = splits.train.y.length;
  let best: { epoch: number; balanced: number; threshold: number; acc7: number; weights: tf.Tensor[] } | null = null;
  const history: object[] = [];
  for (let e = 0; e < epochs; e++) {
    const lr = lr0 / 40 + ((lr0 - lr0 / 40) * (1 + Math.cos((Math.PI * e) / Math.max(1, epochs - 1)))) / 2;
    (opt as unknown as { learningRate: number }).learningRate = lr;
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const te = performance.now();
    const ce = cpuS();
    let lossSum = 0;
    let steps = 0;
    for (let s = 0; s + B <= n; s += B) {
      const idx = order.slice(s, s + B);
      const x = batchTensor(splits.train.x, idx, () => ({ ox: Math.floor(rand() * 3), oy: Math.floor(rand() * 3), flip: rand() < 0.5 }));
      const y = tf.oneHot(tf.tensor1d(Array.from(idx, (i) => splits.train.y[i]!), 'int32'), FER_CLASSES.length);
      lossSum += (await model.trainOnBatch(x, y)) as number;
      steps++;
      tf.dispose([x, y]);
    }
    const epochS = (performance.now() - te) / 1000;
    const epochCpu = cpuS() - ce;
    const pv = predictAll(model, splits.valid);
    const sv = binaryScores(pv, splits.valid.y);
    const thr = bestThreshold(sv);
    const r = { epoch: e + 1, lr: Number(lr.toPrecision(3)), loss: lossSum / steps, epochWallS: Math.round(epochS), epochCpuS: Math.round(epochCpu), validAcc7: accuracy7(pv, splits.valid.y), validBalanced05: balancedAt(sv, 0.5).balanced, validBalancedBest: balancedAt(sv, thr).balanced, threshold: thr };
    history.push(r);
    log(JSON.stringify(r));
    if (!best || r.validBalancedBest > best.balanced) {
      best?.weights.forEach((w) => w.dispose());
      best = { epoch: e + 1, balanced: r.validBalancedBest, threshold: thr, acc7: r.validAcc7, weights: model.getWeights().map((w) => w.clone()) };
    }
  }
  model.setWeights(best!.weights);
  const meta = { classes: FER_CLASSES, input: `${INPUT}x${INPUT}x1: centre of the 24 px (48 px 2x2-box halved) crop, standardised per crop`, config: cfg, seed, epochs, chosenEpoch: best!.epoch, validThreshold: best!.threshold, history };
  const bytes = await saveModel(model, values.out!, meta);
  log(`chose epoch ${best!.epoch} (valid balanced ${best!.balanced.toFixed(4)} at threshold ${best!.threshold}, 7-way ${best!.acc7.toFixed(4)}); weights ${bytes} bytes written to ${values.out}`);
  if (bytes >= 2 * 1024 * 1024) log('WARNING: weights >= 2 MB');
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) await main();
