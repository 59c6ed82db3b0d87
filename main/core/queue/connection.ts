import { Redis, type RedisOptions } from 'ioredis';
import { AppError } from '../errors.ts';
import type { Logger } from '../context.ts';
import type { QueueTarget } from './queue-url.ts';

/**
 * Redis connections for the queue (ioredis, the client BullMQ runs on).
 *
 * - `checkReachable`: one connection attempt and a PING, no retries, bounded by `timeoutMs`: a URL
 *   that leads nowhere (refused, no route, wrong password, not Redis) is an InvalidArgument naming
 *   the URL within seconds (exit 2), never a hang.
 * - `openConnection`: the long-lived connection once the URL is known good. It reconnects forever
 *   (a restarted Redis is found again, at most every RECONNECT_MAX_MS), and commands issued while it
 *   is down wait for it (maxRetriesPerRequest null, which BullMQ's blocking calls also require).
 */
export const REACH_TIMEOUT_MS = 5000;
const RECONNECT_MAX_MS = 2000;

function baseOptions(t: QueueTarget): RedisOptions {
  return {
    host: t.host,
    port: t.port,
    db: t.db,
    ...(t.username ? { username: t.username } : {}),
    ...(t.password ? { password: t.password } : {}),
    ...(t.tls ? { tls: { servername: t.host } } : {}),
  };
}

export async function checkReachable(t: QueueTarget, timeoutMs = REACH_TIMEOUT_MS): Promise<void> {
  const redis = new Redis({
    ...baseOptions(t),
    lazyConnect: true,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  });
  let lastError: Error | null = null;
  redis.on('error', (e: Error) => (lastError = e));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
  });
  try {
    await Promise.race([
      (async () => {
        await redis.connect();
        const pong = await redis.ping();
        if (pong !== 'PONG') throw new Error(`it answered PING with ${JSON.stringify(pong)}, not PONG: is it Redis?`);
      })(),
      deadline,
    ]);
  } catch (e) {
    // connect() rejects with "Connection is closed"; the socket's own error (ECONNREFUSED...) says why
    const why = reason(lastError ?? (e as Error | null)).replace(/\.+$/, '');
    throw new AppError('InvalidArgument', `Cannot reach the batch queue at ${t.display}: ${why}. Check that redis-server runs there and that this machine may connect to it.`);
  } finally {
    clearTimeout(timer);
    redis.disconnect();
  }
}

function reason(e: Error | null): string {
  if (!e) return 'the connection failed';
  const code = (e as { code?: unknown }).code;
  if (code === 'ECONNREFUSED') return 'connection refused (nothing listens on that port)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name does not resolve';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'no route to that host';
  if (code === 'ETIMEDOUT' || /timeout|no answer/i.test(e.message)) return `no answer (${e.message})`;
  if (/NOAUTH|WRONGPASS|AUTH/i.test(e.message)) return `Redis refused the credentials (${e.message}); give the password in the URL (rediss://:PASSWORD@HOST) or CORRKD_QUEUE_PASSWORD`;
  return e.message;
}

/** A reconnecting connection named `name` (shown by CLIENT LIST); connection errors go to `log` once per outage. */
export function openConnection(t: QueueTarget, name: string, log: Logger): Redis {
  const redis = new Redis({
    ...baseOptions(t),
    connectionName: name,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(200 * times, RECONNECT_MAX_MS),
  });
  let down = false;
  redis.on('error', (e: Error) => {
    if (down) return;
    down = true;
    log('warn', `queue ${t.display}: connection lost (${e.message}); reconnecting.`);
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log('info', `queue ${t.display}: reconnected.`);
  });
  return redis;
}
