import * as ort from 'onnxruntime-node';
import { AppError } from '../core/errors.ts';
import { SessionFactory } from '../core/inference/session-factory.ts';
import type { DevicePref } from '../core/inference/providers.ts';
import { withTransfer } from '../core/threads/protocol.ts';
import { serveWorker } from '../core/threads/worker-host.ts';
import type { InferenceWorkerApi, StudentRunArgs } from '../core/pipeline/worker-apis.ts';

/**
 * ONNX runs off the caller's thread (onnxruntime-node's run() occupies the thread it is called
 * on). Sessions are memoised per (model, device) by the one SessionFactory of this thread and
 * released when the pool closes the thread.
 */
const factory = new SessionFactory();

const api = {
  async open(args: { modelPath: string; device: DevicePref }) {
    const s = await factory.open(args.modelPath, args.device);
    return {
      provider: s.provider,
      skipped: s.skipped,
      inputNames: [...s.session.inputNames],
      outputNames: [...s.session.outputNames],
    };
  },

  async run(args: StudentRunArgs) {
    const s = await factory.open(args.modelPath, args.device);
    const feeds: Record<string, ort.Tensor> = {};
    for (const [name, x] of Object.entries(args.inputs)) feeds[name] = new ort.Tensor('float32', x.data, x.dims);
    const t0 = performance.now();
    const out = await s.session.run(feeds, [args.outputs.probabilities, args.outputs.score]);
    const ms = performance.now() - t0;
    const probs = out[args.outputs.probabilities];
    const score = out[args.outputs.score];
    if (!probs || !score) throw new AppError('ModelContractMismatch', `${args.modelPath} did not return ${args.outputs.probabilities} and ${args.outputs.score}.`);
    const p = Float32Array.from(probs.data as Float32Array);
    const sc = Float32Array.from(score.data as Float32Array);
    return withTransfer({ probabilities: p, score: sc, provider: s.provider, runMs: ms }, [p.buffer, sc.buffer]);
  },

  async dispose() {
    await factory.dispose();
  },
} satisfies InferenceWorkerApi;

serveWorker(api);
