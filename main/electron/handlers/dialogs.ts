import type { HandlerSlice } from '../ipc/handler-map.ts';
import type { AppServices } from '../services/app-services.ts';

/** Native pickers: the renderer asks, main shows the dialog and returns the chosen path(s). */
export function dialogHandlers(s: AppServices): HandlerSlice<'dialog:open-media' | 'dialog:open-folder' | 'dialog:open-file' | 'dialog:save-file'> {
  return {
    'dialog:open-media': () => s.dialogs.openMedia(),
    'dialog:open-folder': ({ title }) => s.dialogs.openFolder(title),
    'dialog:open-file': ({ title, kind }) => s.dialogs.openFile(title, kind),
    'dialog:save-file': ({ title, defaultName }) => s.dialogs.saveFile(title, defaultName),
  };
}
