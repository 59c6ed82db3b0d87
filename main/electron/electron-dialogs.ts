import { dialog, type BrowserWindow } from 'electron';
import { MEDIA_EXTENSIONS } from '../core/jobs/media-sniff.ts';
import type { Dialogs } from './services/dialogs.ts';

const FILTERS: Record<'csv' | 'sqlite', Electron.FileFilter[]> = {
  csv: [{ name: 'CSV', extensions: ['csv'] }],
  sqlite: [{ name: 'Results store', extensions: ['sqlite', 'db', 'sqlite3'] }],
};

/** The native dialogs, parented to the window. */
export function electronDialogs(getWindow: () => BrowserWindow | null): Dialogs {
  const parent = () => getWindow() ?? undefined;
  const open = async (opts: Electron.OpenDialogOptions): Promise<string[]> => {
    const w = parent();
    const r = w ? await dialog.showOpenDialog(w, opts) : await dialog.showOpenDialog(opts);
    return r.canceled ? [] : r.filePaths;
  };
  return {
    openMedia: () =>
      open({
        title: 'Choose clips to analyse',
        properties: ['openFile', 'multiSelections'],
        filters: [{ name: 'Audio and video', extensions: [...MEDIA_EXTENSIONS] }, { name: 'All files', extensions: ['*'] }],
      }),
    openFolder: async (title) => (await open({ title, properties: ['openDirectory'] }))[0] ?? null,
    openFile: async (title, kind) => (await open({ title, properties: ['openFile'], filters: FILTERS[kind] }))[0] ?? null,
    saveFile: async (title, defaultName) => {
      const w = parent();
      const r = w ? await dialog.showSaveDialog(w, { title, defaultPath: defaultName }) : await dialog.showSaveDialog({ title, defaultPath: defaultName });
      return r.canceled || !r.filePath ? null : r.filePath;
    },
  };
}
