import { benchCorrkd } from '../main/training/bench.ts';
import type { Bench } from './registry.ts';
import { printTable } from './table.ts';

export const trainingBench: Bench = {
  name: 'training',
  description: 'CorrKD at the MOSI shape (batch 128, T 50, text-v1 / audio-v1 / visual-v1 dims): training steps per second (teacher; student with every loss term), student forward latency in tfjs and onnxruntime-node',
  async run() {
    const report = await benchCorrkd({ steps: 3, forwardBatches: [1, 128], forwardRuns: 10 });
    process.stdout.write(`tfjs backend ${report.backend}, ${report.params} parameters, dims ${JSON.stringify(report.shape.dims)}\n`);
    printTable(report.rows.map((r) => ({ what: r.what, batch: r.batch, 'ms per run': r.msPerRun, 'per second': r.perSecond })));
  },
};
