/**
 * Scores a training run's tfjs weights (teacher, and student when present) on the valid and test
 * splits of feature datasets, without exporting a pack: F1 (Non0), Acc-2 (Non0), MAE, Corr.
 *   tsx bench/probes/text/eval-run.ts RUNDIR NAME=DATASETDIR [NAME=DATASETDIR ...]
 * A dataset whose valid split is empty is scored on test only (MELD is written all-test).
 */
import { existsSync } from 'node:fs';
import { loadFeatureDataset } from '../../../main/training/data/index.ts';
import { evaluateRun } from '../../../main/training/eval/index.ts';
import { runFiles } from '../../../main/training/trainer/run-files.ts';

const [runDir, ...sets] = process.argv.slice(2);
if (!runDir || sets.length === 0) throw new Error('usage: eval-run.ts RUNDIR NAME=DATASETDIR ...');
const roles = (['teacher', 'student'] as const).filter((r) => existsSync(runFiles(runDir)[r]));
const f = (x: number | null): string => (x === null ? '-' : x.toFixed(3));
for (const spec of sets) {
  const [name, dir] = spec.split('=') as [string, string];
  const ds = loadFeatureDataset(dir, { verify: false });
  for (const role of roles) {
    for (const split of ['valid', 'test'] as const) {
      const data = ds.splits[split];
      if (data.n === 0) continue;
      const r = await evaluateRun(runDir, data, 'complete', { role });
      const m = r.metrics;
      process.stdout.write(`${runDir}\t${role}\t${name}\t${split}\tn ${m.n}\tF1 ${f(m.f1_non0)}\tAcc2 ${f(m.acc2_non0)}\tMAE ${f(m.mae)}\tCorr ${f(m.corr)}\n`);
    }
  }
}
