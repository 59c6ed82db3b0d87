import { runExportCommand } from '../../cli/commands/export.ts';
import type { HandlerSlice } from '../ipc/handler-map.ts';
import type { AppServices } from '../services/app-services.ts';

type BatchChannels = 'batch:start' | 'batch:cancel' | 'batch:state' | 'batch:jobs' | 'batch:rows' | 'batch:result' | 'batch:export';

/** Batch view: the same runner and store as `corrkd batch`, the same export as `corrkd export`. */
export function batchHandlers(s: AppServices): HandlerSlice<BatchChannels> {
  return {
    'batch:start': (arg) => s.batch.start(arg),
    'batch:cancel': () => s.batch.cancel(),
    'batch:state': () => s.batch.current(),
    'batch:jobs': () => s.store.jobs(),
    'batch:rows': (q) => s.store.rows(q),
    'batch:result': ({ jobId, path }) => s.store.result(jobId, path),
    'batch:export': async ({ jobId, format, out }) => {
      await runExportCommand({ db: s.settings.get().storeFile, format, out, job: jobId, bom: format === 'csv' });
      return { file: out };
    },
  };
}
