/**
 * One optimisation step of each stage (DESIGN 6).
 *  - teacher: complete inputs, task loss (CE + L1 on the score), dropout on.
 *  - student: MRM-masked copies of the same batch; the frozen teacher's logits and H for these rows
 *    come from a cache computed once per stage (the teacher is fixed and runs without dropout, so its
 *    outputs per sample never change); loss = w_task task + w_scd SCD + w_cpd CPD + w_rcd RCD; the
 *    statistics networks train with the student.
 * Random draws per step, in this order: MRM masks, RCD derangement, dropout masks (all from `rng`).
 */
import type { LossWeights } from '../config.ts';
import { totalStudentLoss } from '../losses/student-loss.ts';
import type { StatsNet } from '../losses/stats-net.ts';
import { taskLoss } from '../losses/task-loss.ts';
import { applyMasksInPlace } from '../missingness/apply-masks.ts';
import { sampleMrmMasks } from '../missingness/mrm.ts';
import { forward } from '../model/forward.ts';
import type { CorrkdNet } from '../model/params.ts';
import type { Rng } from '../../core/rng.ts';
import type { Scalar, Tensor, Tensor1D, Tensor2D, Variable } from '../tf/backend.ts';
import type { Adam } from './adam.ts';
import { absentRows, type Batch } from './batches.ts';
import { disposeInputs, inputTensors } from './tensors.ts';
import type { LossTerms } from './types.ts';

export const TEACHER_TERMS = ['total', 'task', 'ce', 'l1'] as const;
export const STUDENT_TERMS = ['total', 'task', 'ce', 'l1', 'scd', 'cpd', 'rcd', 'miTarget', 'miNonTarget'] as const;

/** Runs f under variableGrads over `vars`, applies Adam, returns the named terms f kept. */
function optimise(net: CorrkdNet, vars: Variable[], adam: Adam, names: readonly string[], f: () => { total: Scalar; terms: Scalar[] }): LossTerms {
  const { tf } = net;
  let kept: Tensor | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const r = f();
    kept = tf.keep(tf.stack(r.terms));
    return r.total;
  }, vars);
  try {
    adam.apply(vars.map((v) => grads[v.name]));
    const vals = kept!.dataSync();
    const out: LossTerms = {};
    names.forEach((n, i) => (out[n] = vals[i]!));
    return out;
  } finally {
    tf.dispose([value, ...Object.values(grads)]);
    if (kept) kept.dispose();
  }
}

export function teacherStep(net: CorrkdNet, vars: Variable[], adam: Adam, batch: Batch, rng: Rng): LossTerms {
  const { tf, spec } = net;
  const absent = absentRows(batch.x, batch.size);
  const x = inputTensors(tf, spec, batch.x, batch.size);
  try {
    return optimise(net, vars, adam, TEACHER_TERMS, () => {
      const out = forward(net, x, { dropoutRng: rng, absentRows: absent });
      const t = taskLoss(out.logits, batch.yClass, batch.label);
      return { total: t.total, terms: [t.total, t.total, t.ce, t.l1] };
    });
  } finally {
    disposeInputs(tf, x);
  }
}

/** Teacher outputs for every row of a split (inference mode): logits [n, K] and H [n, 3d]. */
export interface TeacherCache {
  logits: Float32Array;
  H: Float32Array;
}

export interface StudentParts {
  student: CorrkdNet;
  statsTarget: StatsNet;
  statsNonTarget: StatsNet;
  vars: Variable[];
  adam: Adam;
  cache: TeacherCache;
  weights: LossWeights;
  eta: number;
  tau: number;
}

function cachedRows(tf: CorrkdNet['tf'], src: Float32Array, width: number, rows: Int32Array): Tensor2D {
  const out = new Float32Array(rows.length * width);
  rows.forEach((r, i) => out.set(src.subarray(r * width, (r + 1) * width), i * width));
  return tf.tensor2d(out, [rows.length, width]);
}

export function studentStep(p: StudentParts, batch: Batch, rng: Rng): LossTerms {
  const { tf, spec } = p.student;
  const B = batch.size;
  const masks = sampleMrmMasks(rng, B, spec.T, batch.present);
  applyMasksInPlace(batch.x, spec.dims, masks); // batch.x is this batch's own copy
  const perm = rng.derangement(B);
  const absent = absentRows(batch.x, batch.size);
  const x = inputTensors(tf, spec, batch.x, B);
  const zt = cachedRows(tf, p.cache.logits, spec.classes, batch.rows);
  const ht = cachedRows(tf, p.cache.H, 3 * spec.d, batch.rows);
  const yCont = tf.tensor1d(batch.label) as Tensor1D;
  const w = p.weights;
  try {
    return optimise(p.student, p.vars, p.adam, STUDENT_TERMS, () => {
      const out = forward(p.student, x, { dropoutRng: rng, absentRows: absent });
      const L = totalStudentLoss(
        { zs: out.logits, zt, hs: out.H, ht, yClass: batch.yClass, yCont, perm, netTarget: p.statsTarget, netNonTarget: p.statsNonTarget },
        { weights: { scd: w.scd, cpd: w.cpd, rcd: w.rcd }, eta: p.eta, tau: p.tau },
      );
      const total = tf.addN([tf.mul(w.task, L.task), tf.mul(w.scd, L.scd), tf.mul(w.cpd, L.cpd), tf.mul(w.rcd, L.rcd)]) as Scalar;
      return { total, terms: [total, L.task, L.ce, L.l1, L.scd, L.cpd, L.rcd, L.miTarget, L.miNonTarget] };
    });
  } finally {
    disposeInputs(tf, x);
    tf.dispose([zt, ht, yCont]);
  }
}
