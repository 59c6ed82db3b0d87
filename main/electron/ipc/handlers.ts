import type { AppServices } from '../services/app-services.ts';
import { analyzeHandlers } from '../handlers/analyze.ts';
import { batchHandlers } from '../handlers/batch.ts';
import { dialogHandlers } from '../handlers/dialogs.ts';
import { modelsHandlers } from '../handlers/models.ts';
import { settingsHandlers } from '../handlers/settings.ts';
import { trainingHandlers } from '../handlers/training.ts';
import { validatedHandlers, type HandlerImpls, type RawHandlers } from './handler-map.ts';

/**
 * Every channel of the contract, implemented by the domain files and wrapped with zod validation.
 * The object literal must cover the contract exactly (HandlerImpls), so a channel without a handler
 * does not compile. Electron registers these with ipcMain; the e2e bridge serves the same ones.
 */
export function createIpcHandlers(s: AppServices): RawHandlers {
  const impls: HandlerImpls = {
    ...analyzeHandlers(s),
    ...batchHandlers(s),
    ...modelsHandlers(s),
    ...trainingHandlers(s),
    ...settingsHandlers(s),
    ...dialogHandlers(s),
  };
  return validatedHandlers(impls, s.log);
}
