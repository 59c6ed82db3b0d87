/**
 * Would HOG features of the FER-framed face patch reach the pack's target (happy vs negative
 * balanced accuracy >= 0.80 on the FER2013 test split) where visual-v2's 8x8 grey patch reaches
 * 0.664? Linear probe on the FER2013 crops, straight from the JPEGs (no face-api, seconds not an hour).
 *
 *   nice -n 19 npx tsx bench/probes/face-hog/face-hog-probe.ts [--fer ../shared/data/fer2013/train]
 *       [--limit N] [--no-multiclass] [--no-pca] [--json out.json]
 *
 * - Images: decoded with jpeg-js, Rec. 601 luma 0..1 (FER is grey); one per content group
 *   (byte-identical copies with one emotion merged, groups with different emotions dropped), crops
 *   with mean luma < USABILITY.visual.minFaceBrightness left out (the all-black ones), as fer-probe.ts.
 * - Split: the builder's (hashSplit(file bytes, FACE_IMAGE_HOLDOUT): sha256 first byte < 26 test,
 *   26..51 valid, else train). lambda chosen on valid; test only reported.
 * - Features: the v2 patch (face-patch.ts samplePatch(wholeFraming) + patchCells: exactly what
 *   visual-v2 computes for a face crop, the baseline); HOG (hog.ts) on the 48 px crop and on its
 *   24 px 2x2-box downscale; PCA of the HOG to 64 / 128 dims (standardised with train statistics,
 *   PCA fitted on at most 8,000 train crops of all classes, labels unused).
 * - Probe: L2 logistic regression (linear.ts: fer-logistic.ts's loss, solved by L-BFGS), inputs
 *   standardised with the task's train rows; binary with balanced class weights (happy = 1;
 *   sad, angry, fear, disgust = 0; neutral and surprise not used), 7-way unweighted.
 * --limit N takes the first N files of each emotion folder (a quick check of the plumbing).
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import jpeg from 'jpeg-js';
import { FACE_IMAGE_HOLDOUT } from '../../../main/core/dataset/build-face-images.ts';
import { hashSplit } from '../../../main/core/dataset/holdout.ts';
import { patchCells, samplePatch, wholeFraming } from '../../../main/core/features/visual/face-patch.ts';
import { PROJECT_ROOT } from '../../../main/core/paths.ts';
import { USABILITY } from '../../../main/core/quality/thresholds.ts';
import { listFer } from '../fer-extract.ts';
import * as newton from '../fer-logistic.ts';
import { halve, hog, hogLength } from './hog.ts';
import {
  type Mat,
  accuracy,
  balancedAccuracy,
  fitBinary,
  fitPca,
  fitSoftmax,
  hcat,
  mat,
  predictBinary,
  predictSoftmax,
  rows,
  standardiser,
} from './linear.ts';

const FER_CLASSES = ['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad', 'surprise'] as const;
const NEGATIVE = new Set(['sad', 'angry', 'fear', 'disgust']);
type Split = 'train' | 'valid' | 'test';
const SIDE = 48;
/** strongest first: each fit starts from the previous one's solution */
const LAMBDAS = [1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001, 1e-4];
const LAMBDAS_7WAY = [0.1, 0.01, 0.001];
const PCA_FIT_MAX = 8000;

interface Crop {
  rel: string;
  emotion: string;
  split: Split;
  /** SIDE x SIDE luma 0..1 */
  luma: Float32Array;
}

function decodeLuma(bytes: Buffer): Float32Array {
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
  if (img.width !== SIDE || img.height !== SIDE) throw new Error(`expected ${SIDE}x${SIDE}, got ${img.width}x${img.height}`);
  const out = new Float32Array(SIDE * SIDE);
  for (let i = 0; i < out.length; i++) out[i] = (0.299 * img.data[3 * i]! + 0.587 * img.data[3 * i + 1]! + 0.114 * img.data[3 * i + 2]!) / 255;
  return out;
}

