/**
 * Does face-net-v1, trained on FER2013's blurred crops, read faces outside FER? Runs visual-v3 as
 * analyze does (detectors, FER framing from the landmarks, blur to FER's) on the labelled face photos
 * (../shared/data/images/faces/faceapi_<expression>.jpg) and on the six talking heads (2 fps), and
 * prints per photo the net's top class and s = p(happy) / (p(happy) + p(angry, disgust, fear, sad)),
 * per clip the mean of s and the share of frames per top class. Also with the blur off, to show
 * what the FER blur does on sharp faces.
 *
 *   nice npx tsx scripts/face-net/transfer.ts [--fps 2]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { makeContext } from '../../main/core/context.ts';
import { createFaceObserver } from '../../main/core/features/visual/face-observer.ts';
import { FACE_NET_CLASSES } from '../../main/core/features/visual/face-net-info.ts';
import { faceNetInput, loadFaceNet } from '../../main/core/features/visual/face-net.ts';
import { ferFraming } from '../../main/core/features/visual/face-patch.ts';
import type { RgbFrame } from '../../main/core/features/visual/face-engine.ts';
import { sampleFrames } from '../../main/core/media/frames.ts';
import { decodeInProcess } from '../../main/core/media/still-image.ts';
import { PROJECT_ROOT } from '../../main/core/paths.ts';

const DATA = process.env.CORRKD_SHARED_DATA ?? path.resolve(PROJECT_ROOT, '..', 'shared', 'data');
const CLIPS = ['liveportrait_d20', 'video-retalking_face_1', 'video-retalking_face_2', 'video-retalking_face_3', 'video-retalking_face_4', 'video-retalking_face_5'];
const PHOTOS = ['angry', 'disgusted', 'fearful', 'happy', 'neutral', 'sad', 'surprised'];
const H = FACE_NET_CLASSES.indexOf('happy');
const NEG = (['angry', 'disgust', 'fear', 'sad'] as const).map((c) => FACE_NET_CLASSES.indexOf(c));
const share = (p: Float32Array) => p[H]! / (p[H]! + NEG.reduce((a, c) => a + p[c]!, 0));
const topOf = (p: Float32Array) => FACE_NET_CLASSES[p.indexOf(Math.max(...p))]!;

const { values } = parseArgs({ options: { fps: { type: 'string', default: '2' } } });
const observer = await createFaceObserver();
const net = loadFaceNet();
const read = (frame: RgbFrame, lm: ArrayLike<number>) => {
  const [blurred, sharp] = net.predict([faceNetInput(frame, ferFraming(lm)), faceNetInput(frame, ferFraming(lm), 0)]);
  return { blurred: blurred!, sharp: sharp! };
};

console.log('| photo | top class (FER blur) | s (FER blur) | top class (no blur) | s (no blur) |\n|---|---|---|---|---|');
for (const e of PHOTOS) {
  const pic = decodeInProcess(readFileSync(path.join(DATA, 'images', 'faces', `faceapi_${e}.jpg`)))!;
  const o = await observer.observe(pic);
  if (!o.faceFound) {
    console.log(`| ${e} | no face | | | |`);
    continue;
  }
  const r = read(pic, o.landmarks!);
  console.log(`| ${e} | ${topOf(r.blurred)} | ${share(r.blurred).toFixed(2)} | ${topOf(r.sharp)} | ${share(r.sharp).toFixed(2)} |`);
}
const ctx = makeContext();
console.log('\n| clip | frames with a face | mean s (FER blur) | mean s (no blur) | top classes (FER blur) |\n|---|---|---|---|---|');
for (const c of CLIPS) {
  const ss: number[] = [];
  const sharp: number[] = [];
  const tops: Record<string, number> = {};
  for await (const fr of sampleFrames(path.join(DATA, 'videos', 'talking_heads', `${c}.mp4`), ctx, { fps: Number(values.fps) })) {
    const o = await observer.observe(fr);
    if (!o.faceFound) continue;
    const r = read(fr, o.landmarks!);
    ss.push(share(r.blurred));
    sharp.push(share(r.sharp));
    tops[topOf(r.blurred)] = (tops[topOf(r.blurred)] ?? 0) + 1;
  }
  const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / Math.max(1, a.length);
  const t = Object.entries(tops).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${Math.round((100 * n) / ss.length)} %`).join(', ');
  console.log(`| ${c} | ${ss.length} | ${mean(ss).toFixed(2)} | ${mean(sharp).toFixed(2)} | ${t} |`);
}
observer.dispose();
net.dispose();
