/**
 * Held-out figures of a model pack for its model card (npm run train:default runs it):
 * `npx tsx scripts/default-pack/held-out.ts PACKDIR NAME=DATASET... [--split test] [--json FILE]`.
 *
 * For every dataset, the test split under each fixed-protocol condition whose modalities the
 * dataset really has (a text-only corpus is reported under 'l' only: the other rows would score the
 * prior), with the MMSA metrics of `corrkd eval` plus the balanced accuracy of the sign on non-zero
 * labels (for RAVDESS and FER2013: happy against sad/angry/fearful/disgust, whose classes are 1:4
 * and 1:3 so plain accuracy flatters a model that says "negative"). Scores come from student.onnx
 * in onnxruntime-node (what the app runs), inputs prepared as `corrkd eval` prepares them.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { makeContext } from '../../main/core/context.ts';
import { SessionFactory } from '../../main/core/inference/session-factory.ts';
import { loadEvalData, parseEvalSplit } from '../../main/training/eval/eval-data.ts';
import { ioFromSession, onnxScorer } from '../../main/training/eval/onnx-scorer.ts';
import { readPackForEval } from '../../main/training/eval/pack-for-eval.ts';
import { scoreSplit } from '../../main/training/eval/run-protocol.ts';
import { regressionMetrics } from '../../main/training/metrics/regression-metrics.ts';
import { FIXED_CONDITIONS, keptModalities, type Condition } from '../../main/training/missingness/conditions.ts';
import { fixedConditionMasks } from '../../main/training/missingness/protocol-masks.ts';

const CONDITION_NAMES: Record<Condition, string> = {
  l: 'text alone',
  a: 'voice alone',
  v: 'face alone',
  la: 'text + voice',
  lv: 'text + face',
  av: 'voice + face',
  lav: 'all it has',
};

/** Balanced accuracy of sign(pred) against sign(truth) over non-zero truths (NaN when a class is empty). */
export function balancedSignAccuracy(pred: ArrayLike<number>, truth: ArrayLike<number>): number {
  let pos = 0;
  let neg = 0;
  let posOk = 0;
  let negOk = 0;
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i]!;
    if (t > 0) {
      pos += 1;
      if (pred[i]! > 0) posOk += 1;
    } else if (t < 0) {
      neg += 1;
      if (pred[i]! < 0) negOk += 1;
    }
  }
  return pos === 0 || neg === 0 ? NaN : (posOk / pos + negOk / neg) / 2;
}

interface Row {
  dataset: string;
  condition: Condition;
  name: string;
  n: number;
  nonZero: number;
  acc2_non0: number;
  f1_non0: number;
  balanced_non0: number;
  mae: number;
  corr: number;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { split: { type: 'string', default: 'test' }, json: { type: 'string' } },
  });
  const [packDir, ...sets] = positionals;
  if (!packDir || sets.length === 0) throw new Error('usage: held-out.ts PACKDIR NAME=DATASET... [--split test] [--json FILE]');
  const pack = readPackForEval(packDir);
  const factory = new SessionFactory();
  const opened = await factory.open(pack.modelPath, 'cpu');
  const scorer = onnxScorer(opened.session, ioFromSession(opened.session, pack.modelPath, { inputs: pack.inputNames, score: pack.outputNames.score }));
  const rows: Row[] = [];
  try {
    for (const spec of sets) {
      const [name, dir] = spec.split('=') as [string, string];
      const data = await loadEvalData({ kind: 'data', path: dir }, pack, parseEvalSplit(values.split!), makeContext());
      const split = data.split;
      const has = (['l', 'a', 'v'] as const).map((m) => split.present?.[m].some((x) => x === 1) ?? true);
      for (const cond of FIXED_CONDITIONS) {
        const kept = keptModalities(cond);
        // only conditions made of modalities this dataset has, and not equal to a smaller one
        if (kept.some((k, i) => k && !has[i]!)) continue;
        const pred = await scoreSplit(scorer, split, (B, T) => fixedConditionMasks(cond, B, T), 128);
        const m = regressionMetrics(pred, split.label);
        rows.push({
          dataset: name,
          condition: cond,
          name: CONDITION_NAMES[cond],
          n: split.n,
          nonZero: m.n_non0,
          acc2_non0: m.acc2_non0,
          f1_non0: m.f1_non0,
          balanced_non0: balancedSignAccuracy(pred, split.label),
          mae: m.mae,
          corr: m.corr,
        });
      }
    }
  } finally {
    await factory.dispose();
  }
  const f = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : '-');
  const lines = [
    `Held-out (${values.split}) figures of ${pack.id} ${pack.version}: fixed-protocol conditions made of the modalities each dataset has`,
    '',
    '| data | condition | n (non-zero) | Acc2 Non0 | F1 Non0 | balanced Non0 | MAE | Corr |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.dataset} | ${r.name} (${r.condition}) | ${r.n} (${r.nonZero}) | ${f(r.acc2_non0)} | ${f(r.f1_non0)} | ${f(r.balanced_non0)} | ${f(r.mae)} | ${f(r.corr)} |`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (values.json) writeFileSync(values.json, `${JSON.stringify(rows, null, 2)}\n`);
}

await main();