function loadCrops(dir: string, limit: number) {
  const items = listFer(dir, limit);
  const groups = new Map<string, { rel: string; emotion: string; bytes: Buffer }[]>();
  for (const it of items) {
    const bytes = readFileSync(it.file);
    const sha = createHash('sha256').update(bytes).digest('hex');
    groups.set(sha, [...(groups.get(sha) ?? []), { rel: it.rel, emotion: it.emotion, bytes }]);
  }
  const dropped = { conflictingFiles: 0, conflictingGroups: 0, duplicatesMerged: 0, dark: 0 };
  const crops: Crop[] = [];
  for (const copies of groups.values()) {
    if (new Set(copies.map((c) => c.emotion)).size > 1) {
      dropped.conflictingGroups++;
      dropped.conflictingFiles += copies.length;
      continue;
    }
    dropped.duplicatesMerged += copies.length - 1;
    const first = copies.sort((a, b) => (a.rel < b.rel ? -1 : 1))[0]!;
    const luma = decodeLuma(first.bytes);
    if (luma.reduce((a, v) => a + v, 0) / luma.length < USABILITY.visual.minFaceBrightness) {
      dropped.dark++;
      continue;
    }
    crops.push({ rel: first.rel, emotion: first.emotion, split: hashSplit(first.bytes, FACE_IMAGE_HOLDOUT) as Split, luma });
  }
  crops.sort((a, b) => (a.rel < b.rel ? -1 : 1));
  return { files: items.length, crops, dropped };
}

/** A feature set: one row per crop. */
function featureMatrix(crops: Crop[], d: number, f: (c: Crop) => ArrayLike<number>): Mat {
  const m = mat(crops.length, d);
  crops.forEach((c, i) => {
    const v = f(c);
    if (v.length !== d) throw new Error(`feature length ${v.length} != ${d}`);
    m.data.set(v, i * d);
  });
  return m;
}

