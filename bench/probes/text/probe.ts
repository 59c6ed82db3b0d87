/**
 * Text feature probe: ridge regression on sentence-level features, trained on MOSI + MOSEI train
 * (minus the held-out videos), MOSI train alone, or both with MOSI repeated (both-mosiK); lambda chosen on the mean of MOSI dev and MOSEI
 * valid F1 (Non0); reported on the valid splits, the held-out test parts and MELD (sign of the
 * score, positive vs negative; out of domain, never used for selection).
 *   tsx bench/probes/text/probe.ts [--use DIR] [--sets a,b,...] [--train both,mosi,both-mosi3]
 * Feature sets: v2-vectors (text-v2's 100 word-vector dims, mean-pooled), v2 (all 106 dims
 * mean-pooled), use (USE lite 512-d of the sentence form), v2+use, v2+use-pcaK (USE projected on
 * its first K principal components, fitted on the training sentences), use-raw / v2+use-raw
 * (USE of the text as written).
 */
import { parseArgs } from 'node:util';
import { regressionMetrics, type RegressionMetrics } from '../../../main/training/metrics/index.ts';
import { readCorpus, readMeld, TEXT_CORPORA, type TextCorpus } from './corpora.ts';
import { fitPca, project } from './pca.ts';
import { pooledTextSteps } from './pooled.ts';
import { matrixOf, predictRidge, ridgeSystem, solveRidge } from './ridge.ts';
import { sentenceForm } from './sentence-text.ts';
import { readUseCache } from './use-vectors.ts';

const { values } = parseArgs({
  options: { use: { type: 'string', default: '/work/tmp-text/use' }, sets: { type: 'string' }, train: { type: 'string', default: 'both' } },
});

interface Row {
  group: 'mosi' | 'mosei' | 'meld';
  split: 'train' | 'valid' | 'test';
  text: string;
  label: number;
  v2: Float64Array;
}

const rows: Row[] = [];
for (const c of TEXT_CORPORA) {
  for (const r of readCorpus(c)) rows.push({ group: c, split: r.split, text: r.text, label: r.label, v2: pooledTextSteps(r.text) ?? new Float64Array(106) });
}
for (const r of readMeld()) {
  if (r.label !== 0) rows.push({ group: 'meld', split: 'test', text: r.text, label: r.label, v2: pooledTextSteps(r.text) ?? new Float64Array(106) });
}

const useNorm = readUseCache(values.use, 'norm');
const useRaw = readUseCache(values.use, 'raw');
const useOf = (cache: Map<string, Float32Array> | null, key: string): Float32Array => {
  const v = cache?.get(key);
  if (!v) throw new Error(`no USE vector for '${key}'`);
  return v;
};
const cat = (...parts: ArrayLike<number>[]): Float64Array => {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(Array.from(p), at);
    at += p.length;
  }
  return out;
};

type Featurizer = (r: Row) => Float64Array;
const trainSets = values.train.split(',');

/** Training rows of a train-set name: mosi, both (MOSI + MOSEI), or both-mosiK (MOSI's rows K times). */
function trainRows(name: string): Row[] {
  const m = /^(mosi|both)(?:-mosi(\d+))?$/.exec(name);
  if (!m) throw new Error(`unknown train set ${name}; valid: mosi, both, both-mosiK`);
  const repeat = Number(m[2] ?? 1);
  const mosi = rows.filter((r) => r.split === 'train' && r.group === 'mosi');
  const mosei = m[1] === 'both' ? rows.filter((r) => r.split === 'train' && r.group === 'mosei') : [];
  return [...Array.from({ length: repeat }, () => mosi).flat(), ...mosei];
}

function featureSets(train: Row[]): Record<string, Featurizer | null> {
  const norm = (r: Row): Float32Array => useOf(useNorm, sentenceForm(r.text));
  const raw = (r: Row): Float32Array => useOf(useRaw, r.text);
  const sets: Record<string, Featurizer | null> = {
    'v2-vectors': (r) => r.v2.subarray(0, 100),
    v2: (r) => r.v2,
    use: useNorm ? (r) => Float64Array.from(norm(r)) : null,
    'v2+use': useNorm ? (r) => cat(r.v2, norm(r)) : null,
    'use-raw': useRaw ? (r) => Float64Array.from(raw(r)) : null,
    'v2+use-raw': useRaw ? (r) => cat(r.v2, raw(r)) : null,
  };
  if (useNorm) {
    const pca = fitPca(train.map(norm), 64);
    for (const k of [8, 16, 32, 64]) sets[`v2+use-pca${k}`] = (r) => cat(r.v2, project(pca, norm(r)).subarray(0, k));
  }
  return sets;
}

const LAMBDAS = [1, 10, 100, 1000, 3000, 10000, 30000];
const f = (x: number): string => x.toFixed(3);
const line = (m: RegressionMetrics): string => `${f(m.f1_non0)} ${f(m.acc2_non0)} ${f(m.mae)} ${f(m.corr)}`;

process.stdout.write('| train | features | dims | lambda | MOSI dev F1 | MOSEI valid F1 | MOSI test F1 / Acc2 / MAE / Corr | MOSEI test F1 / Acc2 / MAE / Corr | MELD F1 / Acc2 |\n');
process.stdout.write('|---|---|---|---|---|---|---|---|---|\n');
for (const trainSet of trainSets) {
  const train = trainRows(trainSet);
  const sets = featureSets(train);
  const wanted = values.sets ? values.sets.split(',') : Object.keys(sets);
  for (const name of wanted) {
    const fz = sets[name];
    if (fz === undefined) throw new Error(`unknown feature set ${name}; valid: ${Object.keys(sets).join(', ')}`);
    if (fz === null) continue;
    const part = (g: Row['group'] | TextCorpus, s: Row['split']): Row[] => rows.filter((r) => r.group === g && r.split === s);
    const sys = ridgeSystem(matrixOf(train.map(fz)), train.map((r) => r.label));
    const evalOn = (rs: Row[], lambdaFit: ReturnType<typeof solveRidge>): RegressionMetrics =>
      regressionMetrics(predictRidge(lambdaFit, matrixOf(rs.map(fz))), rs.map((r) => r.label));
    let best: { lambda: number; score: number; fit: ReturnType<typeof solveRidge>; dev: RegressionMetrics; valid: RegressionMetrics } | null = null;
    for (const lambda of LAMBDAS) {
      const fit = solveRidge(sys, lambda);
      const dev = evalOn(part('mosi', 'valid'), fit);
      const valid = evalOn(part('mosei', 'valid'), fit);
      const score = (dev.f1_non0 + valid.f1_non0) / 2;
      if (!best || score > best.score) best = { lambda, score, fit, dev, valid };
    }
    const b = best!;
    const mosiTest = evalOn(part('mosi', 'test'), b.fit);
    const moseiTest = evalOn(part('mosei', 'test'), b.fit);
    const meld = evalOn(part('meld', 'test'), b.fit);
    process.stdout.write(
      `| ${trainSet} | ${name} | ${sys.cols} | ${b.lambda} | ${f(b.dev.f1_non0)} | ${f(b.valid.f1_non0)} | ${line(mosiTest)} | ${line(moseiTest)} | ${f(meld.f1_non0)} ${f(meld.acc2_non0)} |\n`,
    );
  }
}
