import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN, resolveAppFile } from '../../../main/electron/app-protocol.ts';

describe('app protocol serves only files inside its allow-listed root', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'corrkd-proto-'));
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
  writeFileSync(path.join(root, 'assets', 'app.js'), '');
  const roots = { app: root };
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('maps app URLs to files under the root', () => {
    expect(resolveAppFile(`${APP_ORIGIN}/index.html`, roots)).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(`${APP_ORIGIN}/`, roots)).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(`${APP_ORIGIN}/assets/app.js?v=1#x`, roots)).toBe(path.join(root, 'assets', 'app.js'));
  });

  it('keeps dot segments inside the root (the URL parser collapses them at the root)', () => {
    for (const url of [`${APP_ORIGIN}/../secret.html`, `${APP_ORIGIN}/%2e%2e/secret.html`, `${APP_ORIGIN}/assets/../../../secret.html`]) {
      expect(resolveAppFile(url, roots)).toBe(path.join(root, 'secret.html'));
    }
  });

  it('refuses encoded traversal, backslashes, NUL, other hosts, other schemes and unknown file types', () => {
    for (const url of [
      `${APP_ORIGIN}/assets/%2e%2e%2f%2e%2e%2fsecret.html`,
      `${APP_ORIGIN}/assets/..%2F..%2F..%2Fetc%2Fpasswd.html`,
      `${APP_ORIGIN}/assets/..%5c..%5csecret.html`,
      `${APP_ORIGIN}/index.html%00.js`,
      `${APP_ORIGIN}/%E0%A4%A`,
      'corrkd://media/index.html',
      'file:///etc/passwd',
      'https://app/index.html',
      `${APP_ORIGIN}/settings.sqlite`,
      'not a url',
    ]) {
      expect(resolveAppFile(url, roots), url).toBeNull();
    }
  });
});
