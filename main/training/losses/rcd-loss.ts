/**
 * Response-level (correlation-decoupled) distillation (DESIGN 6; vectors spec).
 * p = softmax(z / tau); target part b_i = [p_i,y_i, 1 - p_i,y_i]; non-target part q_i = softmax of the
 * other K-1 logits (ascending class order) / tau. For each part, the Jensen-Shannon MI estimate with
 * its statistics network T, x = TEACHER part, v = STUDENT part, negatives paired through a derangement:
 *   MI = mean_i(-softplus(-T(x_i, v_i))) - mean_i(softplus(T(x_i, v_perm[i]))).
 * RCD = -(MI_target + MI_nontarget).
 */
import * as tf from '@tensorflow/tfjs';
import type { Scalar, Tensor1D, Tensor2D, Tensor3D } from '@tensorflow/tfjs';
import { AppError } from '../../core/errors.ts';
import { classArray, type ClassLabels } from './labels.ts';
import type { StatsNet } from './stats-net.ts';

export type RcdLoss = {
  rcd: Scalar;
  miTarget: Scalar;
  miNonTarget: Scalar;
};

export type RcdParts = RcdLoss & {
  pS: Tensor2D;
  pT: Tensor2D;
  bS: Tensor2D;
  bT: Tensor2D;
  qS: Tensor2D;
  qT: Tensor2D;
  tTargetPos: Tensor1D;
  tTargetNeg: Tensor1D;
  tNonTargetPos: Tensor1D;
  tNonTargetNeg: Tensor1D;
};

/** Checks that perm is a derangement of 0..b-1 (a fixed point would pair a sample with itself as a "negative"). */
export function checkDerangement(perm: ArrayLike<number>, b: number): void {
  if (perm.length !== b) throw new AppError('InvalidArgument', `rcdLoss: perm has ${perm.length} entries for a batch of ${b}.`);
  const seen = new Uint8Array(b);
  for (let i = 0; i < b; i++) {
    const j = perm[i] as number;
    if (!Number.isInteger(j) || j < 0 || j >= b || seen[j]) {
      throw new AppError('InvalidArgument', `rcdLoss: perm is not a permutation of 0..${b - 1} (entry ${i} = ${j}).`);
    }
    if (j === i) throw new AppError('InvalidArgument', `rcdLoss: perm[${i}] = ${i} is a fixed point; perm must be a derangement.`);
    seen[j] = 1;
  }
}

/** Jensen-Shannon MI lower bound from T on positive and negative pairs. */
export function jsMi(tPos: Tensor1D, tNeg: Tensor1D): Scalar {
  return tf.tidy(() => tf.sub(tf.mean(tf.neg(tf.softplus(tf.neg(tPos)))), tf.mean(tf.softplus(tNeg))) as Scalar);
}

/**
 * Constant selection tensors for the decoupling. tf.gather is avoided on purpose: its gradient needs
 * the UnsortedSegmentSum kernel, which the wasm backend does not have; products with 0/1 matrices are
 * exact (x * 1 + 0 * others) and differentiate everywhere.
 */
interface Selectors {
  /** [B, K] one-hot of the target class */
  target: Tensor2D;
  /** [B, K-1, K]: row (i, j) picks the j-th non-target class of sample i (ascending) */
  others: Tensor3D;
  /** [B, B]: row i picks sample perm[i] */
  perm: Tensor2D;
}

function selectors(y: Int32Array, k: number, perm: Int32Array): Selectors {
  const b = y.length;
  const target = new Float32Array(b * k);
  const others = new Float32Array(b * (k - 1) * k);
  const pm = new Float32Array(b * b);
  for (let i = 0; i < b; i++) {
    const yi = y[i] as number;
    target[i * k + yi] = 1;
    let j = 0;
    for (let c = 0; c < k; c++) if (c !== yi) others[(i * (k - 1) + j++) * k + c] = 1;
    pm[i * b + (perm[i] as number)] = 1;
  }
  return {
    target: tf.tensor2d(target, [b, k]),
    others: tf.tensor3d(others, [b, k - 1, k]),
    perm: tf.tensor2d(pm, [b, b]),
  };
}

function decouple(z: Tensor2D, sel: Selectors, tau: number): { p: Tensor2D; b: Tensor2D; q: Tensor2D } {
  const zt = tf.div(z, tau);
  const p = tf.softmax(zt) as Tensor2D;
  const py = tf.sum(tf.mul(p, sel.target), 1);
  const b = tf.stack([py, tf.sub(1, py)], 1) as Tensor2D;
  const rest = tf.sum(tf.mul(tf.expandDims(zt, 1), sel.others), 2); // [B, K-1]
  const q = tf.softmax(rest) as Tensor2D;
  return { p, b, q };
}

export function rcdParts(
  zs: Tensor2D,
  zt: Tensor2D,
  yClass: ClassLabels,
  perm: Int32Array,
  netTarget: StatsNet,
  netNonTarget: StatsNet,
  tau = 1,
): RcdParts {
  const [b, k] = zs.shape;
  const y = classArray(yClass, k);
  if (zt.shape[0] !== b || zt.shape[1] !== k || y.length !== b) {
    throw new AppError('InvalidArgument', `rcdLoss: student [${zs.shape}], teacher [${zt.shape}] logits and ${y.length} labels do not match.`);
  }
  if (!(tau > 0)) throw new AppError('InvalidArgument', `rcdLoss: temperature tau must be > 0, got ${tau}.`);
  if (netTarget.dim !== 2 || netNonTarget.dim !== k - 1) {
    throw new AppError('InvalidArgument', `rcdLoss: statistics networks have dims ${netTarget.dim}/${netNonTarget.dim}, expected 2/${k - 1}.`);
  }
  checkDerangement(perm, b);
  return tf.tidy(() => {
    const sel = selectors(y, k, perm);
    const s = decouple(zs, sel, tau);
    const t = decouple(zt, sel, tau);
    const tTargetPos = netTarget.apply(t.b, s.b);
    const tTargetNeg = netTarget.apply(t.b, tf.matMul(sel.perm, s.b));
    const tNonTargetPos = netNonTarget.apply(t.q, s.q);
    const tNonTargetNeg = netNonTarget.apply(t.q, tf.matMul(sel.perm, s.q));
    const miTarget = jsMi(tTargetPos, tTargetNeg);
    const miNonTarget = jsMi(tNonTargetPos, tNonTargetNeg);
    const rcd = tf.neg(tf.add(miTarget, miNonTarget)) as Scalar;
    return {
      pS: s.p, pT: t.p, bS: s.b, bT: t.b, qS: s.q, qT: t.q,
      tTargetPos, tTargetNeg, tNonTargetPos, tNonTargetNeg,
      miTarget, miNonTarget, rcd,
    };
  });
}

export function rcdLoss(
  zs: Tensor2D,
  zt: Tensor2D,
  yClass: ClassLabels,
  perm: Int32Array,
  netTarget: StatsNet,
  netNonTarget: StatsNet,
  tau = 1,
): RcdLoss {
  return tf.tidy(() => {
    const p = rcdParts(zs, zt, yClass, perm, netTarget, netNonTarget, tau);
    return { rcd: p.rcd, miTarget: p.miTarget, miNonTarget: p.miNonTarget };
  });
}
