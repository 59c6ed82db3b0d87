/**
 * The protocol runner (DESIGN 6): scores one split under 'complete', 'fixed' or 'random' masks and
 * turns the scores into MMSA metrics. Masks come from missingness/ (the same code MRM uses) and are
 * applied to copies of each batch (zero-fill), so any BatchScorer sees exactly what the app would
 * feed it for that condition.
 *
 * Random protocol: every rate p draws from a fresh generator seeded with deriveSeed(seed,
 * 'eval-random'), batches in order, so (a) the masks depend only on (seed, n, T) and not on the
 * batch size, and (b) a step dropped at rate p is also dropped at every larger rate (the same
 * uniform number is compared with each p): curves over p are nested, not independent draws.
 */
import { AppError, assertNever, throwIfAborted } from '../../core/errors.ts';
import { makeContext } from '../../core/context.ts';
import type { ModalityKey } from '../../core/dataset/format.ts';
import type { SplitData } from '../../core/dataset/feature-dataset.ts';
import { regressionMetrics } from '../metrics/regression-metrics.ts';
import { applyMasksInPlace } from '../missingness/apply-masks.ts';
import { FIXED_CONDITIONS, INCOMPLETE_CONDITIONS, RANDOM_RATES, type Condition } from '../missingness/conditions.ts';
import type { ModalityMasks } from '../missingness/masks.ts';
import { fixedConditionMasks, randomStepMasks } from '../missingness/protocol-masks.ts';
import { deriveSeed, Rng } from '../../core/rng.ts';
import { averageMetrics, toMetricsJson, type MetricsJson } from './metrics-json.ts';
import type { Protocol } from './protocols.ts';
import type { BatchScorer, EvalOptions, EvalReport, RateResult } from './types.ts';

export const DEFAULT_EVAL_SEED = 1;
export const DEFAULT_EVAL_BATCH = 128;

const MODS: readonly ModalityKey[] = ['l', 'a', 'v'];

/** Masks for one batch of B samples; called once per batch, in order. */
export type BatchMasks = (B: number, T: number) => ModalityMasks;

function checkSplit(scorer: BatchScorer, split: SplitData): void {
  if (split.n < 1) throw new AppError('InvalidDataset', 'Nothing to evaluate: the selected split has no samples.');
  if (split.label.length !== split.n) throw new AppError('InvalidDataset', `The split has ${split.label.length} labels for ${split.n} samples.`);
  for (const m of MODS) {
    const want = split.n * scorer.T * scorer.dims[m];
    if (split[m].length !== want) {
      throw new AppError(
        'ModelContractMismatch',
        `Modality '${m}' of the data has ${split[m].length / split.n / scorer.T} values per step (or another T); the model (${scorer.name}) expects T = ${scorer.T} and ${scorer.dims[m]}-d ${m} features.`,
      );
    }
  }
}

/** Scores the whole split in batches with the given masks (none = complete inputs). */
export async function scoreSplit(
  scorer: BatchScorer,
  split: SplitData,
  masks: BatchMasks | null,
  batchSize: number,
  onBatch: (done: number) => void = () => {},
  signal?: AbortSignal,
): Promise<Float32Array> {
  checkSplit(scorer, split);
  const { T, dims } = scorer;
  const out = new Float32Array(split.n);
  for (let s = 0; s < split.n; s += batchSize) {
    throwIfAborted(signal, 'evaluation');
    const e = Math.min(split.n, s + batchSize);
    const B = e - s;
    const x = {} as Record<ModalityKey, Float32Array>;
    for (const m of MODS) x[m] = split[m].slice(s * T * dims[m], e * T * dims[m]);
    if (masks) applyMasksInPlace(x, dims, masks(B, T));
    const scores = await scorer.score(x, B);
    if (scores.length !== B) throw new AppError('Internal', `${scorer.name} returned ${scores.length} scores for a batch of ${B}.`);
    for (let i = 0; i < B; i++) {
      if (!Number.isFinite(scores[i])) throw new AppError('Internal', `${scorer.name} returned a non-finite score for sample ${split.ids[s + i] ?? s + i}.`);
    }
    out.set(scores, s);
    onBatch(e);
  }
  return out;
}

/** The masks of one fixed-protocol condition (a kept-set, the same for every sample). */
export function conditionMasks(cond: Condition): BatchMasks {
  return (B, T) => fixedConditionMasks(cond, B, T);
}

/** The random protocol's masks at rate p: a fresh stream per rate (see the file comment). */
export function rateMasks(seed: number, p: number): BatchMasks {
  const rng = new Rng(deriveSeed(seed, 'eval-random'));
  return (B, T) => randomStepMasks(rng, B, T, p);
}

/** Runs one protocol over the split. */
export async function runProtocol(scorer: BatchScorer, split: SplitData, protocol: Protocol, opts: EvalOptions = {}): Promise<EvalReport> {
  const ctx = opts.ctx ?? makeContext();
  const batchSize = opts.batchSize ?? DEFAULT_EVAL_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new AppError('InvalidArgument', `Evaluation batch size must be an integer >= 1, got ${batchSize}.`);
  const seed = opts.seed ?? DEFAULT_EVAL_SEED;
  checkSplit(scorer, split);
  const passes: Array<{ label: string; masks: BatchMasks | null }> =
    protocol === 'complete'
      ? [{ label: 'complete', masks: null }]
      : protocol === 'fixed'
        ? FIXED_CONDITIONS.map((c) => ({ label: c, masks: c === 'lav' ? null : conditionMasks(c) }))
        : RANDOM_RATES.map((p) => ({ label: `p=${p.toFixed(1)}`, masks: rateMasks(seed, p) }));
  const total = passes.length * split.n;
  const results: MetricsJson[] = [];
  for (let i = 0; i < passes.length; i++) {
    const pass = passes[i]!;
    const onBatch = (done: number): void =>
      ctx.onProgress({ type: 'stage', stage: 'eval', fraction: (i * split.n + done) / total, detail: `${protocol} ${pass.label}` });
    const scores = await scoreSplit(scorer, split, pass.masks, batchSize, onBatch, ctx.signal);
    results.push(toMetricsJson(regressionMetrics(scores, split.label)));
  }
  const base = { protocol, n: split.n, runner: scorer.name };
  switch (protocol) {
    case 'complete':
      return { ...base, metrics: results[0]! };
    case 'fixed': {
      const conditions = Object.fromEntries(FIXED_CONDITIONS.map((c, i) => [c, results[i]!])) as Record<Condition, MetricsJson>;
      return { ...base, metrics: conditions.lav, conditions, avg: averageMetrics(INCOMPLETE_CONDITIONS.map((c) => conditions[c])) };
    }
    case 'random': {
      const rates: RateResult[] = RANDOM_RATES.map((p, i) => ({ p, metrics: results[i]! }));
      return { ...base, metrics: rates[0]!.metrics, rates, seed };
    }
    default:
      return assertNever(protocol, 'protocol');
  }
}
