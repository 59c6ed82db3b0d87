import path from 'node:path';
import { makeContext } from '../main/core/context.ts';
import { EXTRACTORS } from '../main/core/features/extractors.ts';
import { probeMedia } from '../main/core/media/probe.ts';
import { runVisualBranch } from '../main/core/pipeline/visual-branch.ts';
import { createPipelineWorkers } from '../main/core/pipeline/worker-pools.ts';
import type { MediaInfo } from '../main/core/media/media-info.ts';
import type { Bench } from './registry.ts';
import { printTable, SHARED_DATA } from './table.ts';

const CLIPS = ['liveportrait_d20.mp4', 'video-retalking_face_1.mp4', 'video-retalking_face_2.mp4', 'video-retalking_face_3.mp4', 'video-retalking_face_4.mp4', 'video-retalking_face_5.mp4'].map((f) =>
  path.join(SHARED_DATA, 'videos', 'talking_heads', f),
);
const CONFIGS = [
  { label: 'detection on every frame, 1 face worker', threads: 1, track: { detectEveryFrame: true } },
  { label: 'tracking, 1 face worker', threads: 1, track: {} },
  { label: 'tracking, 2 face workers', threads: 2, track: {} },
];
const REPS = 3;

/**
 * The face stage as the pipeline runs it (runVisualBranch: ffmpeg at 5 fps, 640 px, frames to the face
 * workers), warm pools, the configurations taking turns clip by clip so load on a shared machine hits
 * them alike; wall ms per frame and CPU ms per frame of this process's threads (main + face workers;
 * ffmpeg's own CPU, ~9 ms per frame, is not in it), medians of the REPS passes over the six clips.
 * On a loaded machine trust the CPU column: wall time there mostly measures the other jobs.
 */
export const faceStageBench: Bench = {
  name: 'face-stage',
  description: `the face stage (${EXTRACTORS.visual.id}, 5 fps) on the 6 talking heads with warm face workers: detection on every frame vs tracking, 1 and 2 workers; wall and CPU ms per frame`,
  async run() {
    const base = makeContext();
    const setups = CONFIGS.map((c) => ({ ...c, ctx: { ...base, workers: createPipelineWorkers({ visualThreads: c.threads }) }, passes: [] as number[], cpu: [] as number[] }));
    const infos: MediaInfo[] = [];
    for (const clip of CLIPS) infos.push(await probeMedia(clip, base));
    for (const s of setups) await runVisualBranch(CLIPS[0]!, infos[0]!, { fps: 5, maxSide: 640, track: s.track }, s.ctx); // warm the workers
    let frames = 0;
    for (let r = 0; r < REPS; r++) {
      const wall = setups.map(() => 0);
      const cpu = setups.map(() => 0);
      frames = 0;
      for (let c = 0; c < CLIPS.length; c++) {
        for (const [i, s] of setups.entries()) {
          const t = performance.now();
          const c0 = process.cpuUsage();
          const res = await runVisualBranch(CLIPS[c]!, infos[c]!, { fps: 5, maxSide: 640, track: s.track }, s.ctx);
          const cu = process.cpuUsage(c0);
          wall[i]! += performance.now() - t;
          cpu[i]! += (cu.user + cu.system) / 1000;
          if (i === 0) frames += res.series.times.length;
        }
      }
      setups.forEach((s, i) => {
        s.passes.push(wall[i]! / frames);
        s.cpu.push(cpu[i]! / frames);
      });
    }
    const video = infos.reduce((a, m) => a + m.durationSec, 0);
    const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
    printTable(setups.map((s) => ({ configuration: s.label, 'wall ms/frame': med(s.passes), 'x real time (face stage)': video / ((med(s.passes) * frames) / 1000), 'CPU ms/frame (all threads)': med(s.cpu), 'wall passes': s.passes.map((p) => p.toFixed(0)).join(' ') })));
    await Promise.all(setups.map((s) => s.ctx.workers.close()));
  },
};
