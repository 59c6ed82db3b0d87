import type { HandlerSlice } from '../ipc/handler-map.ts';
import type { AppServices } from '../services/app-services.ts';

/** Analyse view: drop files/folders, follow their jobs, read a result. */
export function analyzeHandlers(s: AppServices): HandlerSlice<'analyze:start' | 'analyze:cancel' | 'analyze:list' | 'analyze:result' | 'analyze:clear'> {
  return {
    'analyze:start': ({ paths }) => s.analyze.start(paths),
    'analyze:cancel': ({ jobId }) => s.analyze.cancel(jobId),
    'analyze:list': () => s.analyze.list(),
    'analyze:result': ({ jobId }) => s.analyze.result(jobId),
    'analyze:clear': () => s.analyze.clear(),
  };
}
