import type { EventChannel, Events } from '../../../preload/contract.ts';

/** Where main -> renderer events go: the window's webContents, or the e2e bridge's event stream. */
export interface EventSink {
  emit<E extends EventChannel>(channel: E, payload: Events[E]): void;
}

/** Progress is throttled to about 10 events a second (STYLE habit 10). */
export const PROGRESS_INTERVAL_MS = 100;

/**
 * Latest-wins throttle per (channel, key): the first event of a quiet period goes out at once, the
 * ones that follow within PROGRESS_INTERVAL_MS are coalesced into one trailing event carrying the
 * newest payload. `final` events (a job ended, a state changed) flush at once and drop anything
 * pending for that key, so the renderer never sees a stale "running" after "done".
 */
export class ThrottledEmitter {
  private readonly last = new Map<string, number>();
  private readonly pending = new Map<string, { timer: ReturnType<typeof setTimeout>; send: () => void }>();

  constructor(
    private readonly sink: EventSink,
    private readonly intervalMs = PROGRESS_INTERVAL_MS,
    private readonly now: () => number = () => Date.now(),
  ) {}

  emit<E extends EventChannel>(channel: E, key: string, payload: Events[E], opts: { final?: boolean } = {}): void {
    const id = `${channel}\u0000${key}`;
    const send = () => {
      this.pending.delete(id);
      this.last.set(id, this.now());
      this.sink.emit(channel, payload);
    };
    const queued = this.pending.get(id);
    if (queued) clearTimeout(queued.timer);
    if (opts.final) {
      this.pending.delete(id);
      send();
      this.last.delete(id);
      return;
    }
    const wait = (this.last.get(id) ?? -Infinity) + this.intervalMs - this.now();
    if (wait <= 0) {
      send();
      return;
    }
    this.pending.set(id, { timer: setTimeout(send, wait), send });
  }

  /** Sends whatever is pending now (used on shutdown and by tests). */
  flush(): void {
    for (const { timer, send } of [...this.pending.values()]) {
      clearTimeout(timer);
      send();
    }
  }
}
