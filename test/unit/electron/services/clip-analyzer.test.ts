import { beforeEach, describe, expect, it, vi } from 'vitest';
import { makeContext } from '../../../../main/core/context.ts';
import { DEFAULT_ASR_MODEL } from '../../../../main/core/transcript/asr/asr-models.ts';
import { analyzerFromSettings } from '../../../../main/electron/services/clip-analyzer.ts';
import type { PipelineWorkers } from '../../../../main/core/pipeline/worker-pools.ts';
import type { SettingsValues } from '../../../../preload/contract.ts';

// The window's analyser is analyzeClip with options from the settings: both ends are replaced, so
// what is checked is exactly which options reach analyzeClip (no pipeline, no model is loaded).
const { analyzeClip, modelState } = vi.hoisted(() => ({
  analyzeClip: vi.fn(async (file: string) => ({ file })),
  modelState: vi.fn(async (): Promise<{ state: string }> => ({ state: 'missing' })),
}));
vi.mock('../../../../main/core/pipeline/analyze-clip.ts', () => ({ analyzeClip }));
vi.mock('../../../../main/core/transcript/asr/model-store.ts', () => ({ modelState }));

// the pipeline's threads are the app's: handed to every analysis in its context
const workers = { close: async () => {} } as unknown as PipelineWorkers;

const settings = (patch: Partial<SettingsValues> = {}): SettingsValues => ({
  device: 'cpu',
  fps: 8,
  useAsr: false,
  asrModel: DEFAULT_ASR_MODEL,
  activePack: null,
  knownPacks: [],
  storeFile: '/data/results.sqlite',
  ...patch,
});

describe('the clip analyzer built from the settings', () => {
  beforeEach(() => {
    analyzeClip.mockClear();
    modelState.mockClear();
  });

  it('passes device, frame rate and the active pack; no Whisper when it is switched off (its model is not even looked at)', async () => {
    const ctx = makeContext();
    const analyze = await analyzerFromSettings(settings({ activePack: '/packs/mine' }), workers);
    await analyze('/clips/a.mp4', ctx);
    expect(analyzeClip).toHaveBeenCalledWith('/clips/a.mp4', { ...ctx, workers }, { model: '/packs/mine', device: 'cpu', fps: 8, allowAsr: false });
    expect(modelState).not.toHaveBeenCalled();

    await (await analyzerFromSettings(settings({ device: 'gpu', fps: 5 }), workers))('/clips/b.mp4', ctx);
    expect(analyzeClip).toHaveBeenLastCalledWith('/clips/b.mp4', { ...ctx, workers }, { device: 'gpu', fps: 5, allowAsr: false }); // default pack: no model option
  });

  it('runs Whisper only when it is switched on and its model is already downloaded: it never downloads', async () => {
    const ctx = makeContext();
    modelState.mockResolvedValueOnce({ state: 'present' });
    await (await analyzerFromSettings(settings({ useAsr: true }), workers))('/clips/a.mp4', ctx);
    expect(analyzeClip).toHaveBeenLastCalledWith('/clips/a.mp4', { ...ctx, workers }, { device: 'cpu', fps: 8, allowAsr: true, asrModel: DEFAULT_ASR_MODEL });

    modelState.mockResolvedValueOnce({ state: 'missing' });
    await (await analyzerFromSettings(settings({ useAsr: true }), workers))('/clips/a.mp4', ctx);
    expect(analyzeClip).toHaveBeenLastCalledWith('/clips/a.mp4', { ...ctx, workers }, { device: 'cpu', fps: 8, allowAsr: false });

    modelState.mockRejectedValueOnce(new Error('EACCES: permission denied'));
    await (await analyzerFromSettings(settings({ useAsr: true }), workers))('/clips/a.mp4', ctx);
    expect(analyzeClip).toHaveBeenLastCalledWith('/clips/a.mp4', { ...ctx, workers }, { device: 'cpu', fps: 8, allowAsr: false });
  });
});
