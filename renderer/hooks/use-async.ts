import { useCallback, useState } from 'react';
import { errorText } from '../api.ts';

/** Runs one action at a time and keeps its error text for an inline message (no alert dialogs). */
export function useAction(): { busy: boolean; error: string | null; run: (f: () => Promise<unknown>) => Promise<void>; clear: () => void } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (f: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, clear: () => setError(null) };
}
