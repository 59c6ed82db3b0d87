import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { REQUEST_CHANNELS } from '../../../preload/contract.ts';
import { APP_ORIGIN } from '../app-protocol.ts';
import { isAllowedNavigation } from '../window-options.ts';
import type { EventSink } from './event-sink.ts';
import type { RawHandlers } from './handler-map.ts';

/**
 * The only place raw ipcMain is used (STYLE habit 1): one `handle` per contract channel, each
 * answering only frames of the app origin, each calling the zod-validated handler. Returns the
 * function that removes them.
 */
export function registerIpc(handlers: RawHandlers): () => void {
  for (const channel of REQUEST_CHANNELS) {
    const handler = handlers[channel];
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, arg: unknown) => {
      const from = event.senderFrame?.url ?? '';
      if (!isAllowedNavigation(from, APP_ORIGIN)) {
        return { ok: false, error: { kind: 'InvalidArgument', message: `${channel}: refused a call from ${from || 'an unknown frame'}` } };
      }
      return handler(arg);
    });
  }
  return () => {
    for (const channel of REQUEST_CHANNELS) ipcMain.removeHandler(channel);
  };
}

/** Events to the window's renderer (dropped when there is no window). */
export function windowSink(getWindow: () => BrowserWindow | null): EventSink {
  return {
    emit(channel, payload) {
      const w = getWindow();
      if (w && !w.isDestroyed()) w.webContents.send(channel, payload);
    },
  };
}
