/**
 * The epoch loop shared by both stages: seeded order, batches, validation, model selection on the
 * validation loss (best weights kept), early stopping (patience), a checkpoint after every epoch, and
 * stop requests (ctx.signal). Progress goes out on ctx.onProgress: train-stage running, per epoch
 * its train-batch events and one train-epoch, then train-stage done or stopped. Stage-specific work
 * comes in through StageHooks.
 */
// lets pending events (SIGINT, IPC cancel, progress flushes) run between training steps
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { StageContext, TrainStageProgress } from '../../core/context.ts';
import type { TrainConfig } from '../config.ts';
import type { SourceInfo, SplitData } from '../../core/dataset/feature-dataset.ts';
import { sourceRanges } from '../data/source-rows.ts';
import { regressionMetrics } from '../metrics/regression-metrics.ts';
import type { WeightArrays } from '../model/params.ts';
import type { ModelSpec } from '../model/spec.ts';
import { deriveSeed, Rng } from '../../core/rng.ts';
import { batchAt, batchRanges } from './batches.ts';
import type { Batch } from './batches.ts';
import { epochSamples, epochSize } from './epoch-samples.ts';
import type { SourceEval } from './evaluate.ts';
import type { EpochRecord, LossTerms, MetricRecord, SourceValidation, StageName, StageState } from './types.ts';

export interface StageHooks {
  stage: StageName;
  spec: ModelSpec;
  train: SplitData;
  valid: SplitData;
  /** the merged sources (their sampling weights and per-source validation); undefined: one dataset */
  sources?: SourceInfo[] | undefined;
  step(batch: Batch, rng: Rng): LossTerms;
  /**
   * inference over the validation split: the selection loss (the mean of the per-source task
   * losses when there are sources), the scores, and each source's own loss
   */
  validate(): { loss: number; score: Float32Array; bySource?: SourceEval[] };
  /** current weights of the network being selected */
  snapshot(): WeightArrays;
  restore(w: WeightArrays): void;
  /** writes the checkpoint (called after every epoch) */
  checkpoint(state: StageState, best: WeightArrays | null): void;
}

export interface StageOutcome {
  stopped: boolean;
  best: WeightArrays | null;
}

/** The random stream of one epoch; the whole RNG state a resume needs is (seed, stage, epoch). */
export function epochRng(seed: number, stage: StageName, epoch: number): Rng {
  return new Rng(deriveSeed(seed, `${stage}-epoch-${epoch}`));
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function metricRecord(score: Float32Array, label: Float32Array): MetricRecord {
  return Object.fromEntries(Object.entries(regressionMetrics(score, label)).map(([k, v]) => [k, finite(v)]));
}

/** Each source's validation loss and metrics (its rows of the merged validation split). */
function perSource(sources: readonly SourceInfo[], evals: readonly SourceEval[], score: Float32Array, label: Float32Array): SourceValidation[] {
  return sourceRanges(sources, 'valid').map(([s, e], i) => ({
    name: sources[i]!.name,
    n: e - s,
    loss: e > s ? finite(evals[i]!.loss) : null,
    val: e > s ? metricRecord(score.subarray(s, e), label.subarray(s, e)) : {},
  }));
}

/**
 * Runs the stage's remaining epochs. An aborted ctx.signal, seen after every batch and every epoch,
 * ends it at once: the partial epoch is dropped, the last whole epoch's checkpoint stays as it is
 * (resume redoes the partial epoch).
 */
export async function runStage(h: StageHooks, state: StageState, cfg: TrainConfig, bestIn: WeightArrays | null, ctx: StageContext): Promise<StageOutcome> {
  const stop = (): boolean => ctx.signal.aborted;
  const { T, dims } = h.spec;
  let best = bestIn;
  const stageEvent = (status: TrainStageProgress['status']): TrainStageProgress => ({
    type: 'train-stage',
    stage: h.stage,
    status,
    epochs: cfg.epochs,
    epochsDone: state.epochsDone,
    bestEpoch: state.bestEpoch,
    bestValLoss: state.bestValLoss,
    earlyStopped: state.earlyStopped,
  });
  const stopped = (): StageOutcome => {
    ctx.onProgress(stageEvent('stopped'));
    return { stopped: true, best };
  };
  state.status = 'running';
  ctx.onProgress(stageEvent('running'));
  const ranges = batchRanges(epochSize(h.train.n, h.sources), cfg.batchSize);
  let globalStep = state.history.reduce((s, r) => s + r.steps, 0);
  for (let epoch = state.epochsDone + 1; epoch <= cfg.epochs && state.sinceBest < cfg.patience; epoch++) {
    const t0 = performance.now();
    const rng = epochRng(cfg.seed, h.stage, epoch);
    const order = epochSamples(h.train.n, h.sources, cfg.seed, h.stage, epoch, rng, h.train.label);
    const sums: LossTerms = {};
    let seen = 0;
    for (let i = 0; i < ranges.length; i++) {
      const range = ranges[i]!;
      const batch = batchAt(h.train, order, range, T, dims);
      const terms = h.step(batch, rng);
      for (const [k, v] of Object.entries(terms)) sums[k] = (sums[k] ?? 0) + v * batch.size;
      seen += batch.size;
      globalStep++;
      ctx.onProgress({ type: 'train-batch', stage: h.stage, epoch, epochs: cfg.epochs, step: i + 1, steps: ranges.length, globalStep, losses: terms });
      await yieldToEventLoop();
      if (stop()) return stopped();
    }
    const train: LossTerms = {};
    for (const [k, v] of Object.entries(sums)) train[k] = v / seen;
    // Model selection on the validation task loss; with no validation samples, on the training task loss.
    let valLoss: number;
    let val: MetricRecord = {};
    let valSources: SourceValidation[] | undefined;
    if (h.valid.n > 0) {
      const r = h.validate();
      valLoss = r.loss;
      val = metricRecord(r.score, h.valid.label);
      if (r.bySource && h.sources) valSources = perSource(h.sources, r.bySource, r.score, h.valid.label);
    } else {
      valLoss = train.task ?? train.total ?? NaN;
    }
    const improved = Number.isFinite(valLoss) && (state.bestValLoss === null || valLoss < state.bestValLoss);
    if (improved) {
      best = h.snapshot();
      state.bestEpoch = epoch;
      state.bestValLoss = valLoss;
      state.sinceBest = 0;
    } else {
      state.sinceBest++;
    }
    const record: EpochRecord = { epoch, train, valLoss, val, ...(valSources ? { valSources } : {}), seconds: (performance.now() - t0) / 1000, steps: ranges.length, improved };
    state.history.push(record);
    state.epochsDone = epoch;
    const earlyStop = state.sinceBest >= cfg.patience && epoch < cfg.epochs;
    if (earlyStop) state.earlyStopped = true;
    h.checkpoint(state, best);
    ctx.onProgress({ type: 'train-epoch', stage: h.stage, epochs: cfg.epochs, ...record, bestEpoch: state.bestEpoch, bestValLoss: state.bestValLoss, earlyStop });
    ctx.log('info', `${h.stage} epoch ${epoch}/${cfg.epochs}: train ${train.total?.toFixed(4)} valid ${valLoss.toFixed(4)}${improved ? ' (best)' : ''}`);
    if (!earlyStop && epoch < cfg.epochs && stop()) return stopped();
  }
  if (best) h.restore(best);
  state.status = 'done';
  ctx.onProgress(stageEvent('done'));
  return { stopped: false, best };
}
