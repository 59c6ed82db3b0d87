import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { mimeOf, resolveAppFile } from './app-protocol.ts';
import { APP_SCHEME, CONTENT_SECURITY_POLICY } from './window-options.ts';

/** Must run before app 'ready': the app scheme is standard (relative URLs work) and secure. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false } }]);
}

/**
 * Serves `corrkd://app/...` from the built renderer only, every response with the CSP header
 * (the page also carries it as a meta tag) and nosniff. Anything else is a 404.
 */
export function serveAppScheme(roots: Readonly<Record<string, string>>): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(request.url, roots);
    if (!file || request.method !== 'GET') return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(new Uint8Array(body), {
        status: 200,
        headers: {
          'content-type': mimeOf(file) ?? 'application/octet-stream',
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-store',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
