import { z } from 'zod';
import { ERROR_KINDS } from '../errors.ts';
import type { LogLevel, Progress } from '../context.ts';

/**
 * The one message protocol between the main thread and a worker thread (STYLE habit 7):
 * discriminated unions keyed by `type`, every message carries the call's sequence id, errors cross
 * as {kind, message, stack} and become an AppError again on the other side. Envelopes are validated
 * with zod on receipt (STYLE habit 3); payloads (`args`, `value`) are the method's own business.
 */

/** What a handler receives besides its arguments: forwards to the caller's StageContext. */
export interface WorkerCallContext {
  progress(p: Progress): void;
  log(level: LogLevel, message: string): void;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- handler argument types are each method's own
export type WorkerHandler = (args: any, ctx: WorkerCallContext) => unknown;
export type WorkerApi = Record<string, WorkerHandler>;

/** A handler result whose buffers move to the caller instead of being copied. */
export class Transferred<T> {
  constructor(
    readonly value: T,
    readonly transfer: readonly ArrayBuffer[],
  ) {}
}

/** Return `withTransfer(result, [result.buffer])` from a handler to move, not copy, its buffers. */
export function withTransfer<T>(value: T, transfer: readonly ArrayBuffer[]): Transferred<T> {
  return new Transferred(value, transfer);
}

type Unwrap<R> = R extends Transferred<infer T> ? T : R;
export type ArgsOf<H> = H extends (args: infer A, ctx: WorkerCallContext) => unknown ? A : never;
export type ResultOf<H> = H extends (...a: never[]) => infer R ? Unwrap<Awaited<R>> : never;

// main -> worker
export const CallMessage = z.object({
  type: z.literal('call'),
  id: z.number().int().nonnegative(),
  method: z.string(),
  args: z.unknown(),
});
export type CallMessage = z.infer<typeof CallMessage>;

export const SerializedErrorSchema = z.object({
  kind: z.enum(ERROR_KINDS),
  message: z.string(),
  file: z.string().optional(),
  stack: z.string().optional(),
});

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const satisfies readonly LogLevel[];

// worker -> main
export const ReplyMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int(), value: z.unknown() }),
  z.object({ type: z.literal('error'), id: z.number().int(), error: SerializedErrorSchema }),
  // Progress is produced by our own stage code; only its shape {type: string} is checked here.
  z.object({ type: z.literal('progress'), id: z.number().int(), progress: z.looseObject({ type: z.string() }) }),
  z.object({ type: z.literal('log'), id: z.number().int(), level: z.enum(LOG_LEVELS), message: z.string() }),
]);
export type ReplyMessage = z.infer<typeof ReplyMessage>;
