import { z } from 'zod';
import { REQUEST_CHANNELS, REQUESTS } from '../../../preload/contract.ts';
import type { Envelope, ParsedArg, Reply, RequestChannel } from '../../../preload/contract.ts';
import { toAppError } from '../../core/errors.ts';
import type { Logger } from '../../core/context.ts';

/**
 * The generic typed helper of the main side (STYLE habits 1, 3). A domain file implements some
 * channels with their PARSED argument types; `validatedHandlers` wraps every channel so that the
 * raw argument is checked against the contract's zod schema before the implementation runs, and
 * every outcome becomes an Envelope (errors keep their AppError kind). The result is a table of
 * plain functions `(raw: unknown) => Promise<Envelope>`: register-ipc.ts puts them behind
 * ipcMain.handle, the e2e bridge behind loopback HTTP, and unit tests call them directly.
 */
export type Implementation<C extends RequestChannel> = (arg: ParsedArg<C>) => Promise<Reply<C>> | Reply<C>;

export type HandlerImpls = { [C in RequestChannel]: Implementation<C> };

/** A slice of the contract implemented by one domain file (analyze, batch, ...). */
export type HandlerSlice<K extends RequestChannel> = { [C in K]: Implementation<C> };

export type RawHandler = (raw: unknown) => Promise<Envelope<unknown>>;
export type RawHandlers = Record<RequestChannel, RawHandler>;

export function validatedHandlers(impls: HandlerImpls, log: Logger): RawHandlers {
  const out = {} as RawHandlers;
  for (const channel of REQUEST_CHANNELS) {
    out[channel] = wrap(channel, impls[channel] as Implementation<RequestChannel>, log);
  }
  return out;
}

function wrap(channel: RequestChannel, impl: Implementation<RequestChannel>, log: Logger): RawHandler {
  const schema: z.ZodType = REQUESTS[channel];
  return async (raw) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const message = `${channel}: invalid argument: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`;
      log('warn', message);
      return { ok: false, error: { kind: 'InvalidArgument', message } };
    }
    try {
      const value = await impl(parsed.data as never);
      return { ok: true, value };
    } catch (e) {
      const err = toAppError(e);
      log(err.kind === 'Internal' ? 'error' : 'info', `${channel}: ${err.kind}: ${err.message}`);
      return { ok: false, error: { kind: err.kind, message: err.message } };
    }
  };
}
