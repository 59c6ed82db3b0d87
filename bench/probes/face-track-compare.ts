/**
 * Probe (not a test): the face tracker (face-tracker.ts) against detection on every frame, on the six
 * shared talking heads, with the app's extractor (EXTRACTORS.visual) in this process.
 *   npx tsx bench/probes/face-track-compare.ts [--fps=5] [--redetect=10] [--reps=1]
 * Frames: the product's sampler (sampleFrames, 640 px), decoded once per clip and fed to both modes.
 * Per clip: per-dimension mean absolute error of tracked vs every-frame vectors (frames where both
 * found a face), share of frames with the same face-net top class (dims 79-85) and the same face-api
 * top expression (dims 0-6), same valid flag, same usability verdict (pipeline/evidence.ts), and CPU
 * ms per frame of each mode (one wasm thread; the two modes alternate clip by clip, `--reps` times,
 * so load on the shared machine hits both alike). Also the cut statistics: thumbnail MAD between
 * consecutive frames of a clip, and between the last frame of one clip and the first of another.
 */
import { makeContext } from '../../main/core/context.ts';
import { EXTRACTORS } from '../../main/core/features/extractors.ts';
import { thumbnail, thumbnailMad } from '../../main/core/features/visual/face-tracker.ts';
import { createVisualExtractor } from '../../main/core/features/visual/visual-extractors.ts';
import { extractVisualSeries, type TimedRgbFrame, type VisualSeriesResult } from '../../main/core/features/visual/visual-series.ts';
import { VISUAL_V3_DIMS } from '../../main/core/features/visual/visual-v3-dims.ts';
import { sampleFrames } from '../../main/core/media/frames.ts';
import { probeMedia } from '../../main/core/media/probe.ts';
import { visualEvidence } from '../../main/core/pipeline/evidence.ts';
import { dataPath, TALKING_HEADS } from '../../test/helpers/data.ts';

const arg = (k: string, d: number) => Number(process.argv.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3) ?? d);
const fps = arg('fps', 5);
const redetectEvery = arg('redetect', 10);
const reps = arg('reps', 1);
const ctx = makeContext();
const ex = await createVisualExtractor(EXTRACTORS.visual.id);
const D = ex.dim;

async function* feed(frames: TimedRgbFrame[]): AsyncGenerator<TimedRgbFrame> {
  for (const f of frames) yield f;
}
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const argmax = (a: Float32Array, from: number, n: number) => {
  let b = from;
  for (let i = from; i < from + n; i++) if (a[i]! > a[b]!) b = i;
  return b - from;
};

// warm-up (first frames compile kernels)
{
  const clip = dataPath(TALKING_HEADS[0]!);
  const fr: TimedRgbFrame[] = [];
  for await (const f of sampleFrames(clip, ctx, { fps: 1 })) fr.push(f);
  await extractVisualSeries(feed(fr), ctx, { extractor: ex, track: { detectEveryFrame: true } });
}

