import { threadId } from 'node:worker_threads';
import { AppError, ERROR_KINDS } from '../core/errors.ts';
import type { ErrorKind } from '../core/errors.ts';
import { withTransfer } from './protocol.ts';
import type { WorkerCallContext } from './protocol.ts';
import { serveWorker } from './worker-host.ts';

/**
 * The smallest real worker: sums and scales Float32Arrays. It exists to exercise the worker
 * infrastructure (typed calls, transfers, errors, crashes, cancel) in tests; real workers (face,
 * audio features, ONNX) follow the same shape: handlers in an object, its type exported, serveWorker.
 */
const api = {
  sum(args: { values: Float32Array }): { total: number; length: number; threadId: number } {
    let total = 0;
    for (const v of args.values) total += v;
    return { total, length: args.values.length, threadId };
  },

  /** Multiplies in place and moves the buffer back (no copy either way). */
  scale(args: { values: Float32Array; factor: number }) {
    for (let i = 0; i < args.values.length; i++) args.values[i] = (args.values[i] ?? 0) * args.factor;
    return withTransfer(args.values, [args.values.buffer as ArrayBuffer]);
  },

  /** Reports `steps` progress events, then returns. */
  count(args: { steps: number }, ctx: WorkerCallContext): number {
    for (let i = 1; i <= args.steps; i++) ctx.progress({ type: 'message', text: `step ${i}` });
    return args.steps;
  },

  /** Throws an AppError of the given kind (errors must cross as {kind, message, stack}). */
  fail(args: { kind: ErrorKind; message: string }): never {
    if (!ERROR_KINDS.includes(args.kind)) throw new Error(`plain error: ${args.message}`);
    throw new AppError(args.kind, args.message);
  },

  /** Dies without replying. */
  exit(args: { code: number }): never {
    process.exit(args.code);
  },

  /** Busy-waits (synchronous CPU work that only terminating the thread can stop). */
  spin(args: { ms: number }): number {
    const end = Date.now() + args.ms;
    let n = 0;
    while (Date.now() < end) n++;
    return n;
  },
};

export type SumWorkerApi = typeof api;

serveWorker(api);
