/**
 * Do FER-trained face features mean the same on video? Reads fer-extract.ts's file for the FER
 * statistics, extracts visual-v1 and visual-v2 from the six talking-head clips (2 fps) and the
 * labelled face photos (faceapi_<expression>.jpg) with the detectors, as analyze would, and reports:
 * - the top expression per photo and per clip;
 * - per dimension: FER train mean/std, and the video/photo values after standardising with those
 *   (mean, std, min, max, share with |z| > 3): the ranges must overlap for a FER-trained model;
 * - the happy-vs-negative probe fitted on FER train (lambda chosen on valid, fer-probe.ts) applied to
 *   the photos and clips: its P(happy).
 *
 *   nice npx tsx bench/probes/fer-video-compare.ts [--features tmp/fer-features.json] [--fps 2]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { makeContext } from '../../main/core/context.ts';
import { EXPRESSIONS } from '../../main/core/features/visual/expressions.ts';
import { createFaceObserver } from '../../main/core/features/visual/face-observer.ts';
import { visualV1Vector } from '../../main/core/features/visual/visual-v1.ts';
import { VISUAL_V1_DIMS } from '../../main/core/features/visual/visual-v1-dims.ts';
import { visualV2Vector } from '../../main/core/features/visual/visual-v2.ts';
import { VISUAL_V2_DIMS } from '../../main/core/features/visual/visual-v2-dims.ts';
import { sampleFrames } from '../../main/core/media/frames.ts';
import { decodeInProcess } from '../../main/core/media/still-image.ts';
import { PROJECT_ROOT } from '../../main/core/paths.ts';
import type { FerRecord } from './fer-extract.ts';
import { binaryProbe, probeRecords } from './fer-probe.ts';
import { fitBinary, standardiser } from './fer-logistic.ts';

const DATA = path.resolve(PROJECT_ROOT, '..', 'shared', 'data');
const CLIPS = ['liveportrait_d20', 'video-retalking_face_1', 'video-retalking_face_2', 'video-retalking_face_3', 'video-retalking_face_4', 'video-retalking_face_5'];
const PHOTOS = ['angry', 'disgusted', 'fearful', 'happy', 'neutral', 'sad', 'surprised'];
const NEGATIVE = new Set(['sad', 'angry', 'fear', 'disgust']);

interface Obs {
  source: string;
  v1: number[];
  v2: number[];
}

function top(v2: number[]): string {
  const l = v2.slice(0, 7);
  return EXPRESSIONS[l.indexOf(Math.max(...l))]!;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { features: { type: 'string', default: path.join(PROJECT_ROOT, 'tmp', 'fer-features.json') }, fps: { type: 'string', default: '2' } } });
  const { records } = probeRecords(JSON.parse(readFileSync(values.features!, 'utf8')) as FerRecord[]);
  const train = records.filter((r) => r.split === 'train');

  const observer = await createFaceObserver();
  const obs: Obs[] = [];
  for (const e of PHOTOS) {
    const pic = decodeInProcess(readFileSync(path.join(DATA, 'images', 'faces', `faceapi_${e}.jpg`)))!;
    const o = await observer.observe(pic);
    if (o.faceFound) obs.push({ source: `photo ${e}`, v1: [...visualV1Vector(o)], v2: [...visualV2Vector(o, pic)] });
  }
  const ctx = makeContext();
  for (const c of CLIPS) {
    for await (const fr of sampleFrames(path.join(DATA, 'videos', 'talking_heads', `${c}.mp4`), ctx, { fps: Number(values.fps) })) {
      const o = await observer.observe(fr);
      if (o.faceFound) obs.push({ source: c, v1: [...visualV1Vector(o)], v2: [...visualV2Vector(o, fr)] });
    }
  }
  observer.dispose();

  console.log('top expression (face-api, on the detected face):');
  for (const o of obs.filter((x) => x.source.startsWith('photo'))) console.log(`  ${o.source.padEnd(16)} ${top(o.v2)}`);
  for (const c of CLIPS) {
    const t: Record<string, number> = {};
    const fr = obs.filter((o) => o.source === c);
    for (const o of fr) t[top(o.v2)] = (t[top(o.v2)] ?? 0) + 1;
    console.log(`  ${c.padEnd(24)} ${fr.length} frames: ${Object.entries(t).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }

  const compare = (name: string, dims: readonly { name: string }[], pick: (r: { v1: number[]; v2: number[] }) => number[]) => {
    const st = standardiser(train.map((r) => Float64Array.from(pick(r))));
    const z = obs.map((o) => pick(o).map((v, j) => (v - st.mean[j]!) / st.std[j]!));
    console.log(`\n${name}: video/photo values standardised with the FER train mean/std (${obs.length} faces)`);
    console.log('| dim | FER mean | FER std | z mean | z std | z min | z max | share |z|>3 |\n|---|---|---|---|---|---|---|---|');
    dims.forEach((d, j) => {
      const col = z.map((r) => r[j]!);
      const m = col.reduce((a, b) => a + b, 0) / col.length;
      const s = Math.sqrt(col.reduce((a, b) => a + (b - m) ** 2, 0) / col.length);
      const out = col.filter((v) => Math.abs(v) > 3).length / col.length;
      console.log(`| ${d.name} | ${st.mean[j]!.toFixed(3)} | ${st.std[j]!.toFixed(3)} | ${m.toFixed(2)} | ${s.toFixed(2)} | ${Math.min(...col).toFixed(1)} | ${Math.max(...col).toFixed(1)} | ${(100 * out).toFixed(0)}% |`);
    });
  };
  // the raw AU means of the detected faces: visual-v2's NOT_READ.au values (rounded to 2 decimals)
  const au = VISUAL_V2_DIMS.map((d, j) => [d.name, j] as const).filter(([n]) => n.startsWith('au_'));
  console.log(`\nAU geometry, mean over the ${obs.length} detected faces: ${au.map(([n, j]) => `${n} ${(obs.reduce((a, o) => a + o.v2[j]!, 0) / obs.length).toFixed(3)}`).join(', ')}`);
  compare('visual-v1', VISUAL_V1_DIMS, (r) => r.v1);
  compare('visual-v2', VISUAL_V2_DIMS, (r) => r.v2);

  // the FER-trained happy-vs-negative probe on the photos and clips
  const chosen = binaryProbe(records, 'visual-v2');
  const sub = train.filter((r) => r.emotion === 'happy' || NEGATIVE.has(r.emotion));
  const st = standardiser(sub.map((r) => Float64Array.from(r.v2)));
  const m = fitBinary(st.apply(sub.map((r) => Float64Array.from(r.v2))), Uint8Array.from(sub, (r) => (r.emotion === 'happy' ? 1 : 0)), chosen.lambda);
  const pHappy = (v: number[]) => {
    const x = st.apply([Float64Array.from(v)])[0]!;
    let zz = m.b;
    x.forEach((xv, k) => (zz += m.w[k]! * xv));
    return 1 / (1 + Math.exp(-zz));
  };
  console.log(`\nFER-trained happy-vs-negative probe (visual-v2, lambda ${chosen.lambda}, balanced classes) on real faces: P(happy)`);
  for (const o of obs.filter((x) => x.source.startsWith('photo'))) console.log(`  ${o.source.padEnd(16)} ${pHappy(o.v2).toFixed(2)}`);
  for (const c of CLIPS) {
    const ps = obs.filter((o) => o.source === c).map((o) => pHappy(o.v2));
    console.log(`  ${c.padEnd(24)} mean ${(ps.reduce((a, b) => a + b, 0) / ps.length).toFixed(2)} (min ${Math.min(...ps).toFixed(2)}, max ${Math.max(...ps).toFixed(2)})`);
  }
}

await main();
