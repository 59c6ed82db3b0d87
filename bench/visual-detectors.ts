/**
 * Benchmark (not a test): visual-v1 speed and detection rate per detector and downscale.
 *   npx tsx bench/visual-detectors.ts [--no-simd] [--quick] [--memory [--detector=ID]] [--only=LABEL-PART]
 * Frames: the 640x360 sample clip at 1 fps + the six talking-head clips at 2 fps (scaled to 640 px).
 * fps = 1 / median CPU time per frame of this process (one wasm thread, so close to the uncontended
 * rate on a busy shared machine), plus the wall-clock rate (see README for recorded figures).
 */
import * as tf from '@tensorflow/tfjs';
import { initTfWasm } from '../main/core/features/visual/tf-wasm-backend.ts';
import { createVisualV1 } from '../main/core/features/visual/visual-v1.ts';
import type { FaceDetectorId } from '../main/core/features/visual/face-engine.ts';
import { dataPath, TALKING_HEADS } from '../test/helpers/data.ts';
import { readdirSync } from 'node:fs';
import { type RgbFrame, decodeImageRgb, decodeVideoRgb } from '../test/unit/core/features/visual/decode-helper.ts';

const simd = !process.argv.includes('--no-simd');
const memoryOnly = process.argv.includes('--memory');
const quick = process.argv.includes('--quick');
const info = await initTfWasm({ simd });

if (memoryOnly) {
  // Memory of one engine: RSS before the models, after loading, and after 30 frames of a 640x360 clip.
  const mib = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MiB`;
  const frames = await decodeVideoRgb(dataPath('videos/sample/pyfeat_WolfgangLanger_Pexels.mp4'), 1.5, 640);
  // One detector per process (--detector=tiny+ssd|ssd|tiny): the wasm heap only grows, never shrinks.
  const arg = process.argv.find((x) => x.startsWith('--detector='))?.slice(11) ?? 'tiny+ssd';
  for (const detector of [arg as FaceDetectorId]) {
    const r0 = process.memoryUsage().rss;
    const ex = await createVisualV1({ detector });
    const r1 = process.memoryUsage().rss;
    const m1 = tf.memory();
    for (const f of frames) await ex.extract(f);
    const r2 = process.memoryUsage().rss;
    console.log(`${detector}: rss before ${mib(r0)}, after load ${mib(r1)} (weights ${mib(m1.numBytes)} in ${m1.numTensors} tensors), after ${frames.length} frames ${mib(r2)}, tensors ${tf.memory().numTensors}`);
    ex.dispose();
  }
  process.exit(0);
}

const sample = await decodeVideoRgb(dataPath('videos/sample/pyfeat_WolfgangLanger_Pexels.mp4'), 1, 640);
const heads: RgbFrame[] = [];
for (const clip of TALKING_HEADS) heads.push(...(await decodeVideoRgb(dataPath(clip), 2, 640)));
const imageDir = dataPath('images/faces');
const images: RgbFrame[] = [];
for (const f of readdirSync(imageDir).sort()) images.push(await decodeImageRgb(`${imageDir}/${f}`));
const sets = {
  'face photos': images, 'sample 640x360': quick ? sample.slice(0, 8) : sample, 'talking heads 640x640': quick ? heads.slice(0, 12) : heads };

const configs: Array<{ label: string; detector: FaceDetectorId; maxSide: number; tinyInputSize?: number }> = [
  { label: 'ssd (512 net input), detect at 640', detector: 'ssd', maxSide: 640 },
  { label: 'ssd (512 net input), detect at 320', detector: 'ssd', maxSide: 320 },
  { label: 'tiny 416, detect at 640', detector: 'tiny', maxSide: 640, tinyInputSize: 416 },
  { label: 'tiny 416, detect at 320', detector: 'tiny', maxSide: 320, tinyInputSize: 416 },
  { label: 'tiny 320, detect at 640', detector: 'tiny', maxSide: 640, tinyInputSize: 320 },
  { label: 'tiny 224, detect at 640', detector: 'tiny', maxSide: 640, tinyInputSize: 224 },
  { label: 'tiny 224, detect at 320', detector: 'tiny', maxSide: 320, tinyInputSize: 224 },
  { label: 'tiny 224 + ssd fallback (default), detect at 640', detector: 'tiny+ssd', maxSide: 640, tinyInputSize: 224 },
  { label: 'tiny 224 + ssd fallback, detect at 320', detector: 'tiny+ssd', maxSide: 320, tinyInputSize: 224 },
];
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const selected = only ? configs.filter((c) => c.label.includes(only)) : configs;

console.log(`backend ${info.backend} tfjs ${info.tfjsVersion} simd=${info.simd} threads=${info.threads}`);
for (const c of selected) {
  const ex = await createVisualV1({ detector: c.detector, maxSide: c.maxSide, ...(c.tinyInputSize ? { tinyInputSize: c.tinyInputSize } : {}) });
  await ex.extract(sample[0]!); // warm-up: first run compiles kernels / allocates
  const parts: string[] = [];
  for (const [name, frames] of Object.entries(sets)) {
    let found = 0;
    let faces = 0;
    const cpuMs: number[] = [];
    const t0 = performance.now();
    for (const f of frames) {
      const c0 = process.cpuUsage();
      const r = await ex.extract(f);
      const cu = process.cpuUsage(c0);
      cpuMs.push((cu.user + cu.system) / 1000);
      if (r.faceFound) found++;
      faces += r.faces;
    }
    const wall = (performance.now() - t0) / 1000;
    cpuMs.sort((x, y) => x - y);
    const median = cpuMs[Math.floor(cpuMs.length / 2)]!;
    const mean = cpuMs.reduce((x, y) => x + y, 0) / cpuMs.length;
    parts.push(
      `${name}: ${(1000 / median).toFixed(1)} fps (CPU ms/frame median ${median.toFixed(0)}, mean ${mean.toFixed(0)}; wall ${(frames.length / wall).toFixed(1)} fps), face in ${found}/${frames.length}, ${faces} faces`,
    );
  }
  ex.dispose();
  const mem = process.memoryUsage();
  console.log(`${c.label} | ${parts.join(' | ')} | rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, tensors ${tf.memory().numTensors}`);
}
