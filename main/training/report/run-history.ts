/** The loss curves of a training run, read from RUNDIR/run.json (written by the trainer). */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { runFiles } from '../trainer/run-files.ts';
import type { LossHistory } from './render-report.ts';

const num = z.number().nullable().optional();
const runJson = z.looseObject({
  stages: z.record(
    z.string(),
    z.looseObject({ history: z.array(z.looseObject({ epoch: z.number(), train: z.record(z.string(), num), valLoss: num })) }),
  ),
});

export function readRunHistory(runDir: string): LossHistory[] {
  const file = runFiles(runDir).run;
  if (!existsSync(file)) throw new AppError('FileUnreadable', `${runDir} is not a training run: run.json is missing.`, { file });
  let parsed;
  try {
    parsed = runJson.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (e) {
    throw new AppError('InvalidDataset', `${file} is not a run summary: ${(e as Error).message}`, { file, cause: e });
  }
  return Object.entries(parsed.stages).map(([stage, s]) => ({
    stage,
    epochs: s.history.map((r) => ({ epoch: r.epoch, train: r.train.total ?? null, valid: r.valLoss ?? null })),
  }));
}
