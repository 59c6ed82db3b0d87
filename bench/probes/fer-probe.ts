/**
 * Linear probe of the face features on FER2013 (reads the file fer-extract.ts writes).
 *
 *   npx tsx bench/probes/fer-probe.ts [--features tmp/fer-features.json] [--json]
 *
 * - Images: one per content group (byte-identical copies merged; groups whose copies carry different
 *   emotions dropped); faces the builder would reject (the all-black crops: too dark) left out.
 * - Splits: the project's FER split (first byte of sha256(bytes) < 26 test, 26..51 valid, else train;
 *   FACE_IMAGE_HOLDOUT). The regularisation strength is chosen on valid only; test is reported, never
 *   used for a choice.
 * - Tasks: happy vs {sad, angry, fear, disgust} (balanced accuracy, balanced class weights), and the
 *   7 FER classes (accuracy). L2 logistic regression written by hand (fer-logistic.ts) on features
 *   standardised with the train split's mean/std.
 * - face-api's own top expression against the FER label (no training).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../../main/core/paths.ts';
import { FACE_IMAGE_HOLDOUT } from '../../main/core/dataset/build-face-images.ts';
import { USABILITY } from '../../main/core/quality/thresholds.ts';
import { VISUAL_V2_DIMS } from '../../main/core/features/visual/visual-v2-dims.ts';
import type { FerRecord } from './fer-extract.ts';
import { type Matrix, balancedAccuracy, fitBinary, fitSoftmax, predictBinary, predictSoftmax, standardiser } from './fer-logistic.ts';

export const FER_CLASSES = ['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad', 'surprise'] as const;
const NEGATIVE = new Set(['sad', 'angry', 'fear', 'disgust']);
/** FER folder -> face-api expression name */
const AS_EXPRESSION: Record<string, string> = { angry: 'angry', disgust: 'disgusted', fear: 'fearful', happy: 'happy', neutral: 'neutral', sad: 'sad', surprise: 'surprised' };

export type Split = 'train' | 'valid' | 'test';

export function ferSplit(sha256: string): Split {
  const b = parseInt(sha256.slice(0, 2), 16);
  if (b < Math.round(256 * FACE_IMAGE_HOLDOUT.test)) return 'test';
  if (b < Math.round(256 * (FACE_IMAGE_HOLDOUT.test + FACE_IMAGE_HOLDOUT.valid))) return 'valid';
  return 'train';
}

/** One record per content group, conflicting groups and unusable (too dark) faces left out. */
export function probeRecords(all: FerRecord[]): { records: (FerRecord & { split: Split })[]; dropped: { conflicting: number; duplicates: number; dark: number } } {
  const groups = new Map<string, FerRecord[]>();
  for (const r of all) groups.set(r.sha256, [...(groups.get(r.sha256) ?? []), r]);
  const dropped = { conflicting: 0, duplicates: 0, dark: 0 };
  const records: (FerRecord & { split: Split })[] = [];
  for (const [sha, copies] of groups) {
    if (new Set(copies.map((c) => c.emotion)).size > 1) {
      dropped.conflicting += copies.length;
      continue;
    }
    dropped.duplicates += copies.length - 1;
    const r = copies.sort((a, b) => (a.rel < b.rel ? -1 : 1))[0]!;
    if (!r.faceFound || !(r.brightness >= USABILITY.visual.minFaceBrightness)) {
      dropped.dark++;
      continue;
    }
    records.push({ ...r, split: ferSplit(sha) });
  }
  return { records, dropped };
}

const LAMBDAS = [1e-4, 1e-3, 1e-2, 1e-1, 1];

interface TaskResult {
  features: string;
  dims: number;
  lambda: number;
  train: number;
  valid: number;
  test: number;
}

function columns(r: FerRecord, which: string): number[] {
  const v2 = r.v2;
  const patch0 = VISUAL_V2_DIMS.findIndex((d) => d.name === 'patch_r0c0');
  switch (which) {
    case 'visual-v1':
      return r.v1;
    case 'visual-v2':
      return v2;
    case 'v2: expressions':
      return v2.slice(0, 7);
    case 'v2: AU geometry':
      return v2.slice(7, patch0);
    case 'v2: expressions + AU':
      return v2.slice(0, patch0);
    case 'v2: patch':
      return v2.slice(patch0);
    default:
      throw new Error(`unknown feature set ${which}`);
  }
}

export const FEATURE_SETS = ['visual-v1', 'visual-v2', 'v2: expressions', 'v2: AU geometry', 'v2: expressions + AU', 'v2: patch'];

function matrices(rows: (FerRecord & { split: Split })[], which: string) {
  const by = { train: [] as number[][], valid: [] as number[][], test: [] as number[][] };
  for (const r of rows) by[r.split].push(columns(r, which));
  const st = standardiser(by.train.map((x) => Float64Array.from(x)));
  const m = (x: number[][]): Matrix => st.apply(x.map((r) => Float64Array.from(r)));
  return { train: m(by.train), valid: m(by.valid), test: m(by.test) };
}

