import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROGRESS_INTERVAL_MS, ThrottledEmitter } from '../../../../main/electron/ipc/event-sink.ts';
import type { StageEvent } from '../../../../preload/contract.ts';

describe('progress events are throttled to about 10 a second', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const ev = (fraction: number): StageEvent => ({ stage: 'decode', fraction, detail: null });

  it('coalesces a burst into at most one event per interval, newest payload last', () => {
    const seen: number[] = [];
    const t = new ThrottledEmitter({ emit: (_c, p) => seen.push((p as StageEvent).fraction ?? -1) }, PROGRESS_INTERVAL_MS, () => Date.now());
    // 1000 progress events over one second (one per ms)
    for (let i = 1; i <= 1000; i++) {
      t.emit('dataset:progress', 'k', ev(i / 1000));
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(PROGRESS_INTERVAL_MS);
    expect(seen.length).toBeGreaterThanOrEqual(9);
    expect(seen.length).toBeLessThanOrEqual(11);
    expect(seen[seen.length - 1]).toBe(1);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('sends a final event at once and drops the pending one it supersedes', () => {
    const seen: number[] = [];
    const t = new ThrottledEmitter({ emit: (_c, p) => seen.push((p as StageEvent).fraction ?? -1) }, PROGRESS_INTERVAL_MS, () => Date.now());
    t.emit('dataset:progress', 'k', ev(0.1));
    t.emit('dataset:progress', 'k', ev(0.2)); // pending
    t.emit('dataset:progress', 'k', ev(1), { final: true });
    vi.advanceTimersByTime(10 * PROGRESS_INTERVAL_MS);
    expect(seen).toEqual([0.1, 1]);
  });

  it('throttles each key on its own', () => {
    const seen: string[] = [];
    const t = new ThrottledEmitter({ emit: (_c, p) => seen.push((p as StageEvent).detail ?? '') }, PROGRESS_INTERVAL_MS, () => Date.now());
    t.emit('dataset:progress', 'a', { stage: 'decode', fraction: 0, detail: 'a' });
    t.emit('dataset:progress', 'b', { stage: 'decode', fraction: 0, detail: 'b' });
    expect(seen).toEqual(['a', 'b']);
  });
});
