/**
 * Probe (not a test): where the face stage's time goes per sampled frame.
 *   npx tsx bench/probes/face-stage-profile.ts [--fps=5] [--clips=3]
 * Frames come from the product's sampler (sampleFrames: ffmpeg, 640 px, rgb24 through a pipe); each
 * step of face-engine.ts's detection path is run by hand and timed in CPU ms of this process (one
 * wasm thread, so close to the uncontended cost on a busy machine), plus the alternatives the
 * tracker and the detector choice weigh: face-api's tiny 68-point landmark net, and ffmpeg's own
 * CPU for decoding and scaling (its child process, measured with `time`).
 */
import { execFileSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import * as faceapi from '@vladmandic/face-api/dist/face-api.node-wasm.js';
import { makeContext } from '../../main/core/context.ts';
import { loadFaceEngine, defaultModelDir } from '../../main/core/features/visual/face-engine.ts';
import { faceNetInput, loadFaceNet } from '../../main/core/features/visual/face-net.ts';
import { ferFraming } from '../../main/core/features/visual/face-patch.ts';
import { faceQuality, clipBox } from '../../main/core/features/visual/face-quality.ts';
import { visualV2Vector } from '../../main/core/features/visual/visual-v2.ts';
import { ffmpegPath } from '../../main/core/media/ffmpeg-paths.ts';
import { sampleFrames } from '../../main/core/media/frames.ts';
import { probeMedia } from '../../main/core/media/probe.ts';
import { dataPath, TALKING_HEADS } from '../../test/helpers/data.ts';

const arg = (k: string, d: number) => Number(process.argv.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3) ?? d);
const fps = arg('fps', 5);
const nClips = arg('clips', 3);
const ctx = makeContext();

const engine = await loadFaceEngine();
await faceapi.nets.faceLandmark68TinyNet.loadFromDisk(defaultModelDir());
const net = loadFaceNet();
const tiny = new faceapi.TinyFaceDetectorOptions({ inputSize: 224, scoreThreshold: 0.5 });

const steps = ['tensor', 'tiny224', 'crop+landmarks68', 'aligned crop+expressions', 'quality', 'v2 vector', 'face-net input', 'face-net predict', 'landmarks68 tiny net'] as const;
const cpu: Record<string, number[]> = Object.fromEntries(steps.map((s) => [s, []]));
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
async function timed<R>(name: (typeof steps)[number], f: () => Promise<R> | R): Promise<R> {
  const c = cpuNow();
  const r = await f();
  cpu[name]!.push(cpuNow() - c);
  return r;
}

let frames = 0;
let pullWallMs = 0;
let ffmpegCpuMs = 0;
for (const clip of TALKING_HEADS.slice(0, nClips).map((c) => dataPath(c))) {
  const info = await probeMedia(clip, ctx);
  // ffmpeg's own CPU for this clip (decode + fps + scale + rgb24), output thrown away
  const t = execFileSync('bash', ['-c', `TIMEFORMAT='%U %S'; time ("$0" -nostdin -v error -i "$1" -an -vf fps=${fps},scale=640:640:flags=area -f rawvideo -pix_fmt rgb24 - > /dev/null) 2>&1`, ffmpegPath(), clip]).toString().trim().split(/\s+/).map(Number);
  ffmpegCpuMs += 1000 * (t[0]! + t[1]!);
  let w = performance.now();
  for await (const f of sampleFrames(clip, ctx, { fps, info })) {
    pullWallMs += performance.now() - w;
    frames++;
    const image = await timed('tensor', () => tf.tensor3d(f.rgb, [f.height, f.width, 3], 'int32'));
    const input = image as unknown as faceapi.tf.Tensor3D;
    const dets = await timed('tiny224', () => faceapi.detectAllFaces(input, tiny));
    if (dets.length) {
      const best = dets.reduce((a, b) => (b.box.area > a.box.area ? b : a));
      const lm = await timed('crop+landmarks68', async () => {
        const [crop] = await faceapi.extractFaceTensors(input, [best]);
        const r = (await faceapi.nets.faceLandmark68Net.detectLandmarks(crop!)) as faceapi.FaceLandmarks68;
        crop!.dispose();
        return r;
      });
      await timed('landmarks68 tiny net', async () => {
        const [crop] = await faceapi.extractFaceTensors(input, [best]);
        await faceapi.nets.faceLandmark68TinyNet.detectLandmarks(crop!);
        crop!.dispose();
      });
      const withLm = faceapi.extendWithFaceLandmarks(faceapi.extendWithFaceDetection({}, best), lm);
      const ex = await timed('aligned crop+expressions', async () => {
        const [aligned] = await faceapi.extractFaceTensors(input, [withLm.alignedRect]);
        const r = (await faceapi.nets.faceExpressionNet.predictExpressions(aligned!)) as faceapi.FaceExpressions;
        aligned!.dispose();
        return r;
      });
      const landmarks = new Float32Array(withLm.landmarks.positions.flatMap((p) => [p.x, p.y]));
      const xs = withLm.landmarks.positions.map((p) => p.x);
      const ys = withLm.landmarks.positions.map((p) => p.y);
      const box = clipBox({ x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) }, f.width, f.height)!;
      const q = await timed('quality', () => faceQuality(f.rgb, f.width, f.height, box));
      const obs = { faceFound: true, confidence: best.score, faceBox: box, detectedBy: 'tiny' as const, faceRelSize: 0, brightness: q.brightness, sharpness: q.sharpness, faces: 1, located: 'detect' as const, landmarks, expressions: Float32Array.from([ex.neutral, ex.happy, ex.sad, ex.angry, ex.fearful, ex.disgusted, ex.surprised]) };
      await timed('v2 vector', () => visualV2Vector(obs, f));
      const x = await timed('face-net input', () => faceNetInput(f, ferFraming(landmarks)));
      await timed('face-net predict', () => net.predict([x]));
    }
    image.dispose();
    w = performance.now();
  }
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)] ?? Number.NaN;
const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / Math.max(1, a.length);
console.log(`${frames} frames of ${nClips} talking heads at ${fps} fps, 640 px; CPU ms per frame of this process (median / mean)`);
for (const s of steps) console.log(`${s.padEnd(28)} ${med(cpu[s]!).toFixed(2).padStart(7)} ${mean(cpu[s]!).toFixed(2).padStart(7)}`);
console.log(`${'ffmpeg decode+scale (child)'.padEnd(28)} ${''.padStart(7)} ${(ffmpegCpuMs / frames).toFixed(2).padStart(7)}`);
console.log(`${'frame pull wall (pipe)'.padEnd(28)} ${''.padStart(7)} ${(pullWallMs / frames).toFixed(2).padStart(7)}`);
engine.dispose();
net.dispose();
process.exit(0);
