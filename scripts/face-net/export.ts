/**
 * Turns train_face_net.py's output into models/face-net-v1 (face-net.json + weights.bin) and checks
 * it through the app's own path:
 * 1. parity: the TensorFlow.js net (face-net.ts, wasm backend) against PyTorch's probabilities on the
 *    same crops (max abs difference);
 * 2. the FER valid and test splits read as the app reads a FER crop (48 px frame, face-crop framing,
 *    faceNetInput): 7-way accuracy and happy vs {sad, angry, fear, disgust} balanced accuracy at
 *    s >= 0.5 and at the threshold chosen on valid (test is only reported).
 *
 *   npx tsx scripts/face-net/export.ts RUN_DIR [--out models/face-net-v1] [--json report.json]
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadFer } from '../../bench/probes/face-cnn/data.ts';
import { accuracy7, balancedAt, bestThreshold, binaryScores } from '../../bench/probes/face-cnn/metrics.ts';
import { faceNetDir, faceNetInput, loadFaceNet } from '../../main/core/features/visual/face-net.ts';
import { FACE_NET_ID } from '../../main/core/features/visual/face-net-info.ts';
import { wholeFraming } from '../../main/core/features/visual/face-patch.ts';
import { initTfWasm } from '../../main/core/features/visual/tf-wasm-backend.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: 'string', default: faceNetDir() }, json: { type: 'string' } } });
const run = positionals[0];
if (!run) throw new Error('usage: export.ts RUN_DIR [--out DIR] [--json FILE]');
const meta = JSON.parse(readFileSync(path.join(run, 'weights.json'), 'utf8'));
const bin = readFileSync(path.join(run, 'weights.f32'));
mkdirSync(values.out!, { recursive: true });
writeFileSync(path.join(values.out!, 'weights.bin'), bin);
const { history, sampleOutputs, ...rest } = meta;
const file = {
  format: 'corrkd-face-net',
  formatVersion: 1,
  id: FACE_NET_ID,
  classes: meta.classes,
  side: meta.side,
  window: meta.window,
  filters: meta.filters,
  bnEpsilon: meta.bnEpsilon,
  shapes: meta.shapes,
  weightsSha256: createHash('sha256').update(bin).digest('hex'),
  training: { script: 'scripts/face-net/train_face_net.py', data: 'FER2013 train folder (../shared/data/fer2013/train), the project selection and split (bench/probes/face-cnn/data.ts)', ...rest, history },
};
writeFileSync(path.join(values.out!, 'face-net.json'), JSON.stringify(file, null, 1) + '\n');

await initTfWasm();
const net = loadFaceNet(values.out!);
const { splits } = loadFer(undefined, ['valid', 'test'], true);
const frameOf = (l: Float32Array) => {
  const rgb = new Uint8Array(48 * 48 * 3);
  l.forEach((v, i) => rgb.fill(Math.round(v * 255), 3 * i, 3 * i + 3));
  return { rgb, width: 48, height: 48 };
};
const predictSplit = (x48: Float32Array[]) => {
  const out = new Float32Array(x48.length * 7);
  for (let i = 0; i < x48.length; i += 256) {
    const ps = net.predict(x48.slice(i, i + 256).map((l) => faceNetInput(frameOf(l), wholeFraming(48, 48))));
    ps.forEach((p, j) => out.set(p, (i + j) * 7));
  }
  return out;
};
const pt = predictSplit(splits.test.x48!);
let parity = 0;
(sampleOutputs as number[][]).forEach((row, i) => row.forEach((v, c) => (parity = Math.max(parity, Math.abs(v - pt[i * 7 + c]!)))));
const pv = predictSplit(splits.valid.x48!);
const sv = binaryScores(pv, splits.valid.y);
const st = binaryScores(pt, splits.test.y);
const thr = bestThreshold(sv);
const report = {
  parityMaxAbs: parity,
  threshold: thr,
  valid: { n: splits.valid.y.length, acc7: accuracy7(pv, splits.valid.y), at05: balancedAt(sv, 0.5), atThr: balancedAt(sv, thr) },
  test: { n: splits.test.y.length, acc7: accuracy7(pt, splits.test.y), at05: balancedAt(st, 0.5), atThr: balancedAt(st, thr) },
  python: { chosen: meta.chosen, test: meta.test },
};
console.log(JSON.stringify(report, null, 1));
if (values.json) writeFileSync(values.json, JSON.stringify(report, null, 1) + '\n');
if (parity > 1e-4) throw new Error(`tfjs and PyTorch disagree by ${parity} on the same crops`);
