import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * Pure description of the one secure window (STYLE habit 4). Kept free of Electron runtime
 * imports so a plain Node test can assert every preference and the CSP.
 */
export const APP_SCHEME = 'corrkd';

/**
 * Content-Security-Policy of the renderer: only the app's own files; no eval, no remote code, no
 * plugins, no framing. `media-src` allows the app scheme so a clip can be previewed through the
 * validated file protocol; `img-src data:` lets charts export as images.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `script-src 'self'`,
  `style-src 'self'`,
  `img-src 'self' data:`,
  `font-src 'self'`,
  `media-src ${APP_SCHEME}:`,
  `connect-src 'self'`,
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function secureWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    backgroundColor: '#0f1419',
    title: 'CorrKD Studio',
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  };
}

/** Navigation is allowed only within the app's own origin (the packaged renderer). */
export function isAllowedNavigation(url: string, appOrigin: string): boolean {
  try {
    const u = new URL(url);
    const o = new URL(appOrigin);
    // custom schemes have an opaque URL.origin ('null'), so compare scheme and host explicitly
    return u.protocol === o.protocol && u.host === o.host;
  } catch {
    return false;
  }
}
