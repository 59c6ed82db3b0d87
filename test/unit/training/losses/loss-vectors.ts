/** Loads vectors/corrkd_losses.json and runs every loss on a case, returning named (got, want) pairs. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import { SHARED_VECTORS } from '../../../helpers/data.ts';
import { cpdParts, labelsToClasses, rcdParts, scdParts, sentimentScore, StatsNet, taskLoss, totalStudentLoss } from '../../../../main/training/losses/index.ts';
import type { StatsNetWeightsInput } from '../../../../main/training/losses/index.ts';

type M = number[][];
export interface LossCase {
  name: string;
  B: number;
  K: number;
  D: number;
  eta: number;
  tau: number;
  inputs: {
    hs: M; ht: M; zs: M; zt: M; y: number[]; ycont: number[]; perm: number[];
    rcd_target_net: StatsNetWeightsInput; rcd_nontarget_net: StatsNetWeightsInput;
  };
  intermediates: Record<string, number | number[] | M>;
  losses: Record<string, number>;
}

export function loadLossCases(): LossCase[] {
  const j = JSON.parse(readFileSync(path.join(SHARED_VECTORS, 'corrkd_losses.json'), 'utf8')) as { cases: LossCase[] };
  return j.cases;
}

export type Comparison = [name: string, got: Float64Array, want: Float64Array];

function flat(x: number | number[] | M): Float64Array {
  return Float64Array.from(typeof x === 'number' ? [x] : (x as (number | number[])[]).flat() as number[]);
}

async function read(t: Tensor): Promise<Float64Array> {
  return Float64Array.from(await t.data());
}

/** Every intermediate and loss of the case, as computed by our float32 tfjs code. */
export async function runCase(c: LossCase): Promise<{ comparisons: Comparison[]; labelsOk: boolean }> {
  const inp = c.inputs;
  const netT = new StatsNet(2, { weights: inp.rcd_target_net });
  const netN = new StatsNet(c.K - 1, { weights: inp.rcd_nontarget_net });
  const t = tf.tidy(() => {
    const hs = tf.tensor2d(inp.hs);
    const ht = tf.tensor2d(inp.ht);
    const zs = tf.tensor2d(inp.zs);
    const zt = tf.tensor2d(inp.zt);
    const y = Int32Array.from(inp.y);
    return {
      scd: scdParts(hs, ht, c.eta),
      cpd: cpdParts(hs, ht, y),
      rcd: rcdParts(zs, zt, y, Int32Array.from(inp.perm), netT, netN, c.tau),
      task: taskLoss(zs, y, inp.ycont),
      score: sentimentScore(zs),
      total: totalStudentLoss(
        { zs, zt, hs, ht, yClass: y, yCont: inp.ycont, perm: Int32Array.from(inp.perm), netTarget: netT, netNonTarget: netN },
        { eta: c.eta, tau: c.tau },
      ),
    };
  });
  const im = c.intermediates;
  const L = c.losses;
  const pairs: [string, Tensor, number | number[] | M][] = [
    ['hn_s', t.scd.hnS, im.hn_s!], ['hn_t', t.scd.hnT, im.hn_t!], ['d', t.scd.d, im.d!],
    ['scd_pos_sum', t.scd.posSum, im.scd_pos_sum!], ['scd_neg_sum', t.scd.negSum, im.scd_neg_sum!],
    ['prototypes_s', t.cpd.prototypesS, im.prototypes_s!], ['prototypes_t', t.cpd.prototypesT, im.prototypes_t!],
    ['M_s', t.cpd.mS, im.M_s!], ['M_t', t.cpd.mT, im.M_t!],
    ['p_s', t.rcd.pS, im.p_s!], ['p_t', t.rcd.pT, im.p_t!], ['b_s', t.rcd.bS, im.b_s!], ['b_t', t.rcd.bT, im.b_t!],
    ['q_s', t.rcd.qS, im.q_s!], ['q_t', t.rcd.qT, im.q_t!],
    ['T_target_pos', t.rcd.tTargetPos, im.T_target_pos!], ['T_target_neg', t.rcd.tTargetNeg, im.T_target_neg!],
    ['T_nontarget_pos', t.rcd.tNonTargetPos, im.T_nontarget_pos!], ['T_nontarget_neg', t.rcd.tNonTargetNeg, im.T_nontarget_neg!],
    ['score', t.score, im.score!],
    ['scd', t.scd.scd, L.scd!], ['cpd', t.cpd.cpd, L.cpd!], ['rcd', t.rcd.rcd, L.rcd!],
    ['mi_target', t.rcd.miTarget, L.mi_target!], ['mi_nontarget', t.rcd.miNonTarget, L.mi_nontarget!],
    ['ce', t.task.ce, L.ce!], ['l1', t.task.l1, L.l1!], ['task', t.task.total, L.task!],
    ['total', t.total.total, L.total!], ['total.scd', t.total.scd, L.scd!], ['total.cpd', t.total.cpd, L.cpd!],
    ['total.rcd', t.total.rcd, L.rcd!], ['total.task', t.total.task, L.task!],
  ];
  const comparisons: Comparison[] = [];
  for (const [name, got, want] of pairs) comparisons.push([name, await read(got), flat(want)]);
  const classesOk = JSON.stringify(t.cpd.classesPresent) === JSON.stringify(im.classes_present);
  const labelsOk = classesOk && JSON.stringify([...labelsToClasses(inp.ycont)]) === JSON.stringify(inp.y);
  tf.dispose(t as unknown as tf.TensorContainer);
  netT.dispose();
  netN.dispose();
  return { comparisons, labelsOk };
}

/**
 * Norm-wise relative error max_i |got_i - want_i| / max_i |want_i| (plain relative error for a scalar;
 * absolute when the reference is exactly 0, e.g. cpd with one class). Elementwise relative error is
 * meaningless for entries that are float64 round-off of 0 (e.g. 1 - p_y when p_y rounds to 1).
 */
export function relErr(got: Float64Array, want: Float64Array): number {
  if (got.length !== want.length) return Number.POSITIVE_INFINITY;
  let num = 0;
  let den = 0;
  for (let i = 0; i < want.length; i++) {
    const g = got[i] as number;
    const w = want[i] as number;
    if (!Number.isFinite(g)) return Number.POSITIVE_INFINITY;
    num = Math.max(num, Math.abs(g - w));
    den = Math.max(den, Math.abs(w));
  }
  return den === 0 ? num : num / den;
}
