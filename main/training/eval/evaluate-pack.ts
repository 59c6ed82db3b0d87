/**
 * `evaluatePack`: a protocol over one split with the exported student.onnx in onnxruntime-node, so
 * the numbers are those of the model the app runs. The split must be prepared as the app prepares
 * inputs (loadEvalData: the pack's T, normalisation, untrained modalities zeroed).
 */
import type * as ort from 'onnxruntime-node';
import { AppError } from '../../core/errors.ts';
import type { PackInfo } from '../../core/inference/pack-info.ts';
import type { DevicePref } from '../../core/inference/providers.ts';
import { SessionFactory } from '../../core/inference/session-factory.ts';
import type { SplitData } from '../../core/dataset/feature-dataset.ts';
import { ioFromSession, onnxScorer } from './onnx-scorer.ts';
import { readPackForEval } from './pack-for-eval.ts';
import type { Protocol } from './protocols.ts';
import { runProtocol } from './run-protocol.ts';
import type { EvalOptions, EvalReport } from './types.ts';

/** A pack folder, an already loaded pack, or a bare session of an exported CorrKD graph. */
export type PackSource = string | PackInfo | ort.InferenceSession;

export interface PackEvalOptions extends EvalOptions {
  /** execution provider preference when this call opens the session (default 'cpu': reproducible numbers) */
  device?: DevicePref;
}

export interface PackEvalReport extends EvalReport {
  /** the execution provider that ran the model (absent for a session passed in) */
  provider?: string;
}

function isSession(p: PackSource): p is ort.InferenceSession {
  return typeof p === 'object' && typeof (p as ort.InferenceSession).run === 'function';
}

export async function evaluatePack(pack: PackSource, split: SplitData, protocol: Protocol, opts: PackEvalOptions = {}): Promise<PackEvalReport> {
  if (isSession(pack)) {
    return runProtocol(onnxScorer(pack, ioFromSession(pack)), split, protocol, opts);
  }
  const info = typeof pack === 'string' ? readPackForEval(pack) : pack;
  const factory = new SessionFactory();
  try {
    const opened = await factory.open(info.modelPath, opts.device ?? 'cpu');
    const io = ioFromSession(opened.session, info.modelPath, { inputs: info.inputNames, score: info.outputNames.score });
    // the manifest and the graph must agree (a pack whose manifest lies is refused)
    for (const m of ['l', 'a', 'v'] as const) {
      if (io.dims[m] !== info.dims[m] || io.T !== info.T) {
        throw new AppError(
          'ModelContractMismatch',
          `${info.modelPath}: input '${info.inputNames[m]}' is [batch, ${io.T}, ${io.dims[m]}], the manifest says [batch, ${info.T}, ${info.dims[m]}].`,
          { file: info.modelPath },
        );
      }
    }
    const scorer = onnxScorer(opened.session, io, `onnxruntime-node ${opened.provider}`);
    return { ...(await runProtocol(scorer, split, protocol, opts)), provider: opened.provider };
  } finally {
    await factory.dispose();
  }
}
