import path from 'node:path';
import type { Logger } from '../../core/context.ts';
import { createBatchAnalyzer, type BatchAnalyzer } from '../../core/jobs/default-analyzer.ts';
import { cacheDir } from '../../core/paths.ts';
import { userModelsDir } from '../../core/transcript/asr/asr-models.ts';
import { MODELS_DIR } from '../../core/paths.ts';
import { createPipelineWorkers } from '../../core/pipeline/worker-pools.ts';
import type { SettingsValues } from '../../../preload/contract.ts';
import { ThrottledEmitter, type EventSink } from '../ipc/event-sink.ts';
import { AnalyzeQueue, type ClipAnalyzer } from './analyze-queue.ts';
import { BatchRunner } from './batch-runner.ts';
import { BatchStoreView } from './batch-store-view.ts';
import { analyzerFromSettings } from './clip-analyzer.ts';
import type { Dialogs } from './dialogs.ts';
import { SettingsStore } from './settings-store.ts';
import { TrainingService } from './training-service.ts';

export interface AppEnv {
  /** per-user data folder (settings, results store, exported packs, evaluations) */
  dataDir: string;
  sink: EventSink;
  dialogs: Dialogs;
  log: Logger;
  /** how a clip is analysed; default analyzeClip with the settings (tests never replace it) */
  clipAnalyzer?: (s: SettingsValues) => Promise<ClipAnalyzer>;
  batchAnalyzer?: (s: SettingsValues) => Promise<BatchAnalyzer>;
}

export interface Locations {
  data: string;
  cache: string;
  asrModels: string;
  bundledModels: string;
  settingsFile: string;
  userPacks: string;
  evaluations: string;
}

/** Everything the IPC handlers work with, built once per window (or per e2e bridge). */
export interface AppServices {
  settings: SettingsStore;
  emitter: ThrottledEmitter;
  analyze: AnalyzeQueue;
  batch: BatchRunner;
  store: BatchStoreView;
  training: TrainingService;
  dialogs: Dialogs;
  locations: Locations;
  log: Logger;
  dispose(): void;
}

export function createAppServices(env: AppEnv): AppServices {
  const locations: Locations = {
    data: env.dataDir,
    cache: cacheDir(),
    asrModels: userModelsDir(),
    bundledModels: MODELS_DIR,
    settingsFile: path.join(env.dataDir, 'settings.json'),
    userPacks: path.join(env.dataDir, 'packs'),
    evaluations: path.join(env.dataDir, 'evaluations'),
  };
  const settings = new SettingsStore(locations.settingsFile, env.dataDir, (m) => env.log('warn', m));
  const emitter = new ThrottledEmitter(env.sink);
  // One set of pipeline threads for the window's lifetime, shared by single clips and batches (threads
  // start on first use); a batch ending does not close them, dispose() does.
  const workers = createPipelineWorkers();
  const clipAnalyzer = env.clipAnalyzer ?? ((s: SettingsValues) => analyzerFromSettings(s, workers));
  const batchAnalyzer =
    env.batchAnalyzer ??
    ((s: SettingsValues) => createBatchAnalyzer({ ...(s.activePack ? { modelDir: s.activePack } : {}), device: s.device, workers }));
  const analyze = new AnalyzeQueue({ analyzer: () => clipAnalyzer(settings.get()), emitter, log: env.log });
  const batch = new BatchRunner({ analyzer: () => batchAnalyzer(settings.get()), storeFile: () => settings.get().storeFile, emitter, log: env.log });
  const store = new BatchStoreView(() => settings.get().storeFile);
  const training = new TrainingService({ emitter, log: env.log, locations });
  return {
    settings,
    emitter,
    analyze,
    batch,
    store,
    training,
    dialogs: env.dialogs,
    locations,
    log: env.log,
    dispose() {
      analyze.cancelAll();
      batch.cancel();
      training.cancelAll();
      emitter.flush();
      store.close();
      void workers.close();
    },
  };
}
