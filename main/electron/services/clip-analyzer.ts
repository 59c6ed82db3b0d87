import { analyzeClip } from '../../core/pipeline/analyze-clip.ts';
import { withWorkers, type PipelineWorkers } from '../../core/pipeline/worker-pools.ts';
import { getAsrModel } from '../../core/transcript/asr/asr-models.ts';
import { modelState } from '../../core/transcript/asr/model-store.ts';
import type { SettingsValues } from '../../../preload/contract.ts';
import type { ClipAnalyzer } from './analyze-queue.ts';

/**
 * The window analyses a clip exactly as `corrkd analyze` does: analyzeClip with the options the
 * settings hold (model pack, device, frame rate). Whisper runs only when the analyst enabled it
 * AND the model is already downloaded: the window never downloads silently (DESIGN 3.4).
 */
export async function analyzerFromSettings(s: SettingsValues, workers: PipelineWorkers): Promise<ClipAnalyzer> {
  const asr = s.useAsr ? await modelState(getAsrModel(s.asrModel)).catch(() => null) : null;
  const allowAsr = asr?.state === 'present';
  return (file, ctx) =>
    analyzeClip(file, withWorkers(ctx, workers), {
      ...(s.activePack ? { model: s.activePack } : {}),
      device: s.device,
      fps: s.fps,
      allowAsr,
      ...(allowAsr ? { asrModel: s.asrModel } : {}),
    });
}
