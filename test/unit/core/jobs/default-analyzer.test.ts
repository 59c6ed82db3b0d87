import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeContext } from '../../../../main/core/context.ts';
import { createBatchAnalyzer } from '../../../../main/core/jobs/default-analyzer.ts';
import { createPipelineWorkers, type PipelineContext, type PipelineWorkers } from '../../../../main/core/pipeline/worker-pools.ts';

// What reaches analyzeClip is recorded instead of analysed: the question is whose threads it runs
// on and who closes them (no thread is started: pools start theirs on the first call).
const { analyzeClip } = vi.hoisted(() => ({ analyzeClip: vi.fn(async (_file: string, _ctx: PipelineContext) => ({})) }));
vi.mock('../../../../main/core/pipeline/analyze-clip.ts', () => ({ analyzeClip }));

const workersOf = (call: number): PipelineWorkers => analyzeClip.mock.calls[call]![1].workers;

describe('the batch analyzer and the pipeline threads', () => {
  afterEach(() => analyzeClip.mockClear());

  it("runs every file on the caller's threads and leaves them open when it closes (the app's single clips share them)", async () => {
    const shared = createPipelineWorkers();
    const closeShared = vi.spyOn(shared, 'close');
    const analyzer = await createBatchAnalyzer({ device: 'cpu', workers: shared });
    const ctx = makeContext();
    await analyzer.analyze('/clips/a.mp4', ctx);
    await analyzer.analyze('/clips/b.mp4', ctx);
    expect(workersOf(0)).toBe(shared);
    expect(workersOf(1)).toBe(shared);
    expect(analyzeClip.mock.calls[0]![1].signal).toBe(ctx.signal);
    await analyzer.close?.();
    expect(closeShared).not.toHaveBeenCalled();
    await shared.close();
  });

  it('without them, starts one set on the first file, reuses it, and closes it in close()', async () => {
    const analyzer = await createBatchAnalyzer({ device: 'cpu' });
    await analyzer.close?.(); // nothing started: nothing to close
    await analyzer.analyze('/clips/a.mp4', makeContext());
    await analyzer.analyze('/clips/b.mp4', makeContext());
    const own = workersOf(0);
    expect(workersOf(1)).toBe(own);
    const closeOwn = vi.spyOn(own, 'close');
    await analyzer.close?.();
    expect(closeOwn).toHaveBeenCalledTimes(1);
    await expect(own.audio.call('drop', { id: 'x' })).rejects.toMatchObject({ kind: 'Canceled' });
  });
});
