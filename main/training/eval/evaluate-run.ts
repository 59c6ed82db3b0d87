/**
 * A protocol over a training run's tfjs network (RUNDIR/student.weights.bin or teacher.weights.bin),
 * without exporting: for checking a run before export, or the teacher under missing modalities.
 * The numbers match evaluatePack on the exported student within float32 rounding.
 */
import type { SplitData } from '../../core/dataset/feature-dataset.ts';
import { disposeParams, netFromArrays } from '../model/params.ts';
import { initTf } from '../tf/backend.ts';
import { runFiles } from '../trainer/run-files.ts';
import { readWeightsFile } from '../trainer/weights-file.ts';
import type { Protocol } from './protocols.ts';
import { runProtocol } from './run-protocol.ts';
import { tfjsScorer } from './tfjs-scorer.ts';
import type { EvalOptions, EvalReport } from './types.ts';

export async function evaluateRun(
  runDir: string,
  split: SplitData,
  protocol: Protocol,
  opts: EvalOptions & { role?: 'student' | 'teacher' } = {},
): Promise<EvalReport> {
  const role = opts.role ?? 'student';
  const w = readWeightsFile(runFiles(runDir)[role]);
  const { tf, backend } = await initTf();
  const net = netFromArrays(tf, w.spec, w.weights, runFiles(runDir)[role]);
  try {
    return await runProtocol(tfjsScorer(net, `tfjs ${backend} (${role})`), split, protocol, opts);
  } finally {
    disposeParams(net.params);
  }
}
