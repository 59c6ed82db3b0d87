import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis, type RedisOptions } from 'ioredis';

/**
 * A real Debian redis-server for one test file (issue 12: no mock Redis), on a free port, in its
 * own temporary folder, with no persistence unless asked: `restart()` then starts it empty again on
 * the same port, as a Redis that lost its data. `.ci/run` installs redis-server when it is missing.
 */
export interface RedisServer {
  port: number;
  url: string;
  /** Stops it (SIGTERM: Redis shuts down cleanly), then starts it again on the same port. */
  restart(opts?: { downMs?: number }): Promise<void>;
  stop(): Promise<void>;
  /** A plain client for test assertions (closed by stop()). */
  client(): Redis;
}

export interface RedisServerOptions {
  /** Extra redis-server arguments (e.g. TLS); the server then listens where they say. */
  args?: (port: number, dir: string) => string[];
  /** Builds the URL from the port (default redis://127.0.0.1:PORT). */
  url?: (port: number) => string;
  /** Clients for assertions connect with these options. */
  clientOptions?: RedisOptions;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function waitReady(port: number, proc: ChildProcess, opts: RedisServerOptions): Promise<void> {
  const t0 = Date.now();
  let exited = false;
  proc.once('exit', () => (exited = true));
  while (Date.now() - t0 < 30_000) {
    if (exited) throw new Error(`redis-server on port ${port} exited at start`);
    const c = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, ...opts.clientOptions });
    c.on('error', () => {});
    try {
      await c.connect();
      if ((await c.ping()) === 'PONG') return;
    } catch {
      // not listening yet
    } finally {
      c.disconnect();
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`redis-server on port ${port} did not answer within 30 s`);
}

export async function startRedis(opts: RedisServerOptions = {}): Promise<RedisServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'corrkd-redis-'));
  const port = await freePort();
  const clients: Redis[] = [];
  let proc: ChildProcess | null = null;
  const launch = async () => {
    const args = opts.args?.(port, dir) ?? ['--port', String(port), '--bind', '127.0.0.1'];
    proc = spawn('redis-server', [...args, '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
    await waitReady(port, proc, opts);
  };
  const halt = async () => {
    const p = proc;
    proc = null;
    if (!p || p.exitCode !== null) return;
    const gone = new Promise((r) => p.once('exit', r));
    p.kill('SIGTERM');
    await gone;
  };
  await launch();
  return {
    port,
    url: opts.url?.(port) ?? `redis://127.0.0.1:${port}`,
    async restart(o = {}) {
      await halt();
      await new Promise((r) => setTimeout(r, o.downMs ?? 1000));
      await launch();
    },
    async stop() {
      for (const c of clients) c.disconnect();
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
    client() {
      const c = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: null, ...opts.clientOptions });
      c.on('error', () => {});
      clients.push(c);
      return c;
    },
  };
}
