import path from 'node:path';
import { AppError } from '../../errors.ts';
import { userDataDir } from '../../paths.ts';

/**
 * ASR models the app knows how to fetch and run (STYLE habit 13: a table, not a switch). Word
 * timestamps need the "_timestamped" ONNX exports (their decoder also returns the cross-attentions
 * that transformers.js aligns tokens with); the plain exports only give segment times.
 * dtype: the encoder stays fp32 (quantising Whisper's encoder costs accuracy); the decoder is q8.
 */
export interface AsrModelSpec {
  name: string;
  repo: string;
  dtype: Record<string, 'fp32' | 'fp16' | 'q8'>;
  /** Only English (".en" models): no language detection, no translate task. */
  englishOnly: boolean;
  /** Approximate download, for the list and the pull message. */
  approxMB: number;
}

const DTYPE = { encoder_model: 'fp32', decoder_model_merged: 'q8' } as const;

export const ASR_MODELS: readonly AsrModelSpec[] = [
  { name: 'whisper-tiny.en', repo: 'onnx-community/whisper-tiny.en_timestamped', dtype: DTYPE, englishOnly: true, approxMB: 75 },
  { name: 'whisper-base.en', repo: 'onnx-community/whisper-base.en_timestamped', dtype: DTYPE, englishOnly: true, approxMB: 140 },
  { name: 'whisper-small.en', repo: 'onnx-community/whisper-small.en_timestamped', dtype: DTYPE, englishOnly: true, approxMB: 480 },
  { name: 'whisper-tiny', repo: 'onnx-community/whisper-tiny_timestamped', dtype: DTYPE, englishOnly: false, approxMB: 75 },
  { name: 'whisper-base', repo: 'onnx-community/whisper-base_timestamped', dtype: DTYPE, englishOnly: false, approxMB: 140 },
];

export const DEFAULT_ASR_MODEL = 'whisper-tiny.en';

export function asrModelNames(): string[] {
  return ASR_MODELS.map((m) => m.name);
}

export function getAsrModel(name: string): AsrModelSpec {
  const spec = ASR_MODELS.find((m) => m.name === name);
  if (!spec) {
    throw new AppError('InvalidArgument', `Unknown ASR model "${name}"; known models: ${asrModelNames().join(', ')}.`);
  }
  return spec;
}

/** The user's model folder (transformers.js localModelPath and cacheDir both point here). */
export function userModelsDir(): string {
  return path.join(userDataDir(), 'models');
}

/** Folder of one model inside the user's model folder: <models>/<owner>/<repo>, as transformers.js lays it out. */
export function asrModelDir(spec: AsrModelSpec, root: string = userModelsDir()): string {
  return path.join(root, ...spec.repo.split('/'));
}

export function pullHint(spec: AsrModelSpec): string {
  return `corrkd models pull ${spec.name}`;
}
