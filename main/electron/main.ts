/**
 * Electron lifecycle: one instance, one secure window, the app scheme, IPC, clean shutdown. The
 * main process only orchestrates (STYLE habit 6): analysis, training and ONNX runs happen in worker
 * threads and child processes started by the core.
 */
import { PRELOAD_FILE, RENDERER_DIR } from './packaged-env.ts';
import { app, session, type BrowserWindow } from 'electron';
import type { Logger } from '../core/context.ts';
import { userDataDir } from '../core/paths.ts';
import { APP_HOST } from './app-protocol.ts';
import { electronDialogs } from './electron-dialogs.ts';
import { createIpcHandlers } from './ipc/handlers.ts';
import { registerIpc, windowSink } from './ipc/register-ipc.ts';
import { registerAppScheme, serveAppScheme } from './protocol.ts';
import { createAppServices, type AppServices } from './services/app-services.ts';
import { createMainWindow, guardWebContents } from './window.ts';

const log: Logger = (level, message) => {
  const line = `[corrkd] ${level}: ${message}`;
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else if (process.env.CORRKD_DEBUG || level === 'info') console.log(line);
};

let win: BrowserWindow | null = null;
let services: AppServices | null = null;
let unregister: (() => void) | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('web-contents-created', (_e, contents) => guardWebContents(contents));
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => {
    unregister?.();
    services?.dispose(); // ends the pipeline's threads too
  });
  void app.whenReady().then(start);
}

function start(): void {
  // the renderer needs no device, notification or other permission
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  serveAppScheme({ [APP_HOST]: RENDERER_DIR });
  services = createAppServices({ dataDir: userDataDir(), sink: windowSink(() => win), dialogs: electronDialogs(() => win), log });
  unregister = registerIpc(createIpcHandlers(services));
  win = createMainWindow(PRELOAD_FILE);
  win.on('closed', () => {
    win = null;
  });
}
