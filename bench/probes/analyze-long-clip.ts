/**
 * Probe (not a test): one analysis of a clip of 10 s or more (issue 11's target), detection on every
 * frame vs tracking with 1 and 2 face workers.
 *   npx tsx bench/probes/analyze-long-clip.ts [--reps=4] [--clip=FILE]
 * Default clip: talking heads 1 and 4 (with their audio) cut together into a 12.8 s file in a temp
 * folder. Warm: one set of workers per configuration, warmed by one analysis, then the configurations
 * take turns (order reversed every other round). Fresh: a new set of workers for every analysis (the
 * workers' start-up included, as for one clip from the CLI; this process's own modules stay loaded).
 * No feature cache. Prints medians and each run, x real time, and the verdicts and score.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { makeContext } from '../../main/core/context.ts';
import { ffmpegPath } from '../../main/core/media/ffmpeg-paths.ts';
import { analyzeClip, type AnalyzeOptions } from '../../main/core/pipeline/analyze-clip.ts';
import { createPipelineWorkers } from '../../main/core/pipeline/worker-pools.ts';
import { dataPath } from '../../test/helpers/data.ts';

const reps = Number(process.argv.find((a) => a.startsWith('--reps='))?.slice(7) ?? 4);
let clip = process.argv.find((a) => a.startsWith('--clip='))?.slice(7);
const dir = mkdtempSync(path.join(tmpdir(), 'corrkd-long-'));
if (!clip) {
  clip = path.join(dir, 'long.mp4');
  const [a, b] = ['video-retalking_face_1.mp4', 'video-retalking_face_4.mp4'].map((f) => dataPath('videos/talking_heads', f));
  execFileSync(ffmpegPath(), ['-nostdin', '-v', 'error', '-i', a!, '-i', b!, '-filter_complex', '[0:v][0:a][1:v][1:a]concat=n=2:v=1:a=1[v][a]', '-map', '[v]', '-map', '[a]', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-c:a', 'aac', clip]);
}
const CONFIGS: Array<{ label: string; threads: number; opts: AnalyzeOptions }> = [
  { label: 'detection on every frame, 1 face worker', threads: 1, opts: { cache: null, track: { detectEveryFrame: true } } },
  { label: 'tracking, 1 face worker', threads: 1, opts: { cache: null } },
  { label: 'tracking, 2 face workers', threads: 2, opts: { cache: null } },
];
const base = makeContext();
const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
let duration = 0;
const summary: string[] = [];

const warm = CONFIGS.map((c) => ({ ...c, ctx: { ...base, workers: createPipelineWorkers({ visualThreads: c.threads }) }, runs: [] as number[], result: '' }));
for (const s of warm) await analyzeClip(clip, s.ctx, s.opts);
for (let r = 0; r < reps; r++) {
  for (const s of r % 2 ? [...warm].reverse() : warm) {
    const t = performance.now();
    const res = await analyzeClip(clip, s.ctx, s.opts);
    s.runs.push((performance.now() - t) / 1000);
    duration = res.durationSec;
    s.result = `${Object.entries(res.modalities).map(([k, m]) => `${k} ${m.usable ? 'usable' : 'unusable'}`).join(', ')}; score ${res.score?.toFixed(3) ?? "none"}`;
  }
}
for (const s of warm) {
  summary.push(`warm  | ${s.label}: median ${med(s.runs).toFixed(2)} s = ${(duration / med(s.runs)).toFixed(2)}x real time (${s.runs.map((x) => x.toFixed(2)).join(' ')}); ${s.result}`);
  await s.ctx.workers.close();
}
const fresh = CONFIGS.map((c) => ({ ...c, runs: [] as number[] }));
for (let r = 0; r < reps; r++) {
  for (const s of r % 2 ? [...fresh].reverse() : fresh) {
    const ctx = { ...base, workers: createPipelineWorkers({ visualThreads: s.threads }) };
    const t = performance.now();
    await analyzeClip(clip, ctx, s.opts);
    s.runs.push((performance.now() - t) / 1000);
    await ctx.workers.close();
  }
}
for (const s of fresh) summary.push(`fresh | ${s.label}: median ${med(s.runs).toFixed(2)} s = ${(duration / med(s.runs)).toFixed(2)}x real time (${s.runs.map((x) => x.toFixed(2)).join(' ')})`);
console.log(`${path.basename(clip)}: ${duration.toFixed(1)} s; load average at the end ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
for (const l of summary) console.log(l);
rmSync(dir, { recursive: true, force: true });
process.exit(0);
