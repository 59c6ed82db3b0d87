/** Where a run keeps its files, and the human-readable run.json summary (written atomically). */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../core/errors.ts';
import type { CorrkdConfig } from '../config.ts';
import type { ModelSpec } from '../model/spec.ts';
import type { TrainResult } from './types.ts';
import type { WeightsMeta } from './weights-file.ts';

export const RUN_SUMMARY_SCHEMA = 1;

export interface RunFiles {
  checkpoint: string;
  run: string;
  teacher: string;
  student: string;
}

export function runFiles(runDir: string): RunFiles {
  return {
    checkpoint: path.join(runDir, 'checkpoint.bin'),
    run: path.join(runDir, 'run.json'),
    teacher: path.join(runDir, 'teacher.weights.bin'),
    student: path.join(runDir, 'student.weights.bin'),
  };
}

export function writeJsonAtomic(file: string, value: unknown): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n');
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new AppError('FileUnreadable', `Cannot write ${file}: ${(e as Error).message}`, { file, cause: e });
  }
}

export function writeRunSummary(file: string, s: { result: TrainResult; config: CorrkdConfig; dataset: WeightsMeta['dataset']; spec: ModelSpec }): void {
  writeJsonAtomic(file, {
    schema: RUN_SUMMARY_SCHEMA,
    updated: new Date().toISOString(),
    status: s.result.status,
    config: s.config,
    spec: s.spec,
    dataset: { ...s.dataset, norm: undefined },
    stages: s.result.stages,
    files: Object.fromEntries(Object.entries(s.result.files).map(([k, v]) => [k, path.basename(v)])),
  });
}
