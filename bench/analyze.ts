import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { makeContext } from '../main/core/context.ts';
import { analyzeClip } from '../main/core/pipeline/analyze-clip.ts';
import { createPipelineWorkers, defaultVisualThreads } from '../main/core/pipeline/worker-pools.ts';
import { loadPack } from '../main/core/inference/pack.ts';
import { initTf } from '../main/training/tf/backend.ts';
import type { Bench } from './registry.ts';
import { printTable, SHARED_DATA } from './table.ts';

const CLIPS = ['liveportrait_d20.mp4', 'video-retalking_face_1.mp4', 'video-retalking_face_2.mp4', 'video-retalking_face_3.mp4', 'video-retalking_face_4.mp4', 'video-retalking_face_5.mp4'].map((f) =>
  path.join(SHARED_DATA, 'videos', 'talking_heads', f),
);

async function studentLatency(): Promise<Record<string, string | number>[]> {
  const pack = await loadPack();
  const session = await ort.InferenceSession.create(pack.modelPath, { executionProviders: ['cpu'] });
  const rows: Record<string, string | number>[] = [];
  const { tf } = await initTf();
  // the same student in tfjs: import the ONNX initialisers is not possible, so time an equal-size
  // network built by the training code (weights do not change the cost)
  const { modelSpec } = await import('../main/training/model/spec.ts');
  const { createNet } = await import('../main/training/model/params.ts');
  const { forward } = await import('../main/training/model/forward.ts');
  const { parseConfig } = await import('../main/training/config.ts');
  const { createRng } = await import('../main/core/rng.ts');
  const net = createNet(tf, modelSpec(parseConfig({}).model, pack.T, pack.dims), createRng(1));
  for (const B of [1, 7]) {
    const feeds: Record<string, ort.Tensor> = {};
    const tens: Record<string, ReturnType<typeof tf.zeros>> = {};
    for (const s of ['l', 'a', 'v'] as const) {
      const data = new Float32Array(B * pack.T * pack.dims[s]).map(() => Math.random() - 0.5);
      feeds[pack.inputNames[s]] = new ort.Tensor('float32', data, [B, pack.T, pack.dims[s]]);
      tens[s] = tf.tensor3d(data, [B, pack.T, pack.dims[s]]);
    }
    const time = async (f: () => Promise<void>, n: number) => {
      await f();
      const t = performance.now();
      for (let i = 0; i < n; i++) await f();
      return (performance.now() - t) / n;
    };
    const ortMs = await time(async () => void (await session.run(feeds)), 30);
    const tfMs = await time(async () => {
      const o = forward(net, tens as never);
      await o.score.data();
      tf.dispose([o.logits, o.probs, o.score, o.H, o.z.l, o.z.a, o.z.v]);
    }, 10);
    rows.push({ rows: B === 1 ? '1 (one utterance)' : '7 (one utterance x 7 subsets)', 'onnxruntime-node cpu ms': ortMs, 'tfjs wasm ms': tfMs, 'tfjs / ort': tfMs / ortMs });
    tf.dispose(Object.values(tens));
  }
  await session.release();
  return rows;
}

/** `--visual-threads=N` (face workers, default defaultVisualThreads()), `--every-frame` (face detection on every frame, no tracking). */
const visualThreads = Number(process.argv.find((a) => a.startsWith('--visual-threads='))?.slice(17) ?? defaultVisualThreads());
const everyFrame = process.argv.includes('--every-frame');

export const analyzeBench: Bench = {
  name: 'analyze',
  description: 'corrkd analyze end to end on the 6 shared talking-head clips (no Whisper, no feature cache): video s per wall s, share of each stage; student latency per utterance [--visual-threads=N] [--every-frame]',
  async run() {
    const ctx = { ...makeContext(), workers: createPipelineWorkers({ visualThreads }) };
    process.stdout.write(`face workers ${visualThreads}, ${everyFrame ? 'detection on every frame' : 'tracking'}\n`);
    let video = 0;
    let wall = 0;
    const stages: Record<string, number> = {};
    for (const clip of CLIPS) {
      const t = performance.now();
      const r = await analyzeClip(clip, ctx, { cache: null, ...(everyFrame ? { track: { detectEveryFrame: true } } : {}) });
      wall += (performance.now() - t) / 1000;
      video += r.durationSec;
      for (const [k, v] of Object.entries(r.timingsMs)) if (!k.includes('(cpu)') && k !== 'total' && k !== 'visual-frames') stages[k] = (stages[k] ?? 0) + v;
    }
    await ctx.workers.close();
    process.stdout.write(`${CLIPS.length} clips, ${video.toFixed(1)} s of video in ${wall.toFixed(1)} s: ${(video / wall).toFixed(2)} x real time\n`);
    process.stdout.write('stage wall times (audio and visual overlap, so shares of the summed stage time):\n');
    const sum = Object.values(stages).reduce((a, b) => a + b, 0);
    printTable(Object.entries(stages).map(([k, v]) => ({ stage: k, 'wall s': v / 1000, 'share %': (100 * v) / sum })));
    printTable(await studentLatency());
  },
};
