import path from 'node:path';
import { AppError } from '../../core/errors.ts';
import { checkContract, readManifest, verifyPackFiles } from '../../core/inference/pack.ts';
import type { ModelsReply } from '../../../preload/contract.ts';
import type { HandlerSlice } from '../ipc/handler-map.ts';
import type { AppServices } from '../services/app-services.ts';
import { listModels } from '../services/model-packs.ts';

type ModelChannels = 'models:list' | 'models:activate';

export function modelsReply(s: AppServices): Promise<ModelsReply> {
  const v = s.settings.get();
  return listModels({ userPacksDir: s.locations.userPacks, activePack: v.activePack, knownPacks: v.knownPacks, evalDir: s.locations.evaluations });
}

/** Verifies a pack (manifest, io contract, checksums) before the app switches to it (STYLE habit 11). */
export async function activatePack(s: AppServices, dir: string): Promise<void> {
  const abs = path.resolve(dir);
  try {
    const m = await readManifest(abs);
    checkContract(abs, m);
    await verifyPackFiles(abs, m);
  } catch (e) {
    if (e instanceof AppError) throw new AppError(e.kind, `Not switching to ${abs}: ${e.message}`, { file: abs });
    throw e;
  }
  rememberPack(s, abs);
  s.settings.update({ activePack: abs });
}

/** Keeps a pack folder that lies outside the pack folders in the list (exported or activated here). */
export function rememberPack(s: AppServices, dir: string): void {
  const known = s.settings.get().knownPacks;
  const abs = path.resolve(dir);
  if (!known.includes(abs)) s.settings.update({ knownPacks: [...known, abs] });
}

export function modelsHandlers(s: AppServices): HandlerSlice<ModelChannels> {
  return {
    'models:list': () => modelsReply(s),
    'models:activate': async ({ dir }) => {
      await activatePack(s, dir);
      return modelsReply(s);
    },
  };
}
