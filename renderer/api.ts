/**
 * The renderer's only door to the app: `window.api`, whose type is inferred from the preload's
 * createApi (STYLE habit 2). Calls resolve to envelopes; `call` unwraps them and throws ApiError,
 * which keeps the AppError kind, so views branch on `kind`, never on message text.
 */
import type { Api } from '../preload/api.ts';
import type { Envelope, ErrorKind } from '../preload/contract.ts';

declare global {
  interface Window {
    api: Api;
  }
}

export class ApiError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function api(): Api {
  return window.api;
}

export async function call<T>(p: Promise<Envelope<T>>): Promise<T> {
  const env = await p;
  if (!env.ok) throw new ApiError(env.error.kind, env.error.message);
  return env.value;
}

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return `${e.kind}: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}
