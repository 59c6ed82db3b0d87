/**
 * audio-v2, stage 2: statistics of the stage-1 rows (audio-v2-lld.ts) around one frame. Each
 * published audio-v2 value of frame i is computed from the rows of frames i - h .. i + h (h up to
 * CONTEXT_MAX_HALF frames, clipped to the frames that exist), so a per-step mean taken later by
 * the aligner still carries the dynamics inside the step (F0 range and slope, loudness spread),
 * and voiced-only quantities (F0, formants, HNR) are the mean over the voiced frames nearby rather
 * than a mix of values and unvoiced zeros.
 *
 * Only valid frames (not digital silence) enter any statistic. Slopes are least-squares slopes
 * against time in seconds. Quantiles interpolate linearly between order statistics.
 */
import { LLD, V2_HOP_SEC } from './audio-v2-lld.ts';

export class FrameContext {
  /** absolute index of the frame being described */
  i = 0;
  private rows: Float32Array = new Float32Array(0);
  private valid: Uint8Array = new Uint8Array(0);
  /** absolute index of rows[0] */
  private base = 0;
  /** frames that exist (absolute indices 0 .. count - 1) */
  private count = 0;
  private readonly scratchX: Float64Array;
  private readonly scratchY: Float64Array;
  private readonly memo = new Map<string, number>();

  constructor(
    private readonly lldDim: number,
    maxHalf: number,
  ) {
    this.scratchX = new Float64Array(2 * maxHalf + 1);
    this.scratchY = new Float64Array(2 * maxHalf + 1);
  }

  /** Points the context at frame i of rows that hold absolute frames base .. base + rows/dim - 1. */
  at(i: number, rows: Float32Array, valid: Uint8Array, base: number, count: number): void {
    this.i = i;
    this.rows = rows;
    this.valid = valid;
    this.base = base;
    this.count = count;
    this.memo.clear();
  }

  private get(j: number, l: number): number {
    return this.rows[(j - this.base) * this.lldDim + l]!;
  }

  private isValid(j: number): boolean {
    return this.valid[j - this.base] === 1;
  }

  private isVoiced(j: number): boolean {
    return this.isValid(j) && this.get(j, LLD.voiced) === 1;
  }

  /** The LLD of the frame itself. */
  value(l: number): number {
    return this.get(this.i, l);
  }

  /** Fills the scratch arrays with (time, value) of the frames in +-half that pass `keep`; returns n. */
  private gather(l: number, half: number, voicedOnly: boolean): number {
    const lo = Math.max(0, this.i - half);
    const hi = Math.min(this.count - 1, this.i + half);
    let n = 0;
    for (let j = lo; j <= hi; j++) {
      if (!(voicedOnly ? this.isVoiced(j) : this.isValid(j))) continue;
      this.scratchX[n] = (j - this.i) * V2_HOP_SEC;
      this.scratchY[n] = this.get(j, l);
      n++;
    }
    return n;
  }

  private cached(key: string, f: () => number): number {
    const hit = this.memo.get(key);
    if (hit !== undefined) return hit;
    const v = f();
    this.memo.set(key, v);
    return v;
  }

  mean(l: number, half: number, voicedOnly: boolean): number {
    const n = this.gather(l, half, voicedOnly);
    if (n === 0) return 0;
    let s = 0;
    for (let k = 0; k < n; k++) s += this.scratchY[k]!;
    return s / n;
  }

  /** q-quantile (0..1); 0 when no frame qualifies. */
  quantile(l: number, q: number, half: number, voicedOnly: boolean): number {
    return this.cached(`q${l}:${q}:${half}:${voicedOnly ? 1 : 0}`, () => {
      const n = this.gather(l, half, voicedOnly);
      if (n === 0) return 0;
      const ys = this.scratchY.subarray(0, n).sort();
      const at = q * (n - 1);
      const k = Math.floor(at);
      const frac = at - k;
      return k + 1 < n ? ys[k]! * (1 - frac) + ys[k + 1]! * frac : ys[k]!;
    });
  }

  /** Least-squares slope per second; 0 with fewer than 3 qualifying frames. */
  slopePerSec(l: number, half: number, voicedOnly: boolean): number {
    const n = this.gather(l, half, voicedOnly);
    if (n < 3) return 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    for (let k = 0; k < n; k++) {
      const x = this.scratchX[k]!;
      const y = this.scratchY[k]!;
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    const den = n * sxx - sx * sx;
    return den > 0 ? (n * sxy - sx * sy) / den : 0;
  }

  /** Voiced share of the valid frames in +-half; 0 when none is valid. */
  voicedRatio(half: number): number {
    const lo = Math.max(0, this.i - half);
    const hi = Math.min(this.count - 1, this.i + half);
    let valid = 0;
    let voiced = 0;
    for (let j = lo; j <= hi; j++) {
      if (!this.isValid(j)) continue;
      valid++;
      if (this.isVoiced(j)) voiced++;
    }
    return valid > 0 ? voiced / valid : 0;
  }

  /**
   * Voiced segments starting per second of valid signal in +-half: a frame starts a segment when it
   * is voiced and the frame before it (inside the window) is not. A segment already under way at the
   * window's first frame does not count, so the rate of evenly spaced segments is unbiased.
   */
  voicedOnsetsPerSec(half: number): number {
    const lo = Math.max(0, this.i - half);
    const hi = Math.min(this.count - 1, this.i + half);
    let valid = 0;
    let onsets = 0;
    for (let j = lo; j <= hi; j++) {
      if (!this.isValid(j)) continue;
      valid++;
      if (j > lo && this.isVoiced(j) && !this.isVoiced(j - 1)) onsets++;
    }
    return valid > 0 ? onsets / (valid * V2_HOP_SEC) : 0;
  }
}
