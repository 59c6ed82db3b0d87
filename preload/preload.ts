/**
 * The sandboxed preload (STYLE habit 2): exposes `window.api` = createApi(bridge) and nothing else.
 * Raw ipcRenderer lives only in the two helpers below; the page never sees it, the IpcRendererEvent,
 * or a generic send/invoke. Event subscriptions are limited to EVENT_CHANNELS and return an
 * unsubscribe. Bundled to CommonJS (dist/electron/preload.cjs): a sandboxed preload cannot be ESM.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { createApi, type Bridge } from './api.ts';
import { EVENT_CHANNELS } from './event-channels.ts';
import type { Envelope, EventChannel, Events, Reply, RequestArg, RequestChannel } from './contract.ts';

const ALLOWED_EVENTS: ReadonlySet<string> = new Set<string>(EVENT_CHANNELS);

const bridge: Bridge = {
  invoke<C extends RequestChannel>(channel: C, arg: RequestArg<C>): Promise<Envelope<Reply<C>>> {
    return ipcRenderer.invoke(channel, arg) as Promise<Envelope<Reply<C>>>;
  },
  on<E extends EventChannel>(channel: E, listener: (payload: Events[E]) => void): () => void {
    if (!ALLOWED_EVENTS.has(channel)) throw new Error(`Unknown event channel ${String(channel)}`);
    const wrapped = (_e: IpcRendererEvent, payload: Events[E]) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
  pathForFile(file: File): string {
    return webUtils.getPathForFile(file);
  },
};

contextBridge.exposeInMainWorld('api', createApi(bridge));
