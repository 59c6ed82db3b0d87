import type { EventSink } from '../../main/electron/ipc/event-sink.ts';
import { ThrottledEmitter } from '../../main/electron/ipc/event-sink.ts';
import type { EventChannel, Events } from '../../preload/contract.ts';

interface Waiter {
  channel: EventChannel;
  pred: (payload: never) => boolean;
  resolve: (payload: unknown) => void;
}

/**
 * An EventSink that keeps every event the window would receive, in order, and lets a test await the
 * first event matching a predicate (instead of sleeping). `emitter` has no throttle interval, so every
 * event a service emits reaches the sink at once and in order.
 */
export class RecordingSink implements EventSink {
  readonly events: { channel: EventChannel; payload: unknown }[] = [];
  readonly emitter = new ThrottledEmitter(this, 0);
  private waiters: Waiter[] = [];

  emit<E extends EventChannel>(channel: E, payload: Events[E]): void {
    this.events.push({ channel, payload });
    for (const w of [...this.waiters]) {
      if (w.channel === channel && w.pred(payload as never)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(payload);
      }
    }
  }

  /** The payloads of one channel, oldest first (from event index `since`). */
  of<E extends EventChannel>(channel: E, since = 0): Events[E][] {
    return this.events.slice(since).filter((e) => e.channel === channel).map((e) => e.payload as Events[E]);
  }

  /** Index to pass as `since`: only events emitted from now on. */
  mark(): number {
    return this.events.length;
  }

  /** The first event on `channel` from index `since` that matches, already recorded or still to come. */
  waitFor<E extends EventChannel>(channel: E, pred: (p: Events[E]) => boolean, since = 0): Promise<Events[E]> {
    const seen = this.of(channel, since).find(pred);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ channel, pred: pred as (p: never) => boolean, resolve: resolve as (p: unknown) => void }));
  }
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Calls a fake received, in order, with a way to await the n-th one (1-based) whether made yet or not. */
export class CallLog<C> {
  readonly calls: C[] = [];
  private waiting: { n: number; resolve: (c: C) => void }[] = [];

  push(call: C): void {
    this.calls.push(call);
    for (const w of this.waiting.filter((w) => this.calls.length >= w.n)) {
      this.waiting.splice(this.waiting.indexOf(w), 1);
      w.resolve(this.calls[w.n - 1]!);
    }
  }

  nth(n: number): Promise<C> {
    if (this.calls.length >= n) return Promise.resolve(this.calls[n - 1]!);
    return new Promise((resolve) => this.waiting.push({ n, resolve }));
  }
}
