import path from 'node:path';
import { APP_SCHEME } from './window-options.ts';

/**
 * The app's own URL space, `corrkd://app/...`: the only origin the window loads and the only files
 * it can reach, each resolved inside an allow-listed root (STYLE habit 4). Pure, so a plain Node
 * test covers traversal, encoded separators and unknown hosts; protocol.ts wires it to Electron.
 */
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export function mimeOf(file: string): string | null {
  return MIME[path.extname(file).toLowerCase()] ?? null;
}

/**
 * Maps a request URL to a file under `roots[host]`, or null when the URL is not the app scheme,
 * names an unknown host, escapes its root (`..`, encoded or not), holds a NUL or a backslash, or
 * asks for a file type the renderer never needs.
 */
export function resolveAppFile(url: string, roots: Readonly<Record<string, string>>): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:`) return null;
  const root = Object.hasOwn(roots, u.host) ? roots[u.host] : undefined;
  if (!root) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0') || rel.includes('\\')) return null;
  if (rel === '/' || rel === '') rel = '/index.html';
  const base = path.resolve(root);
  const file = path.resolve(base, `.${path.posix.normalize(rel)}`);
  if (file !== base && !file.startsWith(base + path.sep)) return null;
  if (rel.split('/').some((seg) => seg === '..')) return null;
  return mimeOf(file) ? file : null;
}
