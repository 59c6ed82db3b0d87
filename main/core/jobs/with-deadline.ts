import { AppError } from '../errors.ts';

/**
 * Runs one stage under a deadline and a parent cancel signal. The stage gets its own signal, aborted
 * with an AppError reason: 'Timeout' when `timeoutMs` passes, 'Canceled' when the parent aborts.
 * A cooperative stage then kills its children and rejects; we wait up to `graceMs` for it to settle
 * (so no child outlives the call), and give up on one that ignores its signal rather than hang the
 * batch. Whatever the stage rejected with, an abort reports the abort's own reason, so a timed-out
 * stage reads 'Timeout' even if it threw 'Canceled' on its signal.
 */
export const ABORT_GRACE_MS = 5000;

export interface DeadlineOptions {
  parent: AbortSignal;
  timeoutMs: number | null;
  /** Names the work in the Timeout message, e.g. the file path. */
  what: string;
  graceMs?: number;
}

export async function withDeadline<T>(fn: (signal: AbortSignal) => Promise<T>, opts: DeadlineOptions): Promise<T> {
  const ac = new AbortController();
  const onParent = () => ac.abort(opts.parent.reason instanceof AppError ? opts.parent.reason : new AppError('Canceled', `${opts.what} was canceled.`));
  if (opts.parent.aborted) onParent();
  else opts.parent.addEventListener('abort', onParent, { once: true });
  const timer =
    opts.timeoutMs !== null && opts.timeoutMs > 0
      ? setTimeout(
          () => ac.abort(new AppError('Timeout', `${opts.what} did not finish within ${formatSeconds(opts.timeoutMs!)} (per-file time limit).`)),
          opts.timeoutMs,
        )
      : undefined;
  const work = Promise.resolve().then(() => fn(ac.signal));
  const settledWork = work.then(
    () => undefined,
    () => undefined,
  );
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      const grace = new Promise<void>((r) => setTimeout(r, opts.graceMs ?? ABORT_GRACE_MS).unref());
      void Promise.race([settledWork, grace]).then(() => reject(ac.signal.reason as AppError));
    };
    if (ac.signal.aborted) onAbort();
    else ac.signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => {});
  try {
    return await Promise.race([work, aborted]);
  } catch (e) {
    if (ac.signal.aborted) throw ac.signal.reason as AppError;
    throw e;
  } finally {
    if (timer) clearTimeout(timer);
    opts.parent.removeEventListener('abort', onParent);
    if (onAbort) ac.signal.removeEventListener('abort', onAbort);
  }
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}
