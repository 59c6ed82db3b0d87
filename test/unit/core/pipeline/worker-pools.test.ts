import { describe, expect, it } from 'vitest';
import { createPipelineWorkers, defaultVisualThreads } from '../../../../main/core/pipeline/worker-pools.ts';

describe('face workers of a pipeline worker set', () => {
  it('one per core beyond two, at least 1, at most 4 (each holds ~300 MB)', () => {
    expect([1, 2, 3, 4, 5, 6, 8, 16].map((c) => defaultVisualThreads(c))).toEqual([1, 1, 1, 2, 3, 4, 4, 4]);
  });

  it('the default and an explicit count size the face pool (threads start on first use, so none start here)', async () => {
    const byDefault = createPipelineWorkers();
    const one = createPipelineWorkers({ visualThreads: 1 });
    expect(byDefault.visual.size).toBe(defaultVisualThreads());
    expect(one.visual.size).toBe(1);
    expect(byDefault.visual.threadIds().every((id) => id === undefined)).toBe(true);
    await Promise.all([byDefault.close(), one.close()]);
  });
});
