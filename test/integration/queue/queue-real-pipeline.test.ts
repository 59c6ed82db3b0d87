import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Queue } from 'bullmq';
import { DEFAULT_PACK_DIR, readManifest } from '../../../main/core/inference/pack.ts';
import { QUEUE_NAME } from '../../../main/core/queue/protocol.ts';
import { dataPath } from '../../helpers/data.ts';
import { BIN, reap, start, type Proc } from './processes.ts';
import { startRedis, type RedisServer } from './redis-server.ts';

/**
 * The shipped CLI (main/cli/bin.js) on both sides of the queue with the real pipeline and the
 * default model pack, on one real CMU-MOSI clip with its transcript as a sidecar (so the text-only
 * pack has evidence and a score): a worker with another pack (same id and version, other weights)
 * refuses the job and exits 2, the job stays on the queue, a worker with the right pack answers, and
 * the stored result is the one a local `corrkd batch` stores for the same clip.
 */
const TEXT = 'and sucker punch is a failer but like a really ambitious weird the interesting idiosyncratic failure';

let redis: RedisServer;
let dir: string;
let root: string;
const procs: Proc[] = [];
beforeAll(async () => {
  redis = await startRedis();
  dir = mkdtempSync(path.join(os.tmpdir(), 'corrkd-qreal-'));
  root = path.join(dir, 'in');
  mkdirSync(root);
  copyFileSync(dataPath('mosi/raw/Oz06ZWiO20M_6.mp4'), path.join(root, 'mosi clip.mp4'));
  writeFileSync(path.join(root, 'mosi clip.txt'), `${TEXT}\n`);
});
afterEach(() => reap(procs));
afterAll(async () => {
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Each process gets its own feature cache and home: the worker computes, it does not reuse. */
function run(name: string, args: string[]): Proc {
  const env = { CORRKD_CACHE_DIR: path.join(dir, `cache-${name}`), CORRKD_HOME: path.join(dir, `home-${name}`) };
  const p = start(BIN, args, env);
  procs.push(p);
  return p;
}

/** A copy of the default pack with other weights: same id and version, another checksum (a valid pack). */
function otherWeightsPack(): string {
  const pack = path.join(dir, 'other-pack');
  cpSync(DEFAULT_PACK_DIR, pack, { recursive: true });
  const onnx = path.join(pack, 'student.onnx');
  appendFileSync(onnx, Buffer.from([0]));
  const manifestFile = path.join(pack, 'manifest.json');
  const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as { files: Record<string, string> };
  m.files['student.onnx'] = createHash('sha256').update(readFileSync(onnx)).digest('hex');
  writeFileSync(manifestFile, JSON.stringify(m, null, 2));
  return pack;
}

function storedResult(dbFile: string): Record<string, unknown> {
  const db = new Database(dbFile, { readonly: true });
  try {
    const rows = db.prepare(`SELECT result_json FROM results WHERE status = 'succeeded'`).pluck().all() as string[];
    expect(rows).toHaveLength(1);
    const { timingsMs: _t, ...rest } = JSON.parse(rows[0]!) as Record<string, unknown>;
    return rest;
  } finally {
    db.close();
  }
}

describe('queued batch with the real pipeline (bin.js, default pack)', () => {
  it('refuses a job for another pack by name and keeps it queued; the right worker stores the result a local batch stores', { timeout: 600_000 }, async () => {
    const queuedDb = path.join(dir, 'queued.db');
    const c = run('coordinator', ['batch', root, '--db', queuedDb, '--queue', redis.url, '--json']);

    const wrong = await run('wrong', ['worker', '--queue', redis.url, '--model', otherWeightsPack(), '--name', 'wrong']).exited;
    expect(wrong.code, wrong.stderr).toBe(2);
    expect(wrong.stderr).toContain(`refused ${path.join(root, 'mosi clip.mp4')}: put back on the queue`);
    const v = readManifest(DEFAULT_PACK_DIR).version.replaceAll('.', '\\.');
    expect(wrong.stderr).toMatch(
      new RegExp(`ModelContractMismatch: Worker wrong refuses the job for .*mosi clip\\.mp4: it needs model pack corrkd-default ${v} \\(files [0-9a-f]{12}\\), this worker has corrkd-default ${v} \\(files [0-9a-f]{12}\\)`),
    );
    const [need, have] = [...wrong.stderr.matchAll(/\(files ([0-9a-f]{12})\)/g)].map((m) => m[1]);
    expect(need).not.toBe(have);
    const queue = new Queue(QUEUE_NAME, { connection: redis.client() });
    try {
      expect(await queue.getJobCounts('waiting', 'active', 'failed', 'completed')).toEqual({ waiting: 1, active: 0, failed: 0, completed: 0 });
    } finally {
      await queue.close();
    }

    const right = run('right', ['worker', '--queue', redis.url, '--name', 'right']);
    const out = await c.exited;
    expect(out.code, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ status: 'succeeded', total: 1, succeeded: 1 });
    right.child.kill('SIGTERM');
    const r = await right.exited;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`done ${path.join(root, 'mosi clip.mp4')}`);

    const localDb = path.join(dir, 'local.db');
    const local = await run('local', ['batch', root, '--db', localDb, '--json']).exited;
    expect(local.code, local.stderr).toBe(0);
    const viaQueue = storedResult(queuedDb);
    expect(viaQueue).toMatchObject({ file: path.join(root, 'mosi clip.mp4'), transcript: { text: TEXT }, modalities: { text: { usedByModel: true } } });
    expect(typeof viaQueue.score).toBe('number');
    expect(viaQueue).toEqual(storedResult(localDb));
  });
});
