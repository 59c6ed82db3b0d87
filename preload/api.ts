/**
 * The renderer's API as named functions (STYLE habit 2), built over a two-method bridge. The
 * Electron preload gives it a bridge made of ipcRenderer (preload.ts); the browser test gives it one
 * made of loopback HTTP (test/e2e/bridge-client.ts). Same function, same shape: the renderer's
 * `window.api` type is `Api`, inferred from here.
 *
 * Every call resolves to an Envelope (`{ok, value} | {ok, error}`) so the error kind survives the
 * context bridge (which copies only an Error's message); the renderer unwraps it.
 */
import type { Envelope, EventChannel, Events, Reply, RequestArg, RequestChannel } from './contract.ts';

export interface Bridge {
  invoke<C extends RequestChannel>(channel: C, arg: RequestArg<C>): Promise<Envelope<Reply<C>>>;
  /** Subscribes to one event channel; returns the unsubscribe function. */
  on<E extends EventChannel>(channel: E, listener: (payload: Events[E]) => void): () => void;
  /**
   * The file-system path of a dropped File (Electron: webUtils.getPathForFile; '' when the File
   * has no path, e.g. one made by a page script). Paths go back to main only as arguments that
   * main validates; the renderer never opens files itself.
   */
  pathForFile(file: File): string;
}

export function createApi(b: Bridge) {
  const call =
    <C extends RequestChannel>(c: C) =>
    (arg: RequestArg<C>) =>
      b.invoke(c, arg);
  const call0 =
    <C extends RequestChannel>(c: C) =>
    () =>
      b.invoke(c, undefined as RequestArg<C>);
  const sub =
    <E extends EventChannel>(e: E) =>
    (listener: (payload: Events[E]) => void) =>
      b.on(e, listener);

  return {
    files: {
      pathOf: (file: File): string => b.pathForFile(file),
    },
    analyze: {
      start: call('analyze:start'),
      cancel: call('analyze:cancel'),
      list: call0('analyze:list'),
      result: call('analyze:result'),
      clear: call0('analyze:clear'),
      onJob: sub('analyze:job'),
    },
    batch: {
      start: call('batch:start'),
      cancel: call0('batch:cancel'),
      state: call0('batch:state'),
      jobs: call0('batch:jobs'),
      rows: call('batch:rows'),
      result: call('batch:result'),
      exportRows: call('batch:export'),
      onProgress: sub('batch:progress'),
      onState: sub('batch:state'),
    },
    models: {
      list: call0('models:list'),
      activate: call('models:activate'),
      buildDataset: call('dataset:build'),
      cancelDataset: call0('dataset:cancel'),
      onDatasetProgress: sub('dataset:progress'),
      train: call('training:start'),
      stopTraining: call0('training:stop'),
      trainingState: call0('training:state'),
      exportPack: call('training:export'),
      evaluate: call('training:evaluate'),
      onTrainBatch: sub('training:batch'),
      onTrainEpoch: sub('training:epoch'),
      onTrainState: sub('training:state'),
    },
    settings: {
      get: call0('settings:get'),
      set: call('settings:set'),
      pullAsr: call('settings:pull-asr'),
      onDownload: sub('settings:download'),
    },
    dialogs: {
      openMedia: call0('dialog:open-media'),
      openFolder: call('dialog:open-folder'),
      openFile: call('dialog:open-file'),
      saveFile: call('dialog:save-file'),
    },
  };
}

export type Api = ReturnType<typeof createApi>;
