import { makeContext } from '../../core/context.ts';
import { pullAsrModel } from '../../core/transcript/asr/model-pull.ts';
import { getAsrModel } from '../../core/transcript/asr/asr-models.ts';
import type { SettingsReply } from '../../../preload/contract.ts';
import type { HandlerSlice } from '../ipc/handler-map.ts';
import type { AppServices } from '../services/app-services.ts';
import { asrModels, deviceChoices } from '../services/environment.ts';

export async function settingsReply(s: AppServices): Promise<SettingsReply> {
  const l = s.locations;
  return {
    values: s.settings.get(),
    devices: deviceChoices(),
    asr: await asrModels(),
    locations: { data: l.data, cache: l.cache, asrModels: l.asrModels, bundledModels: l.bundledModels, settingsFile: l.settingsFile },
  };
}

/** Settings: device preference with what is really available, frame rate, ASR model (pull with progress), locations. */
export function settingsHandlers(s: AppServices): HandlerSlice<'settings:get' | 'settings:set' | 'settings:pull-asr'> {
  return {
    'settings:get': () => settingsReply(s),
    'settings:set': (patch) => {
      if (patch.asrModel !== undefined) getAsrModel(patch.asrModel); // unknown name: InvalidArgument listing the valid ones
      const clean = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      s.settings.update(clean);
      if (patch.storeFile !== undefined) s.store.close();
      return settingsReply(s);
    },
    'settings:pull-asr': async ({ name }) => {
      const spec = getAsrModel(name);
      // the same call as `corrkd models pull NAME`; only on this explicit request (never silently)
      await pullAsrModel(
        spec.name,
        makeContext({
          log: s.log,
          onProgress: (p) => {
            if (p.type === 'download') s.emitter.emit('settings:download', p.file, { model: spec.name, file: p.file, loaded: p.loaded, total: p.total ?? null });
          },
        }),
      );
      return settingsReply(s);
    },
  };
}
