import type { Command } from 'commander';
import { registerProbe } from './probe.ts';
import { registerFeatures } from './features.ts';
import { registerAnalyze } from './analyze.ts';
import { registerBatch } from './batch.ts';
import { registerWorker } from './worker.ts';
import { registerExport } from './export.ts';
import { registerDataset } from './dataset.ts';
import { registerModels } from './models.ts';
import { registerTrain } from './train.ts';
import { registerExportOnnx } from './export-onnx.ts';
import { registerEval } from './eval.ts';

/** Each CLI command lives in its own file and registers itself here (a registry, STYLE habit 13). */
export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [registerProbe, registerFeatures, registerAnalyze, registerBatch, registerWorker, registerExport, registerDataset, registerModels, registerTrain, registerExportOnnx, registerEval];
