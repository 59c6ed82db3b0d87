/**
 * Inference over a whole split in batches (no dropout): the validation loss used for model
 * selection, predictions for the metrics, and the frozen teacher's cached outputs.
 */
import { sliceSplit, sourceRanges } from '../data/source-rows.ts';
import type { SourceInfo, SplitData } from '../../core/dataset/feature-dataset.ts';
import { taskLoss } from '../losses/task-loss.ts';
import { applyMasksInPlace } from '../missingness/apply-masks.ts';
import type { ModalityMasks } from '../missingness/masks.ts';
import { forward } from '../model/forward.ts';
import type { CorrkdNet } from '../model/params.ts';
import { absentRows, batchRanges, gatherBatch } from './batches.ts';
import type { TeacherCache } from './steps.ts';
import { disposeInputs, inputTensors } from './tensors.ts';

export interface SplitEval {
  /** mean task loss (CE + L1) over the split */
  loss: number;
  ce: number;
  l1: number;
  score: Float32Array;
}

/** Masks for the samples of one batch (e.g. fixed-seed MRM for the student's validation); present is [B*3] (Batch.present). */
export type MaskSource = (B: number, T: number, present: Uint8Array) => ModalityMasks;

function identityRows(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

/** Evaluates `net` on the split; `masks`, when given, is called once per batch in order. */
export function evaluateSplit(net: CorrkdNet, split: SplitData, batchSize: number, masks?: MaskSource): SplitEval {
  const { tf, spec } = net;
  const n = split.n;
  const score = new Float32Array(n);
  let ce = 0;
  let l1 = 0;
  const rows = identityRows(n);
  for (const [s, e] of batchRanges(n, batchSize, 1)) {
    const b = gatherBatch(split, rows.subarray(s, e), spec.T, spec.dims);
    if (masks) applyMasksInPlace(b.x, spec.dims, masks(b.size, spec.T, b.present));
    const absent = absentRows(b.x, b.size);
    const x = inputTensors(tf, spec, b.x, b.size);
    try {
      const r = tf.tidy(() => {
        const out = forward(net, x, { absentRows: absent });
        const t = taskLoss(out.logits, b.yClass, b.label);
        return { terms: tf.stack([t.ce, t.l1]), score: out.score };
      });
      const [bce, bl1] = r.terms.dataSync();
      score.set(r.score.dataSync(), s);
      tf.dispose([r.terms, r.score]);
      ce += bce! * b.size;
      l1 += bl1! * b.size;
    } finally {
      disposeInputs(tf, x);
    }
  }
  return n === 0 ? { loss: NaN, ce: NaN, l1: NaN, score } : { loss: (ce + l1) / n, ce: ce / n, l1: l1 / n, score };
}

/** One source's validation (its rows of the merged split). */
export interface SourceEval {
  loss: number;
  n: number;
}

/**
 * evaluateSplit for merged data: each source's rows on their own (a view, no copy), then the
 * selection loss = the mean of the losses of the sources that have rows (each corpus counts
 * equally), and the scores of all rows in split order. Without sources: evaluateSplit.
 * `masks` is called once per batch, source after source.
 */
export function evaluateBySource(
  net: CorrkdNet,
  split: SplitData,
  sources: readonly SourceInfo[] | undefined,
  batchSize: number,
  masks?: MaskSource,
): SplitEval & { bySource?: SourceEval[] } {
  if (!sources || sources.length < 2) return evaluateSplit(net, split, batchSize, masks);
  const { T, dims } = net.spec;
  const score = new Float32Array(split.n);
  const bySource: SourceEval[] = [];
  let sum = 0;
  let counted = 0;
  let ce = 0;
  let l1 = 0;
  for (const [s, e] of sourceRanges(sources, 'valid')) {
    const r = evaluateSplit(net, sliceSplit(split, s, e, T, dims), batchSize, masks);
    score.set(r.score, s);
    bySource.push({ loss: r.loss, n: e - s });
    if (e > s) {
      sum += r.loss;
      counted++;
      ce += r.ce * (e - s);
      l1 += r.l1 * (e - s);
    }
  }
  const n = split.n;
  return { loss: counted > 0 ? sum / counted : NaN, ce: n ? ce / n : NaN, l1: n ? l1 / n : NaN, score, bySource };
}

export function teacherOutputs(net: CorrkdNet, split: SplitData, batchSize: number): TeacherCache {
  const { tf, spec } = net;
  const K = spec.classes;
  const D = 3 * spec.d;
  const logits = new Float32Array(split.n * K);
  const H = new Float32Array(split.n * D);
  const rows = identityRows(split.n);
  for (const [s, e] of batchRanges(split.n, batchSize, 1)) {
    const b = gatherBatch(split, rows.subarray(s, e), spec.T, spec.dims);
    const absent = absentRows(b.x, b.size);
    const x = inputTensors(tf, spec, b.x, b.size);
    const out = forward(net, x, { absentRows: absent });
    logits.set(out.logits.dataSync(), s * K);
    H.set(out.H.dataSync(), s * D);
    tf.dispose([out.logits, out.probs, out.score, out.H, out.z.l, out.z.a, out.z.v]);
    disposeInputs(tf, x);
  }
  return { logits, H };
}
