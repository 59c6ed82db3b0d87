/**
 * A BatchScorer over an onnxruntime-node session of an exported student (what the app runs). The io
 * contract comes from the pack (PackInfo) or, for a bare session, from the session's own input
 * metadata with the export's input names (text, audio, visual).
 */
import type * as ort from 'onnxruntime-node';
import { Tensor } from 'onnxruntime-node';
import { AppError } from '../../core/errors.ts';
import type { ModalityKey } from '../../core/dataset/format.ts';
import { ONNX_INPUT_NAMES, ONNX_OUTPUT_NAMES } from '../export/corrkd-onnx.ts';
import type { BatchScorer } from './types.ts';

const MODS: readonly ModalityKey[] = ['l', 'a', 'v'];

export interface OnnxIo {
  T: number;
  dims: Record<ModalityKey, number>;
  inputNames: Record<ModalityKey, string>;
  scoreOutput: string;
}

/** Reads T and the per-modality dims from the session's [batch, T, d] inputs. */
export function ioFromSession(
  session: ort.InferenceSession,
  where = 'the ONNX session',
  names: { inputs: Record<ModalityKey, string>; score: string } = { inputs: ONNX_INPUT_NAMES, score: ONNX_OUTPUT_NAMES.score },
): OnnxIo {
  const meta = session.inputMetadata;
  let T: number | undefined;
  const dims = {} as Record<ModalityKey, number>;
  for (const m of MODS) {
    const name = names.inputs[m];
    const info = meta.find((i) => i.name === name);
    const shape = info && info.isTensor ? info.shape : undefined;
    const t = shape?.[1];
    const d = shape?.[2];
    if (!shape || shape.length !== 3 || typeof t !== 'number' || typeof d !== 'number') {
      throw new AppError(
        'ModelContractMismatch',
        `${where} has no input '${name}' of shape [batch, T, d] (inputs: ${session.inputNames.join(', ')}).`,
      );
    }
    if (T !== undefined && T !== t) throw new AppError('ModelContractMismatch', `${where}: inputs disagree on T (${T} vs ${t} for '${name}').`);
    T = t;
    dims[m] = d;
  }
  if (!session.outputNames.includes(names.score)) {
    throw new AppError('ModelContractMismatch', `${where} has no '${names.score}' output (outputs: ${session.outputNames.join(', ')}).`);
  }
  return { T: T!, dims, inputNames: { ...names.inputs }, scoreOutput: names.score };
}

export function onnxScorer(session: ort.InferenceSession, io: OnnxIo, name = 'onnxruntime-node'): BatchScorer {
  return {
    name,
    T: io.T,
    dims: io.dims,
    async score(x, B) {
      const feeds: Record<string, Tensor> = {};
      for (const m of MODS) feeds[io.inputNames[m]] = new Tensor('float32', x[m], [B, io.T, io.dims[m]]);
      const out = await session.run(feeds, [io.scoreOutput]);
      const t = out[io.scoreOutput];
      if (!t || t.type !== 'float32') throw new AppError('ModelContractMismatch', `${name}: output '${io.scoreOutput}' is missing or not float32.`);
      const data = Float32Array.from(t.data as Float32Array);
      t.dispose();
      return data;
    },
  };
}
