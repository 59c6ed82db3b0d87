import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { REQUEST_CHANNELS, type EventChannel, type Events, type RequestChannel } from '../../preload/contract.ts';
import type { Logger } from '../../main/core/context.ts';
import { APP_HOST, mimeOf, resolveAppFile } from '../../main/electron/app-protocol.ts';
import { createIpcHandlers } from '../../main/electron/ipc/handlers.ts';
import type { EventSink } from '../../main/electron/ipc/event-sink.ts';
import { createAppServices, type AppServices } from '../../main/electron/services/app-services.ts';
import type { Dialogs } from '../../main/electron/services/dialogs.ts';
import { APP_SCHEME, CONTENT_SECURITY_POLICY } from '../../main/electron/window-options.ts';

/**
 * The e2e stand-in for Electron's main process: the SAME services and zod-validated IPC handlers
 * (createAppServices + createIpcHandlers) served over loopback HTTP, bound to 127.0.0.1 only.
 *
 *   POST /ipc/<channel>   body = the JSON argument (or empty for none) -> the handler's Envelope
 *   GET  /events          Server-Sent Events: one `event: <channel>` per main -> renderer event
 *   GET  /...             the built renderer (dist/renderer), resolved with the app protocol's own
 *                         resolver and sent with the app's CSP header
 *
 * Dialogs are scripted by the test (ScriptedDialogs): a browser cannot show native pickers.
 */
export class ScriptedDialogs implements Dialogs {
  private readonly answers: Record<keyof Dialogs, (string | null | string[])[]> = { openMedia: [], openFolder: [], openFile: [], saveFile: [] };

  /** Queues the answer the next call of `method` gets. */
  answer(method: keyof Dialogs, value: string | null | string[]): void {
    this.answers[method].push(value);
  }

  private next(method: keyof Dialogs): string | null | string[] {
    const a = this.answers[method].shift();
    if (a === undefined) throw new Error(`e2e: dialog ${method} was opened but the test queued no answer`);
    return a;
  }

  openMedia = async (): Promise<string[]> => this.next('openMedia') as string[];
  openFolder = async (): Promise<string | null> => this.next('openFolder') as string | null;
  openFile = async (): Promise<string | null> => this.next('openFile') as string | null;
  saveFile = async (): Promise<string | null> => this.next('saveFile') as string | null;
}

export interface Bridge {
  url: string;
  services: AppServices;
  dialogs: ScriptedDialogs;
  events: { channel: EventChannel; payload: unknown }[];
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of req) {
    n += (c as Buffer).length;
    if (n > MAX_BODY) throw new Error('request body too large');
    chunks.push(c as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

export async function startBridge(opts: { rendererDir: string; dataDir: string; log?: Logger }): Promise<Bridge> {
  const clients = new Set<ServerResponse>();
  const events: Bridge['events'] = [];
  const sink: EventSink = {
    emit<E extends EventChannel>(channel: E, payload: Events[E]) {
      events.push({ channel, payload });
      const frame = `event: ${channel}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const c of clients) c.write(frame);
    },
  };
  const dialogs = new ScriptedDialogs();
  const log: Logger = opts.log ?? ((level, m) => level !== 'debug' && level !== 'info' && process.stderr.write(`[bridge] ${level}: ${m}\n`));
  const services = createAppServices({ dataDir: opts.dataDir, sink, dialogs, log });
  const handlers = createIpcHandlers(services);
  const channels: ReadonlySet<string> = new Set(REQUEST_CHANNELS);

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'POST' && url.pathname.startsWith('/ipc/')) {
        const channel = decodeURIComponent(url.pathname.slice(5));
        if (!channels.has(channel)) return send(res, 404, 'text/plain', 'unknown channel');
        let arg: unknown;
        try {
          arg = await body(req);
        } catch (e) {
          return send(res, 400, 'text/plain', (e as Error).message);
        }
        const envelope = await handlers[channel as RequestChannel](arg);
        return send(res, 200, 'application/json', JSON.stringify(envelope));
      }
      if (req.method === 'GET' && url.pathname === '/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': connected\n\n');
        clients.add(res);
        req.on('close', () => clients.delete(res));
        return;
      }
      if (req.method === 'GET') {
        const file = resolveAppFile(`${APP_SCHEME}://${APP_HOST}${url.pathname}`, { [APP_HOST]: opts.rendererDir });
        if (!file) return send(res, 404, 'text/plain', 'not found');
        try {
          const data = await readFile(file);
          res.writeHead(200, { 'content-type': mimeOf(file) ?? 'application/octet-stream', 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' });
          res.end(data);
        } catch {
          send(res, 404, 'text/plain', 'not found');
        }
        return;
      }
      send(res, 405, 'text/plain', 'method not allowed');
    })().catch((e: unknown) => send(res, 500, 'text/plain', String(e)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    services,
    dialogs,
    events,
    close: async () => {
      for (const c of clients) c.end();
      services.dispose();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: ServerResponse, status: number, type: string, text: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': type });
  res.end(text);
}
