import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { makeContext } from '../main/core/context.ts';
import { runBatch } from '../main/core/jobs/batch.ts';
import { defaultConcurrency } from '../main/core/jobs/concurrency.ts';
import { createBatchAnalyzer } from '../main/core/jobs/default-analyzer.ts';
import { openStore } from '../main/core/store/open-store.ts';
import { ffmpegPath } from '../main/core/media/ffmpeg-paths.ts';
import { runProcess } from '../main/core/media/run-process.ts';
import { PROJECT_ROOT } from '../main/core/paths.ts';
import type { Bench } from './registry.ts';
import { queuedFilesPerMinute } from './batch-queue.ts';
import { printTable, SHARED_DATA } from './table.ts';

const LONG_MINUTES = Number(process.env.BENCH_LONG_MINUTES ?? 60);
const LONG_FPS = Number(process.env.BENCH_LONG_FPS ?? 1);
/** Worker processes per queued pass (BENCH_QUEUE_WORKERS=1,2; empty: no queued pass). */
const QUEUE_WORKERS = (process.env.BENCH_QUEUE_WORKERS ?? '1,2').split(',').filter(Boolean).map(Number);

/** Peak resident memory of a child process (VmHWM), polled from /proc until it exits. */
async function runMeasured(args: string[]): Promise<{ code: number; peakMb: number; seconds: number }> {
  const t = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'main/cli/index.ts'), ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  let peak = 0;
  const timer = setInterval(() => {
    void readFile(`/proc/${child.pid}/status`, 'utf8')
      .then((s) => {
        const kb = Number(/VmHWM:\s+(\d+)/.exec(s)?.[1] ?? 0);
        peak = Math.max(peak, kb / 1024);
      })
      .catch(() => {});
  }, 200);
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  clearInterval(timer);
  return { code, peakMb: peak, seconds: (performance.now() - t) / 1000 };
}

async function filesPerMinute(): Promise<Record<string, string | number>[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'corrkd-bench-batch-'));
  const inDir = path.join(dir, 'in');
  await runProcess('mkdir', ['-p', inDir]);
  for (const sub of ['videos/talking_heads', 'videos/face_no_speech', 'videos/sample']) await symlink(path.join(SHARED_DATA, sub), path.join(inDir, path.basename(sub)));
  const analyzer = await createBatchAnalyzer({ device: 'cpu' });
  const rows: Record<string, string | number>[] = [];
  // the default is max(1, cores/2): on a 2-core machine that is 1, so 2 is measured too
  for (const concurrency of [...new Set([1, defaultConcurrency(), 2])]) {
    // a fresh feature cache per pass, so every pass extracts (the cache would make later passes free)
    process.env.CORRKD_CACHE_DIR = await mkdtemp(path.join(os.tmpdir(), 'corrkd-bench-cache-'));
    const db = openStore(path.join(dir, `c${concurrency}.db`));
    const s = await runBatch(inDir, { db, concurrency, modelKey: analyzer.model, optionsHash: analyzer.optionsHash, perFileTimeoutMs: 'auto' }, analyzer.analyze, makeContext());
    db.close();
    rows.push({ run: `local, concurrency ${concurrency}${concurrency === defaultConcurrency() ? ' (default)' : ''}`, files: s.total, failed: s.failed, 'wall s': s.elapsedMs / 1000, 'files/min': (60_000 * s.total) / s.elapsedMs });
  }
  await analyzer.close?.(); // its pipeline threads
  // the same folder over a queue (issue 12): 1 and 2 worker processes on this machine
  if (QUEUE_WORKERS.length > 0) rows.push(...(await queuedFilesPerMinute(inDir, analyzer, QUEUE_WORKERS)));
  await rm(dir, { recursive: true, force: true });
  return rows;
}

export const batchBench: Bench = {
  name: 'batch',
  description: `corrkd batch files/min at concurrency 1 and the default on the shared clips, and over a queue (corrkd batch --queue) with ${QUEUE_WORKERS.join(' and ')} corrkd worker process(es) on this machine (BENCH_QUEUE_WORKERS); peak memory of analysing a ${LONG_MINUTES}-minute clip made by ffmpeg (face sampled at ${LONG_FPS} fps; BENCH_LONG_FPS, BENCH_LONG_MINUTES)`,
  async run() {
    printTable(await filesPerMinute());
    if (!(LONG_MINUTES > 0)) return;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'corrkd-bench-long-'));
    const long = path.join(dir, `long-${LONG_MINUTES}min.mp4`);
    const src = path.join(SHARED_DATA, 'videos/talking_heads/video-retalking_face_1.mp4');
    const t = performance.now();
    await runProcess(ffmpegPath(), ['-v', 'error', '-stream_loop', '-1', '-i', src, '-t', String(LONG_MINUTES * 60), '-vf', 'scale=480:-2', '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '30', '-c:a', 'aac', '-b:a', '64k', '-y', long]);
    process.stdout.write(`made ${long} in ${((performance.now() - t) / 1000).toFixed(0)} s\n`);
    const r = await runMeasured(['analyze', long, '--json', '--fps', String(LONG_FPS), '--no-cache', '--device', 'cpu']);
    printTable([{ clip: `${LONG_MINUTES} min`, 'face fps': LONG_FPS, exit: r.code, 'wall s': r.seconds, 'x real time': (LONG_MINUTES * 60) / r.seconds, 'peak RSS MB': r.peakMb, 'limit MB': 1536 }]);
    await rm(dir, { recursive: true, force: true });
  },
};
