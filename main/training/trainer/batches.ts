/**
 * Mini-batches from the in-memory dataset: a seeded order per epoch and row gathering into plain
 * arrays (MRM masks are applied to copies in JS before the tensors are made).
 */
import { labelsToClasses } from '../losses/labels.ts';
import type { Rng } from '../../core/rng.ts';
import type { ModalityKey } from '../../core/dataset/format.ts';
import type { SplitData } from '../../core/dataset/feature-dataset.ts';

export interface Batch {
  size: number;
  x: Record<ModalityKey, Float32Array>;
  /** continuous labels [B] */
  label: Float32Array;
  /** 7-class index per sample [B] */
  yClass: Int32Array;
  /** dataset row of each sample */
  rows: Int32Array;
  /** [B*3] l, a, v per sample: 1 when the data has the modality (SplitData.present; all 1 without it) */
  present: Uint8Array;
}

/**
 * Splits `order` into batches of `batchSize`; a last batch smaller than `minSize` (RCD needs two
 * samples for its negative pair) joins the one before it instead of being dropped.
 */
export function batchRanges(n: number, batchSize: number, minSize = 2): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let s = 0; s < n; s += batchSize) out.push([s, Math.min(n, s + batchSize)]);
  const last = out[out.length - 1];
  if (out.length > 1 && last && last[1] - last[0] < minSize) {
    out.pop();
    out[out.length - 1]![1] = n;
  }
  return out;
}

export function epochOrder(rng: Rng, n: number): Int32Array {
  return rng.permutation(n);
}

export function gatherBatch(split: SplitData, rows: Int32Array, T: number, dims: Record<ModalityKey, number>): Batch {
  const B = rows.length;
  const x = {} as Record<ModalityKey, Float32Array>;
  for (const m of ['l', 'a', 'v'] as const) {
    const w = T * dims[m];
    const src = split[m];
    const dst = new Float32Array(B * w);
    for (let i = 0; i < B; i++) {
      const r = rows[i]!;
      dst.set(src.subarray(r * w, (r + 1) * w), i * w);
    }
    x[m] = dst;
  }
  const label = new Float32Array(B);
  for (let i = 0; i < B; i++) label[i] = split.label[rows[i]!]!;
  const present = new Uint8Array(B * 3).fill(1);
  if (split.present) {
    const p = split.present;
    for (let i = 0; i < B; i++) {
      const r = rows[i]!;
      present[i * 3] = p.l[r]!;
      present[i * 3 + 1] = p.a[r]!;
      present[i * 3 + 2] = p.v[r]!;
    }
  }
  return { size: B, x, label, yClass: labelsToClasses(label), rows, present };
}

/** Rows start..end-1 of an order as a batch. */
export function batchAt(split: SplitData, order: Int32Array, range: [number, number], T: number, dims: Record<ModalityKey, number>): Batch {
  return gatherBatch(split, order.subarray(range[0], range[1]), T, dims);
}

/** Per modality, 1 for each row of the batch whose input is all zeros (ForwardOptions.absentRows). */
export function absentRows(x: Record<ModalityKey, Float32Array>, B: number): Record<ModalityKey, Uint8Array> {
  const out = {} as Record<ModalityKey, Uint8Array>;
  for (const m of ['l', 'a', 'v'] as const) {
    const arr = x[m];
    const w = arr.length / B;
    const rows = new Uint8Array(B);
    for (let i = 0; i < B; i++) {
      let zero = 1;
      for (let j = i * w, end = j + w; j < end; j++) {
        if (arr[j] !== 0) {
          zero = 0;
          break;
        }
      }
      rows[i] = zero;
    }
    out[m] = rows;
  }
  return out;
}
