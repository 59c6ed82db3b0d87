import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { makeContext } from '../main/core/context.ts';
import type { BatchAnalyzer } from '../main/core/jobs/default-analyzer.ts';
import { PROJECT_ROOT } from '../main/core/paths.ts';
import { parseQueueUrl } from '../main/core/queue/queue-url.ts';
import { runQueuedBatch } from '../main/core/queue/queued-batch.ts';
import { openStore } from '../main/core/store/open-store.ts';

/**
 * The queued side of `npm run bench -- batch`: a redis-server on a free port, N `corrkd worker`
 * processes on this machine (each its own models and threads, --concurrency 1, a fresh feature
 * cache per pass), started and ready before the clock starts, and the coordinator in this process.
 * files/min counts from the first hash to the last stored row, as for the local batch.
 */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

async function waitFor(child: ChildProcess, re: RegExp, what: string): Promise<void> {
  let text = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      text += d.toString('utf8');
      if (re.test(text)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`${what} exited (${code}) before it was ready:\n${text}`)));
  });
}

export async function queuedFilesPerMinute(inDir: string, analyzer: BatchAnalyzer, workerCounts: number[]): Promise<Record<string, string | number>[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'corrkd-bench-queue-'));
  const port = await freePort();
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const rows: Record<string, string | number>[] = [];
  try {
    await new Promise((r) => setTimeout(r, 500));
    const url = `redis://127.0.0.1:${port}`;
    for (const n of workerCounts) {
      const cache = await mkdtemp(path.join(os.tmpdir(), 'corrkd-bench-cache-'));
      const workers = Array.from({ length: n }, (_, i) =>
        spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'main/cli/index.ts'), 'worker', '--queue', url, '--device', 'cpu', '--name', `bench-${i}`], {
          env: { ...process.env, CORRKD_CACHE_DIR: cache },
          stdio: ['ignore', 'ignore', 'pipe'],
        }),
      );
      try {
        await Promise.all(workers.map((w, i) => waitFor(w, /ready on /, `worker ${i}`)));
        const db = openStore(path.join(dir, `q${n}.db`));
        const s = await runQueuedBatch(
          inDir,
          { db, queue: parseQueueUrl(url), pack: analyzer.pack, modelKey: analyzer.model, optionsHash: analyzer.optionsHash, perFileTimeoutMs: 'auto' },
          makeContext(),
        );
        db.close();
        rows.push({ run: `queue, ${n} worker${n > 1 ? 's' : ''} x 1`, files: s.total, failed: s.failed, 'wall s': s.elapsedMs / 1000, 'files/min': (60_000 * s.total) / s.elapsedMs });
      } finally {
        await Promise.all(
          workers.map((w) => {
            const gone = new Promise((r) => w.once('exit', r));
            w.kill('SIGTERM');
            return gone;
          }),
        );
        await rm(cache, { recursive: true, force: true });
      }
    }
  } finally {
    redis.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}
