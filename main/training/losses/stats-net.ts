/**
 * The statistics network T of the RCD mutual-information estimate (DESIGN 6):
 * T(x, v) = W2 . relu(W1 . [x; v] + b1) + b2, hidden 64, one per part (target dim 2, non-target dim K-1).
 * Its variables train with the student. Weights are exchanged in PyTorch Linear layout (W1 [hidden,
 * 2*dim], W2 [1, hidden], row-major), which is how the vectors store them; the variables themselves
 * hold the transposed kernels ([in, out]) so the forward pass is a plain matMul.
 * Default init is PyTorch's Linear default, U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weights and biases,
 * drawn from the given seeded Rng.
 */
import * as tf from '@tensorflow/tfjs';
import type { Tensor1D, Tensor2D, Variable } from '@tensorflow/tfjs';
import { AppError } from '../../core/errors.ts';
import type { Rng } from '../../core/rng.ts';

export const STATS_HIDDEN = 64;

/** Flat, row-major, PyTorch Linear layout. */
export interface StatsNetWeights {
  W1: Float32Array; // [hidden, 2*dim]
  b1: Float32Array; // [hidden]
  W2: Float32Array; // [1, hidden]
  b2: Float32Array; // [1]
}

type Nested = ArrayLike<number> | readonly (readonly number[])[];
/** The same, also accepting nested arrays (as in vectors/corrkd_losses.json). */
export interface StatsNetWeightsInput {
  W1: Nested;
  b1: Nested;
  W2: Nested;
  b2: Nested;
}

export interface StatsNetOptions {
  hidden?: number;
  /** seeded initialisation (ignored when `weights` is given) */
  rng?: Rng;
  weights?: StatsNetWeightsInput;
  /** variable name prefix (tfjs variable names must be unique in the process) */
  name?: string;
}

function flatten(x: Nested): Float32Array {
  const first = (x as ArrayLike<unknown>)[0];
  if (Array.isArray(first)) return Float32Array.from((x as readonly (readonly number[])[]).flat());
  return Float32Array.from(x as ArrayLike<number>);
}

/** [rows, cols] row-major -> [cols, rows] row-major. */
function transposeFlat(a: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c] as number;
  return out;
}

export class StatsNet {
  readonly dim: number;
  readonly hidden: number;
  /** kernels in [in, out] layout */
  readonly w1: Variable;
  readonly b1: Variable;
  readonly w2: Variable;
  readonly b2: Variable;

  constructor(dim: number, opts: StatsNetOptions = {}) {
    if (!Number.isInteger(dim) || dim < 1) throw new AppError('InvalidArgument', `StatsNet: dim must be a positive integer, got ${dim}.`);
    this.dim = dim;
    this.hidden = opts.hidden ?? STATS_HIDDEN;
    const n = (s: string): string | undefined => (opts.name === undefined ? undefined : `${opts.name}/${s}`);
    const w = opts.weights ? this.checkWeights(opts.weights) : this.initWeights(opts.rng);
    const inDim = 2 * dim;
    // tidy disposes the initial-value tensors; the variables themselves are kept.
    [this.w1, this.b1, this.w2, this.b2] = tf.tidy(() => [
      tf.variable(tf.tensor2d(transposeFlat(w.W1, this.hidden, inDim), [inDim, this.hidden]), true, n('W1')),
      tf.variable(tf.tensor1d(w.b1), true, n('b1')),
      tf.variable(tf.tensor2d(w.W2, [this.hidden, 1]), true, n('W2')), // [1, H] -> [H, 1]: same flat order
      tf.variable(tf.tensor1d(w.b2), true, n('b2')),
    ]);
  }

  private initWeights(rng: Rng | undefined): StatsNetWeights {
    if (!rng) throw new AppError('InvalidArgument', 'StatsNet: give either `rng` (seeded init) or `weights`.');
    const fill = (len: number, fanIn: number): Float32Array => {
      const bound = 1 / Math.sqrt(fanIn);
      const a = new Float32Array(len);
      for (let i = 0; i < len; i++) a[i] = (2 * rng.uniform() - 1) * bound;
      return a;
    };
    const inDim = 2 * this.dim;
    return { W1: fill(this.hidden * inDim, inDim), b1: fill(this.hidden, inDim), W2: fill(this.hidden, this.hidden), b2: fill(1, this.hidden) };
  }

  private checkWeights(w: StatsNetWeightsInput): StatsNetWeights {
    const out = { W1: flatten(w.W1), b1: flatten(w.b1), W2: flatten(w.W2), b2: flatten(w.b2) };
    const want = { W1: this.hidden * 2 * this.dim, b1: this.hidden, W2: this.hidden, b2: 1 };
    for (const k of ['W1', 'b1', 'W2', 'b2'] as const) {
      if (out[k].length !== want[k]) {
        throw new AppError('InvalidArgument', `StatsNet(dim ${this.dim}, hidden ${this.hidden}): ${k} has ${out[k].length} values, expected ${want[k]}.`);
      }
    }
    return out;
  }

  /** T(x_i, v_i) for each row: x [B, dim] (teacher part), v [B, dim] (student part) -> [B]. */
  apply(x: Tensor2D, v: Tensor2D): Tensor1D {
    return tf.tidy(() => {
      const h = tf.relu(tf.add(tf.matMul(tf.concat([x, v], 1), this.w1), this.b1));
      return tf.reshape(tf.add(tf.matMul(h, this.w2), this.b2), [-1]) as Tensor1D;
    });
  }

  variables(): Variable[] {
    return [this.w1, this.b1, this.w2, this.b2];
  }

  setWeights(w: StatsNetWeightsInput): void {
    const c = this.checkWeights(w);
    const inDim = 2 * this.dim;
    tf.tidy(() => {
      this.w1.assign(tf.tensor2d(transposeFlat(c.W1, this.hidden, inDim), [inDim, this.hidden]));
      this.b1.assign(tf.tensor1d(c.b1));
      this.w2.assign(tf.tensor2d(c.W2, [this.hidden, 1]));
      this.b2.assign(tf.tensor1d(c.b2));
    });
  }

  /** Current weights in PyTorch Linear layout (reads the variables back; 64*(2*dim+2)+1 floats). */
  getWeights(): StatsNetWeights {
    const inDim = 2 * this.dim;
    return {
      W1: transposeFlat(this.w1.dataSync() as Float32Array, inDim, this.hidden),
      b1: Float32Array.from(this.b1.dataSync()),
      W2: Float32Array.from(this.w2.dataSync()),
      b2: Float32Array.from(this.b2.dataSync()),
    };
  }

  dispose(): void {
    for (const v of this.variables()) v.dispose();
  }
}

/** The two RCD statistics networks: target part (dim 2) and non-target part (dim K-1). */
export function createStatsNets(rng: Rng, numClasses = 7, namePrefix?: string): { target: StatsNet; nonTarget: StatsNet } {
  const name = (s: string): { name?: string } => (namePrefix === undefined ? {} : { name: `${namePrefix}/${s}` });
  return {
    target: new StatsNet(2, { rng: rng.child('rcd-target'), ...name('rcd_target') }),
    nonTarget: new StatsNet(numClasses - 1, { rng: rng.child('rcd-nontarget'), ...name('rcd_nontarget') }),
  };
}
