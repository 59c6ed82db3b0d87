import { AppError } from '../errors.ts';

/**
 * `--queue URL`: where the batch queue's Redis is. `redis://HOST[:PORT][/DB]` or, over TLS,
 * `rediss://...`; a password (and a user, for Redis ACLs) go in the URL (`rediss://:PASSWORD@HOST`)
 * or, so that they do not show in the process list, in CORRKD_QUEUE_PASSWORD (and
 * CORRKD_QUEUE_USER). A private CA for rediss:// is trusted the Node way: NODE_EXTRA_CA_CERTS=ca.pem.
 * Every message names the URL without its password (`display`).
 */
export interface QueueTarget {
  /** the URL as messages show it: the password replaced by *** */
  display: string;
  host: string;
  port: number;
  db: number;
  tls: boolean;
  username?: string;
  password?: string;
}

export const DEFAULT_REDIS_PORT = 6379;

export function parseQueueUrl(raw: string, env: NodeJS.ProcessEnv = process.env): QueueTarget {
  const bad = (why: string) =>
    new AppError('InvalidArgument', `--queue ${redact(raw)}: ${why}; expected redis://HOST:PORT[/DB] or rediss://[:PASSWORD@]HOST:PORT[/DB].`);
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw bad('not a URL');
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw bad(`the scheme is ${u.protocol.replace(/:$/, '')}, not redis or rediss`);
  if (u.hostname === '') throw bad('no host');
  if (u.search !== '' || u.hash !== '') throw bad('options after ? or # are not supported');
  const port = u.port === '' ? DEFAULT_REDIS_PORT : Number(u.port);
  const dbText = u.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d+$/.test(dbText)) throw bad(`the database "${dbText}" is not a number`);
  const db = dbText === '' ? 0 : Number(dbText);
  const username = decodeURIComponent(u.username) || env.CORRKD_QUEUE_USER || undefined;
  const password = decodeURIComponent(u.password) || env.CORRKD_QUEUE_PASSWORD || undefined;
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1'); // IPv6 literal without its brackets
  return {
    display: `${u.protocol}//${username || u.password ? `${username ?? ''}${u.password ? ':***' : ''}@` : ''}${u.host}${db !== 0 ? `/${db}` : ''}`,
    host,
    port,
    db,
    tls: u.protocol === 'rediss:',
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
  };
}

/** The URL with any password replaced by ***, for messages about a URL that did not parse. */
export function redact(raw: string): string {
  return raw.replace(/^([a-z]+:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');
}
