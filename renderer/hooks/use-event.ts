import { useEffect, useRef } from 'react';

/**
 * Subscribes to one window.api event for the component's lifetime; `subscribe` returns the
 * unsubscribe function (the preload's contract), which runs on unmount.
 */
export function useEvent<T>(subscribe: (listener: (payload: T) => void) => () => void, listener: (payload: T) => void): void {
  const ref = useRef(listener);
  useEffect(() => {
    ref.current = listener;
  });
  useEffect(() => subscribe((p) => ref.current(p)), [subscribe]);
}
