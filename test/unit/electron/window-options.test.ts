import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, isAllowedNavigation, secureWindowOptions } from '../../../main/electron/window-options.ts';

describe('secure window factory options', () => {
  const prefs = secureWindowOptions('/app/preload.cjs').webPreferences ?? {};

  it('sandboxes the renderer and isolates its context', () => {
    expect(prefs.sandbox).toBe(true);
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs.preload).toBe('/app/preload.cjs');
  });

  it('has a CSP that forbids eval, remote scripts, objects and framing', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|unsafe-inline|\*|https?:/);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
  });

  it('allows navigation only within the app origin', () => {
    expect(isAllowedNavigation('corrkd://app/index.html#/batch', 'corrkd://app')).toBe(true);
    expect(isAllowedNavigation('https://example.com/', 'corrkd://app')).toBe(false);
    expect(isAllowedNavigation('not a url', 'corrkd://app')).toBe(false);
  });
});
