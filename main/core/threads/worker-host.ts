import { parentPort } from 'node:worker_threads';
import type { Transferable } from 'node:worker_threads';
import { AppError, toAppError } from '../errors.ts';
import type { Progress } from '../context.ts';
import { CallMessage, Transferred } from './protocol.ts';
import type { ReplyMessage, WorkerApi, WorkerCallContext } from './protocol.ts';

/**
 * The worker-thread side of the protocol: `serveWorker(api)` at the bottom of a `*.worker.ts` file
 * answers each call with a result or an error. Calls run one at a time per worker (the pool never
 * sends a second before the first is answered), so a handler may be synchronous CPU work.
 */
export function serveWorker(api: WorkerApi): void {
  const port = parentPort;
  if (!port) throw new AppError('Internal', 'serveWorker() must run inside a worker thread.');
  const methods = Object.keys(api).sort();
  const send = (m: ReplyMessage, transfer: readonly Transferable[] = []): void => port.postMessage(m, [...transfer]);

  port.on('message', (raw: unknown) => {
    const parsed = CallMessage.safeParse(raw);
    if (!parsed.success) {
      const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : -1;
      send({ type: 'error', id, error: new AppError('Internal', `Malformed message to worker: ${parsed.error.message}`).toJSON() });
      return;
    }
    const { id, method, args } = parsed.data;
    const handler = Object.hasOwn(api, method) ? api[method] : undefined;
    if (!handler) {
      send({ type: 'error', id, error: new AppError('InvalidArgument', `Unknown worker method '${method}'; valid: ${methods.join(', ')}.`).toJSON() });
      return;
    }
    const ctx: WorkerCallContext = {
      progress: (progress: Progress) => send({ type: 'progress', id, progress }),
      log: (level, message) => send({ type: 'log', id, level, message }),
    };
    void (async () => {
      try {
        const out = await handler(args, ctx);
        if (out instanceof Transferred) send({ type: 'result', id, value: out.value }, out.transfer);
        else send({ type: 'result', id, value: out });
      } catch (e) {
        send({ type: 'error', id, error: toAppError(e).toJSON() });
      }
    })();
  });
}