const sumAbs = new Float64Array(D);
let nBoth = 0;
const cpu = { every: 0, track: 0 };
let frames = 0;
const within: number[] = [];
const sides: number[] = [];
const shifts: number[] = [];
const scales: number[] = [];
const firstLast: Array<{ first: Float32Array; last: Float32Array }> = [];
const rows: string[] = [];
for (const rel of TALKING_HEADS) {
  const clip = dataPath(rel);
  const media = await probeMedia(clip, ctx);
  const fr: TimedRgbFrame[] = [];
  for await (const f of sampleFrames(clip, ctx, { fps, info: media })) fr.push({ time: f.time, rgb: f.rgb, width: f.width, height: f.height });
  const thumbs = fr.map(thumbnail);
  for (let i = 1; i < thumbs.length; i++) within.push(thumbnailMad(thumbs[i - 1]!, thumbs[i]!));
  firstLast.push({ first: thumbs[0]!, last: thumbs.at(-1)! });
  // how far the face box (around the landmarks) moves between consecutive frames, detected on each
  const boxes = (await ex.extractRun(fr, 'off', { detectEveryFrame: true })).map((r) => r.faceBox);
  for (let i = 1; i < boxes.length; i++) {
    const a = boxes[i - 1];
    const b = boxes[i];
    if (!a || !b) continue;
    const side = (a.width + a.height) / 2;
    shifts.push(Math.hypot(b.x + b.width / 2 - a.x - a.width / 2, b.y + b.height / 2 - a.y - a.height / 2) / side);
    const k = Math.sqrt((b.width * b.height) / (a.width * a.height));
    scales.push(Math.max(k, 1 / k));
  }
  let every!: VisualSeriesResult;
  let tracked!: VisualSeriesResult;
  for (let r = 0; r < reps; r++) {
    let c = cpuMs();
    every = await extractVisualSeries(feed(fr), ctx, { extractor: ex, track: { detectEveryFrame: true } });
    cpu.every += cpuMs() - c;
    c = cpuMs();
    tracked = await extractVisualSeries(feed(fr), ctx, { extractor: ex, track: { redetectEvery } });
    cpu.track += cpuMs() - c;
  }
  frames += fr.length * reps;
  every.quality.faceSidePx.forEach((v, i) => every.quality.faceFound[i] && sides.push(v / fr[i]!.width));
  let sameFer = 0;
  let sameExpr = 0;
  let sameValid = 0;
  let both = 0;
  const clipAbs = new Float64Array(D);
  for (let i = 0; i < fr.length; i++) {
    const a = every.series.data.subarray(i * D, (i + 1) * D);
    const b = tracked.series.data.subarray(i * D, (i + 1) * D);
    if (every.series.valid[i] === tracked.series.valid[i]) sameValid++;
    if (!(every.quality.faceFound[i] && tracked.quality.faceFound[i])) continue;
    both++;
    for (let d = 0; d < D; d++) clipAbs[d]! += Math.abs(a[d]! - b[d]!);
    if (argmax(a, 79, 7) === argmax(b, 79, 7)) sameFer++;
    if (argmax(a, 0, 7) === argmax(b, 0, 7)) sameExpr++;
  }
  for (let d = 0; d < D; d++) sumAbs[d]! += clipAbs[d]!;
  nBoth += both;
  const verdict = (v: VisualSeriesResult) => visualEvidence(media, { ...v, crop: 'off', fromCache: false }).verdict;
  const ve = verdict(every);
  const vt = verdict(tracked);
  const detections = tracked.quality.detected.reduce((x, y) => x + y, 0);
  const mean = (from: number, to: number) => {
    let s = 0;
    for (let d = from; d < to; d++) s += clipAbs[d]!;
    return s / ((to - from) * Math.max(1, both));
  };
  rows.push(
    [rel.split('/').at(-1), fr.length, detections, `${both}`, ((100 * sameFer) / both).toFixed(0), ((100 * sameExpr) / both).toFixed(0), `${sameValid}/${fr.length}`, `${ve.usable}/${vt.usable}`, mean(0, 7).toFixed(4), mean(7, 15).toFixed(4), mean(15, 79).toFixed(4), mean(79, 86).toFixed(4)].join(' | '),
  );
}
console.log(`fps ${fps}, re-detect every ${redetectEvery}; ${EXTRACTORS.visual.id}`);
console.log('clip | frames | detections (tracked) | both found | same face-net top % | same face-api top % | same valid | usable every/tracked | MAE expr 0-6 | MAE au 7-14 | MAE patch 15-78 | MAE fer 79-85');
for (const r of rows) console.log(r);
console.log(`CPU ms/frame: every frame ${(cpu.every / frames).toFixed(1)}, tracked ${(cpu.track / frames).toFixed(1)} (${(cpu.every / cpu.track).toFixed(2)}x), ${frames} frames per mode`);
const mae = Array.from(sumAbs, (s) => s / nBoth);
const order = mae.map((v, d) => [v, d] as const).sort((x, y) => y[0] - x[0]);
console.log(`per-dim MAE over ${nBoth} frames, largest 12: ${order.slice(0, 12).map(([v, d]) => `${VISUAL_V3_DIMS[d]!.name} ${v.toFixed(4)}`).join(', ')}`);
console.log(`per-dim MAE all: ${mae.map((v) => v.toFixed(4)).join(' ')}`);
const cross: number[] = [];
for (let i = 0; i < firstLast.length; i++) for (let j = 0; j < firstLast.length; j++) if (i !== j) cross.push(thumbnailMad(firstLast[i]!.last, firstLast[j]!.first));
within.sort((x, y) => x - y);
cross.sort((x, y) => x - y);
const pct = (a: number[], p: number) => a[Math.min(a.length - 1, Math.floor(p * a.length))]!;
console.log(`thumbnail MAD consecutive frames: n ${within.length}, median ${pct(within, 0.5).toFixed(4)}, p99 ${pct(within, 0.99).toFixed(4)}, max ${within.at(-1)!.toFixed(4)}`);
console.log(`thumbnail MAD across clips (last of one, first of another): n ${cross.length}, min ${cross[0]!.toFixed(4)}, median ${pct(cross, 0.5).toFixed(4)}`);
sides.sort((x, y) => x - y);
console.log(`face box shorter side / frame width: min ${sides[0]!.toFixed(2)}, median ${pct(sides, 0.5).toFixed(2)}, max ${sides.at(-1)!.toFixed(2)}`);
shifts.sort((x, y) => x - y);
scales.sort((x, y) => x - y);
console.log(`face box between consecutive frames (detected on each): centre shift / side median ${pct(shifts, 0.5).toFixed(3)}, p99 ${pct(shifts, 0.99).toFixed(3)}, max ${shifts.at(-1)!.toFixed(3)}; size ratio median ${pct(scales, 0.5).toFixed(3)}, p99 ${pct(scales, 0.99).toFixed(3)}, max ${scales.at(-1)!.toFixed(3)}`);
ex.dispose();
process.exit(0);