export function binaryProbe(rows: (FerRecord & { split: Split })[], which: string): TaskResult {
  const sub = rows.filter((r) => r.emotion === 'happy' || NEGATIVE.has(r.emotion));
  const X = matrices(sub, which);
  const y = (s: Split) => Uint8Array.from(sub.filter((r) => r.split === s), (r) => (r.emotion === 'happy' ? 1 : 0));
  let best: TaskResult | null = null;
  for (const lambda of LAMBDAS) {
    const m = fitBinary(X.train, y('train'), lambda);
    const res = {
      features: which,
      dims: X.train[0]!.length,
      lambda,
      train: balancedAccuracy(y('train'), predictBinary(m, X.train)),
      valid: balancedAccuracy(y('valid'), predictBinary(m, X.valid)),
      test: balancedAccuracy(y('test'), predictBinary(m, X.test)),
    };
    if (!best || res.valid > best.valid) best = res;
  }
  return best!;
}

export function sevenWayProbe(rows: (FerRecord & { split: Split })[], which: string): TaskResult {
  const X = matrices(rows, which);
  const y = (s: Split) => Uint8Array.from(rows.filter((r) => r.split === s), (r) => FER_CLASSES.indexOf(r.emotion as (typeof FER_CLASSES)[number]));
  const acc = (t: Uint8Array, p: Uint8Array) => t.reduce((a, v, i) => a + (v === p[i] ? 1 : 0), 0) / t.length;
  let best: TaskResult | null = null;
  for (const lambda of LAMBDAS) {
    const m = fitSoftmax(X.train, y('train'), FER_CLASSES.length, lambda);
    const res = {
      features: which,
      dims: X.train[0]!.length,
      lambda,
      train: acc(y('train'), predictSoftmax(m, X.train)),
      valid: acc(y('valid'), predictSoftmax(m, X.valid)),
      test: acc(y('test'), predictSoftmax(m, X.test)),
    };
    if (!best || res.valid > best.valid) best = res;
  }
  return best!;
}

/** face-api's top expression vs the FER label: accuracy and the distribution of its answers per class. */
export function faceApiAgreement(rows: FerRecord[]): { accuracy: number; happyVsNegBalanced: number; topByClass: Record<string, Record<string, number>> } {
  const topByClass: Record<string, Record<string, number>> = {};
  let hit = 0;
  for (const r of rows) {
    const t = r.topExpression ?? 'none';
    topByClass[r.emotion] ??= {};
    topByClass[r.emotion]![t] = (topByClass[r.emotion]![t] ?? 0) + 1;
    if (t === AS_EXPRESSION[r.emotion]) hit++;
  }
  const sub = rows.filter((r) => r.emotion === 'happy' || NEGATIVE.has(r.emotion));
  const y = Uint8Array.from(sub, (r) => (r.emotion === 'happy' ? 1 : 0));
  const p = Uint8Array.from(sub, (r) => (r.topExpression === 'happy' ? 1 : 0));
  return { accuracy: hit / rows.length, happyVsNegBalanced: balancedAccuracy(y, p), topByClass };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { features: { type: 'string', default: path.join(PROJECT_ROOT, 'tmp', 'fer-features.json') }, json: { type: 'boolean' } } });
  const all = JSON.parse(readFileSync(values.features!, 'utf8')) as FerRecord[];
  const { records, dropped } = probeRecords(all);
  const n = { train: 0, valid: 0, test: 0 };
  for (const r of records) n[r.split]++;
  const binary = FEATURE_SETS.map((f) => binaryProbe(records, f));
  const seven = ['visual-v1', 'visual-v2'].map((f) => sevenWayProbe(records, f));
  const agreement = { all: faceApiAgreement(records), test: faceApiAgreement(records.filter((r) => r.split === 'test')) };
  if (values.json) {
    console.log(JSON.stringify({ images: all.length, used: records.length, dropped, splits: n, binary, seven, agreement }, null, 2));
    return;
  }
  const pct = (x: number) => (100 * x).toFixed(1);
  console.log(`FER2013 train folder: ${all.length} images; used ${records.length} (train ${n.train}, valid ${n.valid}, test ${n.test}); dropped: ${dropped.duplicates} duplicate copies, ${dropped.conflicting} files of conflicting groups, ${dropped.dark} too dark`);
  console.log('\nhappy vs {sad, angry, fear, disgust}: balanced accuracy % (lambda chosen on valid)');
  console.log('| features | dims | lambda | train | valid | test |\n|---|---|---|---|---|---|');
  for (const r of binary) console.log(`| ${r.features} | ${r.dims} | ${r.lambda} | ${pct(r.train)} | ${pct(r.valid)} | ${pct(r.test)} |`);
  console.log('\n7 FER classes: accuracy % (lambda chosen on valid)');
  console.log('| features | dims | lambda | train | valid | test |\n|---|---|---|---|---|---|');
  for (const r of seven) console.log(`| ${r.features} | ${r.dims} | ${r.lambda} | ${pct(r.train)} | ${pct(r.valid)} | ${pct(r.test)} |`);
  console.log(`\nface-api top expression = FER label: ${pct(agreement.all.accuracy)}% of all used images (test split ${pct(agreement.test.accuracy)}%); as a happy detector, happy vs negative balanced accuracy ${pct(agreement.all.happyVsNegBalanced)}% (test ${pct(agreement.test.happyVsNegBalanced)}%)`);
  for (const c of FER_CLASSES) {
    const t = agreement.all.topByClass[c] ?? {};
    const total = Object.values(t).reduce((a, b) => a + b, 0);
    console.log(`  ${c.padEnd(8)} ${Object.entries(t).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${pct(v / total)}%`).join(', ')}`);
  }
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) await main();
