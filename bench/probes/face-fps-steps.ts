/**
 * Probe (not a test): what the face sampling rate does to the model's visual steps. For the six
 * shared talking heads, tracked visual-v3 features (this process, one wasm thread) at several rates
 * are aligned to the steps the model reads (alignToSteps: 300 ms windows, as without a transcript,
 * and 400 ms, about one spoken word at 2.5 words/s), and each step is compared with the same step at
 * 10 fps (the reference: 3-4 frames averaged per step).
 *   npx tsx bench/probes/face-fps-steps.ts [--rates=10,5,4,3.33,2.5]
 * Prints per rate: mean absolute step error per dims group vs 10 fps, the share of steps whose
 * face-net top class equals 10 fps's, and CPU ms per second of video; for scale, the mean absolute
 * change between neighbouring 10 fps steps.
 */
import { makeContext } from '../../main/core/context.ts';
import { alignToSteps } from '../../main/core/align/steps.ts';
import { EXTRACTORS } from '../../main/core/features/extractors.ts';
import { createVisualExtractor } from '../../main/core/features/visual/visual-extractors.ts';
import { extractVisualSeries } from '../../main/core/features/visual/visual-series.ts';
import { VISUAL_V2_DIM } from '../../main/core/features/visual/visual-v2-dims.ts';
import { sampleFrames } from '../../main/core/media/frames.ts';
import { probeMedia } from '../../main/core/media/probe.ts';
import type { StepMatrix } from '../../main/core/types.ts';
import { dataPath, TALKING_HEADS } from '../../test/helpers/data.ts';

const rates = (process.argv.find((a) => a.startsWith('--rates='))?.slice(8) ?? '10,5,4,3.33,2.5').split(',').map(Number);
const ctx = makeContext();
const ex = await createVisualExtractor(EXTRACTORS.visual.id);
const D = ex.dim;
const GROUPS: Record<string, [number, number]> = { expr: [0, 7], au: [7, 15], patch: [15, VISUAL_V2_DIM], fer: [VISUAL_V2_DIM, D] };
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

type Acc = { abs: Record<string, number>; steps: number; sameTop: number; cpu: number; video: number };
const acc = new Map<string, Acc>();
const neighbour: Record<string, number> = { expr: 0, au: 0, patch: 0, fer: 0 };
let neighbourN = 0;
for (const rel of TALKING_HEADS) {
  const clip = dataPath(rel);
  const info = await probeMedia(clip, ctx);
  const steps = new Map<number, Record<number, StepMatrix>>();
  for (const fps of rates) {
    const c = cpuMs();
    const { series } = await extractVisualSeries(sampleFrames(clip, ctx, { fps, info }), ctx, { extractor: ex });
    const cpu = cpuMs() - c;
    const byLen: Record<number, StepMatrix> = {};
    for (const len of [0.3, 0.4]) {
      const words = [];
      for (let t = 0; t + len <= info.durationSec + 1e-9; t += len) words.push({ start: t, end: t + len, text: 'w' });
      byLen[len] = alignToSteps({ start: 0, end: info.durationSec, text: '', words }, series, words.length, D);
    }
    steps.set(fps, byLen);
    for (const len of [0.3, 0.4]) {
      const key = `${fps}@${len}`;
      const a = acc.get(key) ?? { abs: { expr: 0, au: 0, patch: 0, fer: 0 }, steps: 0, sameTop: 0, cpu: 0, video: 0 };
      if (len === 0.3) {
        a.cpu += cpu;
        a.video += info.durationSec;
      }
      acc.set(key, a);
    }
  }
  const ref = steps.get(rates[0]!)!;
  for (const fps of rates.slice(1)) {
    for (const len of [0.3, 0.4]) {
      const a = acc.get(`${fps}@${len}`)!;
      const r = ref[len]!;
      const m = steps.get(fps)![len]!;
      for (let s = 0; s < r.steps; s++) {
        if (!r.stepMask[s] || !m.stepMask[s]) continue;
        a.steps++;
        for (const [g, [from, to]] of Object.entries(GROUPS)) {
          let e = 0;
          for (let d = from; d < to; d++) e += Math.abs(r.data[s * D + d]! - m.data[s * D + d]!);
          a.abs[g]! += e / (to - from);
        }
        const top = (x: Float32Array) => {
          let b = VISUAL_V2_DIM;
          for (let d = VISUAL_V2_DIM; d < D; d++) if (x[s * D + d]! > x[s * D + b]!) b = d;
          return b;
        };
        if (top(r.data) === top(m.data)) a.sameTop++;
      }
    }
  }
  const r = ref[0.3]!;
  for (let s = 1; s < r.steps; s++) {
    if (!r.stepMask[s] || !r.stepMask[s - 1]) continue;
    neighbourN++;
    for (const [g, [from, to]] of Object.entries(GROUPS)) {
      let e = 0;
      for (let d = from; d < to; d++) e += Math.abs(r.data[s * D + d]! - r.data[(s - 1) * D + d]!);
      neighbour[g]! += e / (to - from);
    }
  }
}
console.log(`reference ${rates[0]} fps; ${EXTRACTORS.visual.id} tracked; step error = mean |step - reference step| per dim of the group`);
console.log('fps | step | steps | expr | au | patch | fer | same face-net top % | CPU ms per s of video');
for (const fps of rates) {
  for (const len of [0.3, 0.4]) {
    const a = acc.get(`${fps}@${len}`)!;
    const n = Math.max(1, a.steps);
    console.log([fps, `${len * 1000} ms`, a.steps, ...Object.keys(GROUPS).map((g) => (a.abs[g]! / n).toFixed(4)), a.steps ? ((100 * a.sameTop) / n).toFixed(0) : '-', len === 0.3 ? (a.cpu / a.video).toFixed(0) : ''].join(' | '));
  }
}
console.log(`neighbouring 300 ms steps at ${rates[0]} fps differ by: ${Object.keys(GROUPS).map((g) => `${g} ${(neighbour[g]! / neighbourN).toFixed(4)}`).join(', ')}`);
ex.dispose();
process.exit(0);
