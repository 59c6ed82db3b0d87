import { BrowserWindow, type WebContents } from 'electron';
import { APP_ENTRY, APP_ORIGIN } from './app-protocol.ts';
import { isAllowedNavigation, secureWindowOptions } from './window-options.ts';

/**
 * Guards every webContents the app creates (STYLE habit 4): navigation away from the app origin,
 * redirects, new windows and webviews are denied. Installed for each one in 'web-contents-created'.
 */
export function guardWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, APP_ORIGIN)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url, APP_ORIGIN)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** The one secure window: preferences from window-options.ts, loaded from the app scheme only. */
export function createMainWindow(preloadPath: string): BrowserWindow {
  const win = new BrowserWindow(secureWindowOptions(preloadPath));
  guardWebContents(win.webContents);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY);
  return win;
}
