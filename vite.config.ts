import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { CONTENT_SECURITY_POLICY } from './main/electron/window-options.ts';

/**
 * The renderer build (React + Vite) into dist/renderer, loaded by the window from corrkd://app/.
 * `base: './'` keeps every asset URL relative, so the same build also runs from the e2e bridge's
 * loopback origin. The CSP meta tag comes from the one definition in window-options.ts, minus
 * `frame-ancestors` (ignored in a meta tag, where Chromium reports it as an error); the app
 * protocol sends the full policy as a header.
 */
function cspMeta(): Plugin {
  const meta = CONTENT_SECURITY_POLICY.split('; ')
    .filter((d) => !d.startsWith('frame-ancestors'))
    .join('; ');
  return {
    name: 'corrkd-csp-meta',
    transformIndexHtml: (html) => html.replace('%CORRKD_CSP%', meta),
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), cspMeta()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: false,
    modulePreload: { polyfill: false },
  },
});
