/**
 * Injected into the page before the renderer runs (playwright addInitScript): stands in for the
 * preload by giving the SAME createApi a Bridge made of loopback fetch (invoke) and Server-Sent
 * Events (on). Dropped Files get their path from a registry the test fills, since a browser
 * cannot reveal real paths (Electron's preload uses webUtils.getPathForFile).
 */
import { createApi, type Bridge } from '../../preload/api.ts';
import type { EventChannel, Events } from '../../preload/contract.ts';

const paths = new WeakMap<File, string>();
const source = new EventSource('/events');

const bridge: Bridge = {
  async invoke(channel, arg) {
    const res = await fetch(`/ipc/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: arg === undefined ? '' : JSON.stringify(arg),
    });
    if (!res.ok) throw new Error(`bridge: ${channel} answered HTTP ${res.status}`);
    return res.json();
  },
  on<E extends EventChannel>(channel: E, listener: (payload: Events[E]) => void) {
    const h = (e: MessageEvent<string>) => listener(JSON.parse(e.data) as Events[E]);
    source.addEventListener(channel, h as EventListener);
    return () => source.removeEventListener(channel, h as EventListener);
  },
  pathForFile(file) {
    return paths.get(file) ?? '';
  },
};

Object.defineProperty(window, 'api', { value: createApi(bridge), writable: false });
Object.defineProperty(window, '__corrkdE2E', {
  value: {
    register: (file: File, path: string) => paths.set(file, path),
  },
});
