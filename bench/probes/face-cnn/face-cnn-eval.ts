/**
 * Evaluates the saved FER CNN (model/) on the project's valid and test splits and times it.
 *
 *   nice -n 19 npx tsx bench/probes/face-cnn/face-cnn-eval.ts [--model bench/probes/face-cnn/model] [--json out.json] [--train]
 *
 * Reports: 7-way accuracy (argmax of the 7 probabilities); happy vs {sad, angry, fear, disgust}
 * balanced accuracy from the score s = p(happy) / (p(happy) + p(sad) + p(angry) + p(fear) + p(disgust))
 * (a) at s >= 0.5 (no choice), (b) at the threshold chosen on valid (the train script's choice,
 * recomputed here on valid; test only reported), (c) argmax among those 5 classes; parameter count,
 * weight bytes, and (--train: also the train split, centre windows, no augmentation) the wasm inference time per face at batch 1 (median of 300 calls after 20 warm-up).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initTfWasm } from '../../../main/core/features/visual/tf-wasm-backend.ts';
import { PROJECT_ROOT } from '../../../main/core/paths.ts';
import { loadFer } from './data.ts';
import { INPUT, batchTensor, predictAll } from './face-cnn-train.ts';
import { accuracy7, balancedAt, bestThreshold, binaryScores } from './metrics.ts';
import { FER_CLASSES, NEGATIVE, standardise } from './model.ts';

export async function loadModel(dir: string): Promise<tf.LayersModel> {
  const json = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const bin = readFileSync(path.join(dir, 'weights.bin'));
  return tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) }),
  );
}

function argmax5(p: Float32Array, y: Uint8Array): number {
  const k = FER_CLASSES.length;
  const H = FER_CLASSES.indexOf('happy');
  const N = NEGATIVE.map((c) => FER_CLASSES.indexOf(c));
  let tp = 0, pos = 0, tn = 0, neg = 0;
  for (let i = 0; i < y.length; i++) {
    const isNeg = N.includes(y[i]!);
    if (y[i] !== H && !isNeg) continue;
    const happy = N.every((c) => p[i * k + H]! > p[i * k + c]!);
    if (isNeg) { neg++; if (!happy) tn++; } else { pos++; if (happy) tp++; }
  }
  return (tp / pos + tn / neg) / 2;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { model: { type: 'string', default: path.join(PROJECT_ROOT, 'bench', 'probes', 'face-cnn', 'model') }, json: { type: 'string' }, train: { type: 'boolean' } } });
  await initTfWasm();
  const model = await loadModel(values.model!);
  const weightBytes = readFileSync(path.join(values.model!, 'weights.bin')).length;
  const meta = JSON.parse(readFileSync(path.join(values.model!, 'model.json'), 'utf8')).userDefinedMetadata;
  const { splits } = loadFer(undefined, values.train ? ['train', 'valid', 'test'] : ['valid', 'test']);
  for (const d of [splits.train, splits.valid, splits.test]) d.x.forEach(standardise);
  const pv = predictAll(model, splits.valid);
  const pt = predictAll(model, splits.test);
  const sv = binaryScores(pv, splits.valid.y);
  const st = binaryScores(pt, splits.test.y);
  const thr = bestThreshold(sv);
  const row = (p: Float32Array, d: typeof splits.valid, s: typeof sv) => ({
    n: d.y.length,
    nBinary: s.label.length,
    acc7: accuracy7(p, d.y),
    balanced05: balancedAt(s, 0.5),
    balancedValidThr: balancedAt(s, thr),
    balancedArgmax5: argmax5(p, d.y),
  });
  const ptr = values.train ? predictAll(model, splits.train) : null;
  const res = {
    chosenEpoch: meta?.chosenEpoch,
    threshold: thr,
    ...(ptr ? { train: row(ptr, splits.train, binaryScores(ptr, splits.train.y)) } : {}),
    valid: row(pv, splits.valid, sv),
    test: row(pt, splits.test, st),
  };
  // per-class test recall
  const k = FER_CLASSES.length;
  const recall = FER_CLASSES.map((c, ci) => {
    let n = 0, hit = 0;
    for (let i = 0; i < splits.test.y.length; i++) {
      if (splits.test.y[i] !== ci) continue;
      n++;
      let b = 0;
      for (let j = 1; j < k; j++) if (pt[i * k + j]! > pt[i * k + b]!) b = j;
      if (b === ci) hit++;
    }
    return `${c} ${(100 * hit / n).toFixed(1)} % (${n})`;
  });
  // timing at batch 1
  const one = batchTensor(splits.test.x, [0], () => ({ ox: 1, oy: 1, flip: false }));
  for (let i = 0; i < 20; i++) (model.predict(one) as tf.Tensor).dataSync();
  const times: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t = performance.now();
    const p = model.predict(one) as tf.Tensor;
    p.dataSync();
    p.dispose();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const timing = { medianMs: times[150]!, p90Ms: times[270]!, minMs: times[0]! };
  const out = { ...res, params: model.countParams(), weightBytes, input: `${INPUT}x${INPUT}x1`, testRecall: recall, timing, backend: tf.getBackend() };
  console.log(JSON.stringify(out, null, 2));
  if (values.json) writeFileSync(values.json, JSON.stringify(out, null, 2));
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) await main();
