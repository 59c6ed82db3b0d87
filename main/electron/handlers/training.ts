import path from 'node:path';
import { AppError } from '../../core/errors.ts';
import type { HandlerSlice } from '../ipc/handler-map.ts';
import type { AppServices } from '../services/app-services.ts';
import { activatePack, modelsReply, rememberPack } from './models.ts';

type TrainingChannels =
  | 'dataset:build'
  | 'dataset:cancel'
  | 'training:start'
  | 'training:stop'
  | 'training:state'
  | 'training:export'
  | 'training:evaluate';

/** Dataset build, train, evaluate, export: `corrkd dataset build / train / eval / export-onnx` in the window. */
export function trainingHandlers(s: AppServices): HandlerSlice<TrainingChannels> {
  return {
    'dataset:build': (arg) => s.training.buildDataset(arg),
    'dataset:cancel': () => s.training.cancelDataset(),
    'training:start': (arg) => s.training.start(arg),
    'training:stop': () => s.training.stop(),
    'training:state': () => s.training.current(),
    'training:export': async (arg) => {
      const r = await s.training.exportPack(arg);
      rememberPack(s, r.dir);
      if (arg.activate) await activatePack(s, r.dir);
      const models = await modelsReply(s);
      const pack = models.packs.find((p) => path.resolve(p.dir) === path.resolve(r.dir));
      if (!pack) throw new AppError('Internal', `The exported pack ${r.dir} does not appear in the pack list.`, { file: r.dir });
      return { pack };
    },
    'training:evaluate': (arg) => s.training.evaluate(arg),
  };
}
