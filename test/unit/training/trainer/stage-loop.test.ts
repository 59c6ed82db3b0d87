import { describe, expect, it } from 'vitest';
import { makeContext } from '../../../../main/core/context.ts';
import type { Progress } from '../../../../main/core/context.ts';
import { parseConfig } from '../../../../main/training/config.ts';
import type { SplitData } from '../../../../main/core/dataset/feature-dataset.ts';
import { modelSpec } from '../../../../main/training/model/spec.ts';
import { runStage } from '../../../../main/training/trainer/stage-loop.ts';
import type { StageHooks } from '../../../../main/training/trainer/stage-loop.ts';
import { freshStageState } from '../../../../main/training/trainer/types.ts';

// The loop's bookkeeping (selection, patience, checkpoint cadence, stop) with a scripted validation
// loss per epoch; the network itself is exercised in trainer.test.ts.
function split(n: number): SplitData {
  return { n, ids: Array.from({ length: n }, (_, i) => `s${i}`), label: new Float32Array(n), l: new Float32Array(n), a: new Float32Array(n), v: new Float32Array(n) };
}

function hooks(valLosses: number[], log: string[]): StageHooks {
  let epoch = 0;
  return {
    stage: 'teacher',
    spec: modelSpec(parseConfig({ model: { d: 2, heads: 1, layers: 1 } }).model, 1, { l: 1, a: 1, v: 1 }),
    train: split(6),
    valid: split(2),
    step: (b) => {
      log.push(`step:${b.size}`);
      return { total: 1, task: 1 };
    },
    validate: () => ({ loss: valLosses[epoch++]!, score: new Float32Array(2) }),
    snapshot: () => ({ w: Float32Array.of(epoch) }),
    restore: (w) => log.push(`restore:${w.w![0]}`),
    checkpoint: (s) => log.push(`ckpt:${s.epochsDone}`),
  };
}

const cfg = (epochs: number, patience: number) => parseConfig({ train: { epochs, patience, batchSize: 4 } }).train;

describe('runStage', () => {
  it('keeps the best epoch, stops after `patience` epochs without improvement, restores the best weights', async () => {
    const log: string[] = [];
    const state = freshStageState();
    const out = await runStage(hooks([3, 2, 2.5, 2.6, 1], log), state, cfg(10, 2), null, makeContext());
    expect(out.stopped).toBe(false);
    expect(state).toMatchObject({ status: 'done', epochsDone: 4, bestEpoch: 2, bestValLoss: 2, earlyStopped: true });
    expect(state.history.map((h) => h.improved)).toEqual([true, true, false, false]);
    // 6 samples in batches of 4 -> 4 + 2; a checkpoint after every epoch; the epoch-2 weights restored
    expect(log.filter((l) => !l.startsWith('step'))).toEqual(['ckpt:1', 'ckpt:2', 'ckpt:3', 'ckpt:4', 'restore:2']);
    expect(log.filter((l) => l.startsWith('step')).slice(0, 2)).toEqual(['step:4', 'step:2']);
  });

  it('reports on ctx.onProgress, in order: the stage, its batches, the epoch, ..., the stage done', async () => {
    const events: Progress[] = [];
    await runStage(hooks([3, 2], []), freshStageState(), cfg(2, 5), null, makeContext({ onProgress: (p) => events.push(p) }));
    const brief = events.map((p) =>
      p.type === 'train-stage' ? `stage:${p.status}` : p.type === 'train-batch' ? `batch:${p.epoch}.${p.step}/${p.steps}#${p.globalStep}` : p.type === 'train-epoch' ? `epoch:${p.epoch}` : p.type,
    );
    expect(brief).toEqual(['stage:running', 'batch:1.1/2#1', 'batch:1.2/2#2', 'epoch:1', 'batch:2.1/2#3', 'batch:2.2/2#4', 'epoch:2', 'stage:done']);
    expect(events[3]).toMatchObject({ type: 'train-epoch', stage: 'teacher', epochs: 2, valLoss: 3, improved: true, bestEpoch: 1, bestValLoss: 3, earlyStop: false, train: { total: 1, task: 1 } });
    expect(events.at(-1)).toEqual({ type: 'train-stage', stage: 'teacher', status: 'done', epochs: 2, epochsDone: 2, bestEpoch: 2, bestValLoss: 2, earlyStopped: false });
  });

  it('an abort mid-epoch returns at once without a checkpoint for the partial epoch', async () => {
    const log: string[] = [];
    const state = freshStageState();
    const ac = new AbortController();
    const events: Progress[] = [];
    let steps = 0;
    const onProgress = (p: Progress): void => {
      events.push(p);
      if (p.type === 'train-batch' && ++steps === 3) ac.abort();
    };
    const out = await runStage(hooks([3, 2, 1], log), state, cfg(3, 5), null, makeContext({ signal: ac.signal, onProgress }));
    expect(out.stopped).toBe(true);
    expect(state.epochsDone).toBe(1);
    expect(log.filter((l) => l.startsWith('ckpt'))).toEqual(['ckpt:1']);
    expect(events.map((p) => p.type)).toEqual(['train-stage', 'train-batch', 'train-batch', 'train-epoch', 'train-batch', 'train-stage']);
    expect(events.at(-1)).toMatchObject({ type: 'train-stage', status: 'stopped', epochsDone: 1 });
  });

  it('an abort at the end of an epoch stops before the next one', async () => {
    const ac = new AbortController();
    const state = freshStageState();
    const onProgress = (p: Progress): void => {
      if (p.type === 'train-epoch') ac.abort();
    };
    const out = await runStage(hooks([3, 2, 1], []), state, cfg(3, 5), null, makeContext({ signal: ac.signal, onProgress }));
    expect(out.stopped).toBe(true);
    expect(state.epochsDone).toBe(1);
  });

  it('continues from a saved state at the next epoch with the saved best', async () => {
    const log: string[] = [];
    const state = { ...freshStageState(), status: 'running' as const, epochsDone: 2, bestEpoch: 1, bestValLoss: 1.5, sinceBest: 1 };
    await runStage(hooks([1.7, 1.8], log), state, cfg(4, 5), { w: Float32Array.of(99) }, makeContext());
    expect(state.history.map((h) => h.epoch)).toEqual([3, 4]);
    expect(state.bestEpoch).toBe(1);
    expect(log.at(-1)).toBe('restore:99');
  });
});