interface Result {
  features: string;
  dims: number;
  lambda: number;
  train: number;
  valid: number;
  test: number;
  /** test accuracy (binary: plain accuracy next to the balanced one) */
  testAcc?: number;
  /** L-BFGS function evaluations over the whole lambda path */
  evals: number;
  /** every fit of the path reached the gradient tolerance */
  converged: boolean;
  cpuS: number;
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function splitRows(crops: Crop[], keep: (c: Crop) => boolean) {
  const idx = { train: [] as number[], valid: [] as number[], test: [] as number[] };
  crops.forEach((c, i) => {
    if (keep(c)) idx[c.split].push(i);
  });
  return idx;
}

function binaryProbe(name: string, X: Mat, crops: Crop[]): Result {
  const c0 = cpuSeconds();
  const idx = splitRows(crops, (c) => c.emotion === 'happy' || NEGATIVE.has(c.emotion));
  const st = standardiser(rows(X, idx.train));
  const M = { train: st.apply(rows(X, idx.train)), valid: st.apply(rows(X, idx.valid)), test: st.apply(rows(X, idx.test)) };
  const y = (s: Split) => Uint8Array.from(idx[s], (i) => (crops[i]!.emotion === 'happy' ? 1 : 0));
  let best: Result | null = null;
  let init: Float64Array | undefined;
  let evals = 0;
  let converged = true;
  for (const lambda of LAMBDAS) {
    const m = fitBinary(M.train, y('train'), lambda, init);
    evals += m.evals;
    converged &&= m.converged;
    init = m.theta;
    const pt = predictBinary(m, M.test);
    const res: Result = {
      features: name,
      dims: X.d,
      lambda,
      train: balancedAccuracy(y('train'), predictBinary(m, M.train)),
      valid: balancedAccuracy(y('valid'), predictBinary(m, M.valid)),
      test: balancedAccuracy(y('test'), pt),
      testAcc: accuracy(y('test'), pt),
      evals: 0,
      converged: true,
      cpuS: 0,
    };
    if (!best || res.valid > best.valid) best = res;
  }
  best!.cpuS = cpuSeconds() - c0;
  best!.evals = evals;
  best!.converged = converged;
  return best!;
}

function sevenWayProbe(name: string, X: Mat, crops: Crop[]): Result {
  const c0 = cpuSeconds();
  const idx = splitRows(crops, () => true);
  const st = standardiser(rows(X, idx.train));
  const M = { train: st.apply(rows(X, idx.train)), valid: st.apply(rows(X, idx.valid)), test: st.apply(rows(X, idx.test)) };
  const y = (s: Split) => Uint8Array.from(idx[s], (i) => FER_CLASSES.indexOf(crops[i]!.emotion as (typeof FER_CLASSES)[number]));
  let best: Result | null = null;
  let init: Float64Array | undefined;
  let evals = 0;
  let converged = true;
  for (const lambda of LAMBDAS_7WAY) {
    const m = fitSoftmax(M.train, y('train'), FER_CLASSES.length, lambda, init);
    evals += m.evals;
    converged &&= m.converged;
    init = m.theta;
    const res: Result = {
      features: name,
      dims: X.d,
      lambda,
      train: accuracy(y('train'), predictSoftmax(m, M.train)),
      valid: accuracy(y('valid'), predictSoftmax(m, M.valid)),
      test: accuracy(y('test'), predictSoftmax(m, M.test)),
      evals: 0,
      converged: true,
      cpuS: 0,
    };
    if (!best || res.valid > best.valid) best = res;
  }
  best!.cpuS = cpuSeconds() - c0;
  best!.evals = evals;
  best!.converged = converged;
  return best!;
}

/** PCA to each k, fitted on (at most PCA_FIT_MAX evenly spaced) train crops of all classes after train standardisation. */
function pcaSets(name: string, X: Mat, crops: Crop[], ks: number[]): { name: string; X: Mat; explained: number }[] {
  const train = splitRows(crops, () => true).train;
  const step = Math.max(1, Math.ceil(train.length / PCA_FIT_MAX));
  const st = standardiser(rows(X, train));
  const Z = st.apply(X);
  const fitRows = rows(Z, train.filter((_, i) => i % step === 0));
  const pca = fitPca(fitRows, Math.max(...ks));
  return ks.map((k) => {
    const P = pca.project(Z);
    const out = mat(P.n, k);
    for (let i = 0; i < P.n; i++) out.data.set(P.data.subarray(i * P.d, i * P.d + k), i * k);
    const explained = pca.variances.subarray(0, k).reduce((a, v) => a + v, 0) / pca.total;
    return { name: `${name}, PCA ${k}`, X: out, explained };
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fer: { type: 'string', default: path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 'fer2013', 'train') },
      limit: { type: 'string' },
      'no-multiclass': { type: 'boolean' },
      'no-pca': { type: 'boolean' },
      json: { type: 'string' },
    },
  });
  const t0 = performance.now();
  const log = (s: string) => process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(0)} s, cpu ${cpuSeconds().toFixed(0)} s] ${s}\n`);
  const { files, crops, dropped } = loadCrops(values.fer!, values.limit ? Number(values.limit) : Infinity);
  const n = { train: 0, valid: 0, test: 0 };
  for (const c of crops) n[c.split]++;
  log(`${files} files, ${crops.length} crops used (train ${n.train}, valid ${n.valid}, test ${n.test}); ${JSON.stringify(dropped)}`);

  const small = new Map(crops.map((c) => [c, halve(c.luma, SIDE)]));
  const h48c8 = { cell: 8 };
  const h48c6 = { cell: 6 };
  const h24c6 = { cell: 6 };
  const patch = featureMatrix(crops, 64, (c) => patchCells(samplePatch({ rgb: lumaAsRgb(c.luma), width: SIDE, height: SIDE }, wholeFraming(SIDE, SIDE))));
  const pix24 = featureMatrix(crops, 24 * 24, (c) => small.get(c)!);
  const hogA = featureMatrix(crops, hogLength(48, h48c8), (c) => hog(c.luma, SIDE, h48c8));
  const hogB = featureMatrix(crops, hogLength(48, h48c6), (c) => hog(c.luma, SIDE, h48c6));
  const hogC = featureMatrix(crops, hogLength(24, h24c6), (c) => hog(small.get(c)!, 24, h24c6));
  const hogAC = hcat(hogA, hogC);
  log('features computed');

  const sets: { name: string; X: Mat; explained?: number; multiclass?: boolean }[] = [
    { name: 'v2 patch 8x8 (baseline)', X: patch, multiclass: true },
    { name: 'pixels 24x24 (reference)', X: pix24 },
    { name: 'HOG 48px, 8px cells', X: hogA },
    { name: 'HOG 48px, 6px cells', X: hogB },
    { name: 'HOG 24px, 6px cells', X: hogC },
    { name: 'HOG 48px/8 + 24px/6', X: hogAC },
  ];
  for (const [name, X] of values['no-pca'] ? [] : [
    ['HOG 48px, 8px cells', hogA],
    ['HOG 48px, 6px cells', hogB],
    ['HOG 48px/8 + 24px/6', hogAC],
  ] as const) {
    for (const s of pcaSets(name, X, crops, [64, 128])) sets.push({ ...s, multiclass: s.X.d === 128 });
    log(`PCA of ${name}`);
  }
  const pcaA64 = sets.find((s) => s.name === 'HOG 48px, 8px cells, PCA 64');
  if (pcaA64) sets.push({ name: 'v2 patch + HOG 48px/8 PCA 64', X: hcat(patch, pcaA64.X), multiclass: true });

  const binary: (Result & { explained?: number })[] = [];
  for (const s of sets) {
    binary.push({ ...binaryProbe(s.name, s.X, crops), explained: s.explained });
    const r = binary.at(-1)!;
    log(`binary ${s.name}: valid ${(100 * r.valid).toFixed(1)} test ${(100 * r.test).toFixed(1)} (lambda ${r.lambda}, ${r.evals} evals${r.converged ? '' : ', NOT converged'})`);
  }
  // the baseline once more with fer-logistic.ts's own Newton solver at the chosen lambda
  const base = binary[0]!;
  const idx = splitRows(crops, (c) => c.emotion === 'happy' || NEGATIVE.has(c.emotion));
  const st = standardiser(rows(patch, idx.train));
  const asRows = (m: Mat) => Array.from({ length: m.n }, (_, i) => Float64Array.from(m.data.subarray(i * m.d, (i + 1) * m.d)));
  const nm = newton.fitBinary(asRows(st.apply(rows(patch, idx.train))), Uint8Array.from(idx.train, (i) => (crops[i]!.emotion === 'happy' ? 1 : 0)), base.lambda);
  const yTest = Uint8Array.from(idx.test, (i) => (crops[i]!.emotion === 'happy' ? 1 : 0));
  const newtonTest = balancedAccuracy(yTest, newton.predictBinary(nm, asRows(st.apply(rows(patch, idx.test)))));
  log(`baseline with fer-logistic.ts Newton at lambda ${base.lambda}: test ${(100 * newtonTest).toFixed(1)}`);

  const seven: Result[] = [];
  if (!values['no-multiclass']) {
    for (const s of sets.filter((x) => x.multiclass)) {
      seven.push(sevenWayProbe(s.name, s.X, crops));
      const r = seven.at(-1)!;
      log(`7-way ${s.name}: valid ${(100 * r.valid).toFixed(1)} test ${(100 * r.test).toFixed(1)} (lambda ${r.lambda}, ${r.evals} evals${r.converged ? '' : ', NOT converged'})`);
    }
  }

  const pct = (x: number) => (100 * x).toFixed(1);
  console.log(`FER2013 train folder: ${files} files; used ${crops.length} (train ${n.train}, valid ${n.valid}, test ${n.test}); ${dropped.duplicatesMerged} duplicate copies merged, ${dropped.conflictingFiles} files of ${dropped.conflictingGroups} conflicting groups dropped, ${dropped.dark} too dark`);
  console.log('\nhappy vs {sad, angry, fear, disgust}: balanced accuracy % (lambda chosen on valid), plus plain test accuracy');
  console.log('| features | dims | PCA var. | lambda | train | valid | test | test acc. | cpu s |\n|---|---|---|---|---|---|---|---|---|');
  for (const r of binary) {
    console.log(`| ${r.features} | ${r.dims} | ${r.explained === undefined ? '' : pct(r.explained) + ' %'} | ${r.lambda} | ${pct(r.train)} | ${pct(r.valid)} | ${pct(r.test)} | ${pct(r.testAcc!)} | ${r.cpuS.toFixed(0)} |`);
  }
  console.log(`(baseline refitted with fer-logistic.ts's Newton solver at lambda ${base.lambda}: test ${pct(newtonTest)})`);
  if (seven.length) {
    console.log('\n7 FER classes: accuracy % (lambda chosen on valid)');
    console.log('| features | dims | lambda | train | valid | test | cpu s |\n|---|---|---|---|---|---|---|');
    for (const r of seven) console.log(`| ${r.features} | ${r.dims} | ${r.lambda} | ${pct(r.train)} | ${pct(r.valid)} | ${pct(r.test)} | ${r.cpuS.toFixed(0)} |`);
  }
  console.log(`\nwall ${((performance.now() - t0) / 1000).toFixed(0)} s, cpu ${cpuSeconds().toFixed(0)} s`);
  if (values.json) writeFileSync(values.json, JSON.stringify({ files, used: crops.length, splits: n, dropped, binary, newtonTest, seven }, null, 2));
}

/** A grey image as the RgbFrame face-patch.ts samples (R = G = B = luma). */
function lumaAsRgb(luma: Float32Array): Uint8Array {
  const rgb = new Uint8Array(luma.length * 3);
  for (let i = 0; i < luma.length; i++) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = Math.round(luma[i]! * 255);
  return rgb;
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) await main();
