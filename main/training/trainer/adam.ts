/**
 * Adam with the update of tf.train.adam (tfjs-core AdamOptimizer):
 *   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
 *   p -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
 * written out here because a checkpoint must capture ALL of the optimizer's state: tf.train.adam
 * keeps b^t in float32 variables it does not export (setWeights recomputes them with pow(), which
 * rounds differently from its running product), so a resumed run would drift by float32 ulps.
 * Here b^t is Math.pow in float64 from the saved step count, exactly the same before and after a resume.
 */
import { AppError } from '../../core/errors.ts';
import type { Tensor, Tf, Variable } from '../tf/backend.ts';

export interface AdamOptions {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

export interface AdamState {
  step: number;
  m: Float32Array[];
  v: Float32Array[];
}

export class Adam {
  private readonly tf: Tf;
  private readonly vars: Variable[];
  private readonly opts: AdamOptions;
  private readonly m: Variable[];
  private readonly v: Variable[];
  step = 0;

  constructor(tf: Tf, vars: Variable[], opts: AdamOptions) {
    this.tf = tf;
    this.vars = vars;
    this.opts = opts;
    this.m = vars.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
    this.v = vars.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
  }

  /**
   * grads[i] belongs to vars[i] (the caller disposes the gradients). An undefined gradient (a
   * variable the loss does not reach, e.g. a statistics network whose loss weight is 0) leaves that
   * variable and its moments untouched, as tf.train.adam does.
   */
  apply(grads: Array<Tensor | undefined>): void {
    const { tf, opts } = this;
    if (grads.length !== this.vars.length) throw new AppError('Internal', `Adam: ${grads.length} gradients for ${this.vars.length} variables.`);
    const t = this.step + 1;
    const c1 = 1 - Math.pow(opts.beta1, t);
    const c2 = 1 - Math.pow(opts.beta2, t);
    tf.tidy(() => {
      this.vars.forEach((p, i) => {
        const g = grads[i];
        if (!g) return;
        const m = tf.add(tf.mul(this.m[i]!, opts.beta1), tf.mul(g, 1 - opts.beta1));
        const v = tf.add(tf.mul(this.v[i]!, opts.beta2), tf.mul(tf.square(g), 1 - opts.beta2));
        this.m[i]!.assign(m);
        this.v[i]!.assign(v);
        const upd = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), opts.epsilon));
        p.assign(tf.add(tf.mul(upd, -opts.lr), p));
      });
    });
    this.step = t;
  }

  getState(): AdamState {
    return { step: this.step, m: this.m.map((x) => x.dataSync() as Float32Array), v: this.v.map((x) => x.dataSync() as Float32Array) };
  }

  setState(s: AdamState): void {
    const { tf } = this;
    if (s.m.length !== this.vars.length || s.v.length !== this.vars.length) {
      throw new AppError('InvalidDataset', `Adam state holds ${s.m.length}/${s.v.length} moments for ${this.vars.length} variables.`);
    }
    tf.tidy(() => {
      this.vars.forEach((p, i) => {
        const mi = s.m[i]!;
        const vi = s.v[i]!;
        if (mi.length !== p.size || vi.length !== p.size) throw new AppError('InvalidDataset', `Adam state moment ${i} has the wrong size.`);
        this.m[i]!.assign(tf.tensor(mi, p.shape, 'float32'));
        this.v[i]!.assign(tf.tensor(vi, p.shape, 'float32'));
      });
    });
    this.step = s.step;
  }

  dispose(): void {
    for (const x of [...this.m, ...this.v]) x.dispose();
  }
}
