import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from '../../../../main/core/media/run-process.ts';
import { PROJECT_ROOT } from '../../../../main/core/paths.ts';
import type { SumWorkerApi } from '../../../fixtures/sum.worker.ts';
import { WorkerPool, createWorkerClient } from '../../../../main/core/threads/worker-pool.ts';
import { rejection } from '../../../helpers/rejection.ts';

const SUM_WORKER = new URL('../../../fixtures/sum.worker.ts', import.meta.url);

let pool: WorkerPool<SumWorkerApi>;
let tmp = '';
beforeAll(async () => {
  pool = new WorkerPool<SumWorkerApi>(SUM_WORKER, { size: 2 });
  tmp = await mkdtemp(path.join(os.tmpdir(), 'corrkd-workers-'));
  // Scripts written here are ES modules, like the project's own files.
  await writeFile(path.join(tmp, 'package.json'), '{ "type": "module" }');
});
afterAll(async () => {
  await pool.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('WorkerPool with a .ts worker under vitest', () => {
  it('sums a Float32Array moved (not copied) into the worker', async () => {
    const values = Float32Array.from({ length: 1000 }, (_, i) => i);
    const r = await pool.call('sum', { values }, { transfer: [values.buffer] });
    expect(r.total).toBe(499500);
    expect(r.length).toBe(1000);
    expect(values.length).toBe(0); // detached: the buffer moved to the worker
  });

  it('gets a Float32Array back by transfer', async () => {
    const values = Float32Array.from([1, 2, 3]);
    const out = await pool.call('scale', { values, factor: 2 }, { transfer: [values.buffer] });
    expect(out).toBeInstanceOf(Float32Array);
    expect(Array.from(out)).toEqual([2, 4, 6]);
  });

  it('an AppError thrown in the worker arrives with its kind, message and the worker stack', async () => {
    const e = await rejection(pool.call('fail', { kind: 'NoAudioStream', message: 'clip.mp4 has no audio stream.' }));
    expect(e.kind).toBe('NoAudioStream');
    expect(e.message).toBe('clip.mp4 has no audio stream.');
    expect(e.stack).toContain('sum.worker.ts');
  });

  it('a plain Error thrown in the worker becomes Internal', async () => {
    const e = await rejection(pool.call('fail', { kind: 'NotAKind' as never, message: 'boom' }));
    expect(e.kind).toBe('Internal');
    expect(e.message).toContain('boom');
  });

  it('a worker that dies without replying fails its call clearly and is restarted on the next call', async () => {
    const client = createWorkerClient<SumWorkerApi>(SUM_WORKER);
    try {
      const first = await client.call('sum', { values: new Float32Array([1]) });
      const e = await rejection(client.call('exit', { code: 7 }));
      expect(e.kind).toBe('ToolFailed');
      expect(e.message).toMatch(/exited with code 7 without replying to 'exit'/);
      const again = await client.call('sum', { values: new Float32Array([2, 3]) });
      expect(again.total).toBe(5);
      expect(again.threadId).not.toBe(first.threadId);
    } finally {
      await client.close();
    }
  });

  it('abort terminates the worker running the call (Canceled) and the next call gets a fresh one', async () => {
    const client = createWorkerClient<SumWorkerApi>(SUM_WORKER);
    try {
      const before = await client.call('sum', { values: new Float32Array(1) });
      const ac = new AbortController();
      const spinning = client.call('spin', { ms: 60_000 }, { signal: ac.signal });
      // Abort once the call is running (the thread is busy spinning).
      setTimeout(() => ac.abort(), 100);
      const e = await rejection(spinning);
      expect(e.kind).toBe('Canceled');
      const after = await client.call('sum', { values: new Float32Array(1) });
      expect(after.threadId).not.toBe(before.threadId);
    } finally {
      await client.close();
    }
  });

  it('abort of a queued call removes it without disturbing the running one', async () => {
    const client = createWorkerClient<SumWorkerApi>(SUM_WORKER);
    try {
      const running = client.call('spin', { ms: 300 });
      const ac = new AbortController();
      const queued = client.call('sum', { values: new Float32Array(3) }, { signal: ac.signal });
      expect(client.queued).toBe(1);
      ac.abort();
      expect((await rejection(queued)).message).toMatch(/canceled while queued/);
      expect(await running).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });

  it('runs calls on N threads at once', async () => {
    const spins = [pool.call('spin', { ms: 300 }), pool.call('spin', { ms: 300 })];
    await new Promise((r) => setTimeout(r, 100));
    const ids = pool.threadIds();
    expect(ids.every((id) => id !== undefined)).toBe(true);
    expect(new Set(ids).size).toBe(2);
    await Promise.all(spins);
  });

  it('forwards progress reported by the handler', async () => {
    const seen: string[] = [];
    const n = await pool.call('count', { steps: 3 }, { onProgress: (p) => seen.push(p.type === 'message' ? p.text : p.type) });
    expect(n).toBe(3);
    expect(seen).toEqual(['step 1', 'step 2', 'step 3']);
  });

  it('an unknown method is refused with the valid ones listed', async () => {
    const e = await rejection((pool as unknown as WorkerPool<Record<string, () => void>>).call('nope', undefined));
    expect(e.kind).toBe('InvalidArgument');
    expect(e.message).toContain("'nope'");
    expect(e.message).toContain('sum');
  });

  it('arguments that cannot be cloned are refused as InvalidArgument', async () => {
    const e = await rejection(pool.call('sum', { values: (() => 1) as unknown as Float32Array }));
    expect(e.kind).toBe('InvalidArgument');
  });

  it('a worker file that throws while loading fails the call with its message', async () => {
    const bad = path.join(tmp, 'broken.worker.ts');
    await writeFile(bad, "const n: number = 1;\nthrow new Error('cannot load model weights ' + n);\n");
    const client = createWorkerClient<SumWorkerApi>(bad);
    try {
      const e = await rejection(client.call('sum', { values: new Float32Array(1) }));
      expect(e.kind).toBe('ToolFailed');
      expect(e.message).toContain('cannot load model weights 1');
    } finally {
      await client.close();
    }
  });

  it('close() fails calls still queued and refuses new ones', async () => {
    const client = createWorkerClient<SumWorkerApi>(SUM_WORKER);
    const running = rejection(client.call('spin', { ms: 200 }));
    const queued = rejection(client.call('sum', { values: new Float32Array(1) }));
    await client.close();
    expect((await queued).kind).toBe('Canceled');
    expect((await running).kind).toBe('Canceled');
    expect((await rejection(client.call('sum', { values: new Float32Array(1) }))).kind).toBe('Canceled');
  });
});

describe('WorkerPool under tsx (how the CLI runs)', () => {
  it('starts the .ts worker from a script run with tsx, and the process exits with idle workers', async () => {
    const script = path.join(tmp, 'use-pool.ts');
    const poolUrl = new URL('../../../../main/core/threads/worker-pool.ts', import.meta.url).href;
    await writeFile(
      script,
      [
        `import { WorkerPool } from ${JSON.stringify(poolUrl)};`,
        `const pool = new WorkerPool(new URL(${JSON.stringify(SUM_WORKER.href)}), { size: 2 });`,
        'const values = Float32Array.from([1.5, 2.5, 4]);',
        "const r = await pool.call('sum', { values }, { transfer: [values.buffer] });",
        'process.stdout.write(JSON.stringify({ total: r.total, detached: values.length === 0 }));',
        '// no pool.close(): idle workers are unref\'d and must not keep the process alive',
      ].join('\n'),
    );
    const tsx = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
    const r = await runProcess(tsx, [script], { timeoutMs: 60_000, label: 'tsx use-pool.ts' });
    expect(r.stderrTail).toBe('');
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout.toString())).toEqual({ total: 8, detached: true });
  });
});
