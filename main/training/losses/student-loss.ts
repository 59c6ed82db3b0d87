/**
 * The student's training loss (DESIGN 6): task + w_scd * SCD + w_cpd * CPD + w_rcd * RCD (weights 1 by
 * default, configurable). A term whose weight is 0 is not computed (its entry is 0). RCD needs a
 * negative pair, so a batch of one sample contributes RCD = 0.
 */
import * as tf from '@tensorflow/tfjs';
import type { Scalar, Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import { AppError } from '../../core/errors.ts';
import { classArray, type ClassLabels } from './labels.ts';
import { cpdLoss } from './cpd-loss.ts';
import { rcdLoss } from './rcd-loss.ts';
import { scdLoss } from './scd-loss.ts';
import type { StatsNet } from './stats-net.ts';
import { taskLoss } from './task-loss.ts';

export interface LossWeights {
  scd: number;
  cpd: number;
  rcd: number;
}
export const DEFAULT_LOSS_WEIGHTS: Readonly<LossWeights> = Object.freeze({ scd: 1, cpd: 1, rcd: 1 });

export interface StudentLossInputs {
  /** student / teacher logits [B, 7] */
  zs: Tensor2D;
  zt: Tensor2D;
  /** student / teacher joint representations H [B, 120] */
  hs: Tensor2D;
  ht: Tensor2D;
  yClass: ClassLabels;
  yCont: Tensor1D | ArrayLike<number>;
  /** derangement of 0..B-1 pairing negatives for RCD (Rng.derangement) */
  perm: Int32Array;
  netTarget: StatsNet;
  netNonTarget: StatsNet;
}

export interface StudentLossOptions {
  weights?: Partial<LossWeights>;
  /** SCD margin (default 1) */
  eta?: number;
  /** RCD temperature (default 1) */
  tau?: number;
}

export type StudentLoss = {
  total: Scalar;
  task: Scalar;
  ce: Scalar;
  l1: Scalar;
  scd: Scalar;
  cpd: Scalar;
  rcd: Scalar;
  miTarget: Scalar;
  miNonTarget: Scalar;
};

export function resolveLossWeights(w: Partial<LossWeights> = {}): LossWeights {
  const out = { ...DEFAULT_LOSS_WEIGHTS, ...w };
  for (const k of ['scd', 'cpd', 'rcd'] as const) {
    if (!Number.isFinite(out[k]) || out[k] < 0) {
      throw new AppError('InvalidArgument', `Loss weight ${k} must be a finite number >= 0, got ${out[k]}.`);
    }
  }
  return out;
}

export function totalStudentLoss(inp: StudentLossInputs, opts: StudentLossOptions = {}): StudentLoss {
  const w = resolveLossWeights(opts.weights);
  const y = classArray(inp.yClass, inp.zs.shape[1]);
  const b = inp.zs.shape[0];
  return tf.tidy(() => {
    const task = taskLoss(inp.zs, y, inp.yCont);
    const zero = (): Scalar => tf.scalar(0);
    const scd = w.scd > 0 ? scdLoss(inp.hs, inp.ht, opts.eta ?? 1) : zero();
    const cpd = w.cpd > 0 ? cpdLoss(inp.hs, inp.ht, y) : zero();
    const r =
      w.rcd > 0 && b >= 2
        ? rcdLoss(inp.zs, inp.zt, y, inp.perm, inp.netTarget, inp.netNonTarget, opts.tau ?? 1)
        : { rcd: zero(), miTarget: zero(), miNonTarget: zero() };
    const total = tf.addN([task.total, tf.mul(w.scd, scd), tf.mul(w.cpd, cpd), tf.mul(w.rcd, r.rcd)]) as Scalar;
    return {
      total, task: task.total, ce: task.ce, l1: task.l1,
      scd, cpd, rcd: r.rcd, miTarget: r.miTarget, miNonTarget: r.miNonTarget,
    };
  });
}
