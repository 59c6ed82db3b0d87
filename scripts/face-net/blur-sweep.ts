/**
 * The sweep that chose FER_BLUR_SIGMA (face-net.ts): for each blur, the face net's top class and
 * happy share s on the seven labelled photos, and the top-class counts over the six unlabelled
 * talking heads at 1 fps (framing as in the app). Output pasted in README.md.
 *
 *   nice npx tsx scripts/face-net/blur-sweep.ts
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeContext } from '../../main/core/context.ts';
import { createFaceObserver } from '../../main/core/features/visual/face-observer.ts';
import { FACE_NET_CLASSES } from '../../main/core/features/visual/face-net-info.ts';
import { faceNetInput, loadFaceNet } from '../../main/core/features/visual/face-net.ts';
import { FER_CENTRE, FER_SIDE, ferFraming } from '../../main/core/features/visual/face-patch.ts';
import type { RgbFrame } from '../../main/core/features/visual/face-engine.ts';
import { sampleFrames } from '../../main/core/media/frames.ts';
import { decodeInProcess } from '../../main/core/media/still-image.ts';
import { PROJECT_ROOT } from '../../main/core/paths.ts';
const DATA = process.env.CORRKD_SHARED_DATA ?? path.resolve(PROJECT_ROOT, '..', 'shared', 'data');
const CLIPS = ['liveportrait_d20', 'video-retalking_face_1', 'video-retalking_face_2', 'video-retalking_face_3', 'video-retalking_face_4', 'video-retalking_face_5'];
const PHOTOS = ['angry', 'disgusted', 'fearful', 'happy', 'neutral', 'sad', 'surprised'];
const observer = await createFaceObserver();
const net = loadFaceNet();
const items: { src: string; frame: RgbFrame; lm: ArrayLike<number> }[] = [];
for (const e of PHOTOS) {
  const pic = decodeInProcess(readFileSync(path.join(DATA, 'images', 'faces', `faceapi_${e}.jpg`)))!;
  const o = await observer.observe(pic);
  if (o.faceFound) items.push({ src: `photo:${e}`, frame: pic, lm: o.landmarks! });
}
const ctx = makeContext();
for (const c of CLIPS) for await (const fr of sampleFrames(path.join(DATA, 'videos', 'talking_heads', `${c}.mp4`), ctx, { fps: 1 })) {
  const o = await observer.observe(fr);
  if (o.faceFound) items.push({ src: `clip:${c}`, frame: { rgb: fr.rgb.slice(), width: fr.width, height: fr.height }, lm: Array.from(o.landmarks!) });
}
const H = FACE_NET_CLASSES.indexOf('happy');
const NEG = (['angry', 'disgust', 'fear', 'sad'] as const).map((c) => FACE_NET_CLASSES.indexOf(c));
const input = (it: (typeof items)[number], sigma: number, side: number, centre: number) => faceNetInput(it.frame, ferFraming(it.lm, centre, side), sigma);
for (const sigma of [0, 2, 3, 3.5, 4, 4.5, 5, 6]) for (const side of [FER_SIDE]) for (const centre of [FER_CENTRE]) {
  const ps = net.predict(items.map((it) => input(it, sigma, side, centre)));
  const photos = items.map((it, i) => [it, ps[i]!] as const).filter(([it]) => it.src.startsWith('photo')).map(([it, p]) => `${it.src.slice(6, 9)}:${FACE_NET_CLASSES[p.indexOf(Math.max(...p))]!.slice(0, 3)}/${(p[H]! / (p[H]! + NEG.reduce((a, c) => a + p[c]!, 0))).toFixed(2)}`).join(' ');
  const clip = ps.filter((_, i) => items[i]!.src.startsWith('clip'));
  const tops: Record<string, number> = {};
  for (const p of clip) { const t = FACE_NET_CLASSES[p.indexOf(Math.max(...p))]!.slice(0, 3); tops[t] = (tops[t] ?? 0) + 1; }
  console.log(`sigma ${sigma} side ${side} centre ${centre} | ${photos} | clips: ${Object.entries(tops).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')}`);
}
