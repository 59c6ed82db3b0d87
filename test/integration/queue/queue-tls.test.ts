import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeRealClipsFolder } from '../batch/make-inputs.ts';
import { countLines, QUEUE_CHILD, reap, start, type Proc } from './processes.ts';
import { startRedis, type RedisServer } from './redis-server.ts';

/**
 * `rediss://` with a password: a real redis-server with TLS only (its own CA made here with
 * openssl) and requirepass. The CA is trusted the Node way (NODE_EXTRA_CA_CERTS); the password
 * comes in the URL for the coordinator and from CORRKD_QUEUE_PASSWORD for the worker. Both sides
 * run the test analyzer (queue-child.ts).
 */
const PASSWORD = 's3cret-pw';
let redis: RedisServer;
let dir: string;
let ca: string;
const procs: Proc[] = [];

function makeCerts(d: string): { ca: string; cert: string; key: string } {
  const f = (n: string) => path.join(d, n);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=corrkd test CA', '-keyout', f('ca.key'), '-out', f('ca.crt'));
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', f('server.key'), '-out', f('server.csr'));
  writeFileSync(f('san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  ssl('x509', '-req', '-in', f('server.csr'), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-days', '2', '-extfile', f('san.ext'), '-out', f('server.crt'));
  return { ca: f('ca.crt'), cert: f('server.crt'), key: f('server.key') };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'corrkd-qtls-'));
  const certs = makeCerts(dir);
  ca = certs.ca;
  redis = await startRedis({
    args: (port) => ['--port', '0', '--tls-port', String(port), '--bind', '127.0.0.1', '--tls-cert-file', certs.cert, '--tls-key-file', certs.key, '--tls-ca-cert-file', certs.ca, '--tls-auth-clients', 'no', '--requirepass', PASSWORD],
    url: (port) => `rediss://:${PASSWORD}@localhost:${port}`,
    clientOptions: { tls: { ca: readFileSync(certs.ca), servername: 'localhost' }, password: PASSWORD },
  });
});
afterEach(() => reap(procs));
afterAll(async () => {
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string> = {}): Proc {
  const p = start(QUEUE_CHILD, args, { NODE_EXTRA_CA_CERTS: ca, ...env });
  procs.push(p);
  return p;
}

describe('batch queue over rediss:// with a password', () => {
  it('runs a batch over TLS; a wrong password is refused by name without showing it', async () => {
    const root = path.join(dir, 'in');
    const inputs = makeRealClipsFolder(root, 2);
    const plainUrl = `rediss://localhost:${redis.port}`;
    const w = run(['worker', '--queue', plainUrl, '--name', 'tls-worker'], { CORRKD_QUEUE_PASSWORD: PASSWORD });
    await w.waitFor(/ready on rediss:\/\/localhost:\d+/);
    const c = await run(['batch', root, '--db', path.join(dir, 'r.db'), '--queue', redis.url, '--json']).exited;
    expect(c.code, c.stderr).toBe(0);
    expect(JSON.parse(c.stdout)).toMatchObject({ status: 'succeeded', total: 2, succeeded: 2 });
    for (const f of inputs) expect(countLines(w.stderr(), `took ${f}`)).toBe(1);
    expect(c.stderr + c.stdout).not.toContain(PASSWORD);
    w.child.kill('SIGTERM');
    expect((await w.exited).code).toBe(0);

    const wrong = await run(['worker', '--queue', `rediss://:not-it@localhost:${redis.port}`]).exited;
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/InvalidArgument: Cannot reach the batch queue at rediss:\/\/:\*\*\*@localhost:\d+: Redis refused the credentials/);
    expect(wrong.stderr).not.toContain('not-it');
  });
});
