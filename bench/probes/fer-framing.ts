/**
 * Fits the two constants of the FER-style face patch (face-patch.ts FER_CENTRE, FER_SIDE) without
 * labels: the framing whose mean patch over real detected faces (the six talking-head clips at 2 fps
 * and the face photos in ../shared/data) correlates best with the mean FER2013 train crop. Patches
 * are 48x48 luma, each standardised within itself before averaging.
 *
 *   nice npx tsx bench/probes/fer-framing.ts
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeContext } from '../../main/core/context.ts';
import { createFaceObserver } from '../../main/core/features/visual/face-observer.ts';
import { PATCH_PX, ferFraming, samplePatch } from '../../main/core/features/visual/face-patch.ts';
import { hashSplit } from '../../main/core/dataset/holdout.ts';
import { sampleFrames } from '../../main/core/media/frames.ts';
import { decodeInProcess } from '../../main/core/media/still-image.ts';
import { PROJECT_ROOT } from '../../main/core/paths.ts';
import { listFer } from './fer-extract.ts';
import { FACE_IMAGE_HOLDOUT as FER_HOLDOUT } from '../../main/core/dataset/build-face-images.ts';

const DATA = path.resolve(PROJECT_ROOT, '..', 'shared', 'data');

function standardise(p: Float32Array): Float32Array {
  const m = p.reduce((a, b) => a + b, 0) / p.length;
  const sd = Math.sqrt(p.reduce((a, b) => a + (b - m) ** 2, 0) / p.length) + 1e-3;
  return p.map((v) => (v - m) / sd);
}

function corr(a: Float32Array, b: Float32Array): number {
  const sa = standardise(a);
  const sb = standardise(b);
  return sa.reduce((acc, v, i) => acc + v * sb[i]!, 0) / sa.length;
}

async function main(): Promise<void> {
  // mean FER train crop (whole image = the patch), no labels used
  const template = new Float32Array(PATCH_PX * PATCH_PX);
  let n = 0;
  for (const it of listFer(path.join(DATA, 'fer2013', 'train'))) {
    const bytes = readFileSync(it.file);
    if (hashSplit(bytes, FER_HOLDOUT) !== 'train') continue;
    const pic = decodeInProcess(bytes)!;
    const patch = samplePatch(pic, { cx: pic.width / 2, cy: pic.height / 2, width: pic.width, height: pic.height, angle: 0 });
    if (Math.max(...patch) === 0) continue; // the all-black images
    standardise(patch).forEach((v, i) => (template[i] = template[i]! + v));
    n++;
  }
  process.stderr.write(`FER train template from ${n} crops\n`);

  const observer = await createFaceObserver();
  const faces: { frame: { rgb: Uint8Array; width: number; height: number }; landmarks: Float32Array }[] = [];
  const ctx = makeContext();
  const videos = ['liveportrait_d20', 'video-retalking_face_1', 'video-retalking_face_2', 'video-retalking_face_3', 'video-retalking_face_4', 'video-retalking_face_5'];
  for (const v of videos) {
    for await (const fr of sampleFrames(path.join(DATA, 'videos', 'talking_heads', `${v}.mp4`), ctx, { fps: 2 })) {
      const obs = await observer.observe(fr);
      if (obs.landmarks) faces.push({ frame: fr, landmarks: obs.landmarks });
    }
  }
  for (const e of ['angry', 'disgusted', 'fearful', 'happy', 'neutral', 'sad', 'surprised']) {
    const pic = decodeInProcess(readFileSync(path.join(DATA, 'images', 'faces', `faceapi_${e}.jpg`)))!;
    const obs = await observer.observe(pic);
    if (obs.landmarks) faces.push({ frame: pic, landmarks: obs.landmarks });
  }
  observer.dispose();
  process.stderr.write(`${faces.length} detected faces\n`);

  const results: { centre: number; side: number; r: number }[] = [];
  for (let centre = 0.2; centre <= 0.801; centre += 0.05) {
    for (let side = 1.8; side <= 3.601; side += 0.1) {
      const mean = new Float32Array(PATCH_PX * PATCH_PX);
      for (const f of faces) standardise(samplePatch(f.frame, ferFraming(f.landmarks, centre, side))).forEach((v, i) => (mean[i] = mean[i]! + v));
      results.push({ centre: Number(centre.toFixed(2)), side: Number(side.toFixed(1)), r: corr(mean, template) });
    }
  }
  results.sort((a, b) => b.r - a.r);
  console.log('best framings (correlation of the mean face patch with the mean FER train crop):');
  for (const r of results.slice(0, 8)) console.log(`  centre ${r.centre.toFixed(2)}  side ${r.side.toFixed(1)}  r = ${r.r.toFixed(4)}`);
}

await main();
