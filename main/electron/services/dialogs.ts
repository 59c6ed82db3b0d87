/**
 * Native file dialogs, as an interface: the Electron implementation (electron-dialogs.ts) shows
 * them; the e2e bridge answers with fixed paths. Handlers never see which one they use.
 */
export interface Dialogs {
  /** media files (several) */
  openMedia(): Promise<string[]>;
  openFolder(title: string): Promise<string | null>;
  openFile(title: string, kind: 'csv' | 'sqlite'): Promise<string | null>;
  saveFile(title: string, defaultName: string): Promise<string | null>;
}
