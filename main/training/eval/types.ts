/** What the protocol runner consumes (a batch scorer) and produces (an EvalReport). */
import type { StageContext } from '../../core/context.ts';
import type { ModalityKey } from '../../core/dataset/format.ts';
import type { Condition } from '../missingness/conditions.ts';
import type { MetricsJson } from './metrics-json.ts';
import type { Protocol } from './protocols.ts';

/**
 * A model seen as "scores for a batch": onnxruntime-node over an exported pack (what the app runs)
 * or a tfjs network during training. Inputs are row-major [B, T, dims[m]] float32, already
 * zero-filled where the protocol drops steps.
 */
export interface BatchScorer {
  /** what runs it, for the report (e.g. 'onnxruntime-node cpu', 'tfjs wasm') */
  name: string;
  T: number;
  dims: Record<ModalityKey, number>;
  /** [B] sentiment scores in [-3, 3]; must not keep references to `x` */
  score(x: Record<ModalityKey, Float32Array>, B: number): Promise<Float32Array>;
}

export interface EvalOptions {
  /** seed of the random protocol's step masks (default 1); the same seed gives every model the same masks */
  seed?: number;
  /** samples per model call (default 128); results do not depend on it */
  batchSize?: number;
  /** progress ('eval' stage) and cancel */
  ctx?: StageContext;
}

export interface RateResult {
  p: number;
  metrics: MetricsJson;
}

export interface EvalReport {
  protocol: Protocol;
  /** samples evaluated */
  n: number;
  /** complete inputs (= conditions.lav for 'fixed', = rates p = 0 for 'random') */
  metrics: MetricsJson;
  /** 'fixed': the six incomplete kept-sets and complete */
  conditions?: Record<Condition, MetricsJson>;
  /** 'fixed': key-wise mean over the six incomplete conditions */
  avg?: MetricsJson;
  /** 'random': one entry per missing rate p = 0.0 .. 1.0 */
  rates?: RateResult[];
  /** 'random': the mask seed */
  seed?: number;
  /** the scorer's name */
  runner: string;
}
