/**
 * Rows of merged data by source (DatasetMeta.sources): source i's rows are one contiguous range in
 * every split, in source order (merge-datasets.ts), so a source's part of a split is a view.
 */
import type { SplitName } from '../../core/dataset/format.ts';
import type { SourceInfo, SplitData } from '../../core/dataset/feature-dataset.ts';

/** [start, end) of each source's rows in `split`. */
export function sourceRanges(sources: readonly SourceInfo[], split: SplitName): Array<[number, number]> {
  let at = 0;
  return sources.map((s) => {
    const r: [number, number] = [at, at + s.n[split]];
    at = r[1];
    return r;
  });
}

/** Rows start..end-1 of a split as a SplitData sharing its memory (no copy). */
export function sliceSplit(sp: SplitData, start: number, end: number, T: number, dims: { l: number; a: number; v: number }): SplitData {
  const f = (arr: Float32Array, d: number): Float32Array => arr.subarray(start * T * d, end * T * d);
  const out: SplitData = {
    n: end - start,
    ids: sp.ids.slice(start, end),
    label: sp.label.subarray(start, end),
    l: f(sp.l, dims.l),
    a: f(sp.a, dims.a),
    v: f(sp.v, dims.v),
  };
  if (sp.present) out.present = { l: sp.present.l.subarray(start, end), a: sp.present.a.subarray(start, end), v: sp.present.v.subarray(start, end) };
  if (sp.stepMask) {
    const m = (u: Uint8Array): Uint8Array => u.subarray(start * T, end * T);
    out.stepMask = { l: m(sp.stepMask.l), a: m(sp.stepMask.a), v: m(sp.stepMask.v) };
  }
  if (sp.source) out.source = sp.source.subarray(start, end);
  return out;
}
