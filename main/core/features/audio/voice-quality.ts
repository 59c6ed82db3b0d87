/**
 * Local jitter and shimmer of one voiced stretch, from glottal cycles picked by peak search
 * (a simplified form of Praat's "To PointProcess (periodic, peaks)"): start at the largest
 * absolute sample, then step one YIN period at a time, each time taking the extremum of the same
 * polarity within 0.8-1.2 periods of the previous one, refined to sub-sample position by a
 * parabola through the three samples around it.
 *
 *   jitter_local  = mean |T(i+1) - T(i)| / mean T(i)    over consecutive periods T
 *   shimmer_local = mean |A(i+1) - A(i)| / mean A(i)    over consecutive cycle peak amplitudes A
 *
 * Both need at least three cycles (two differences) and are 0 otherwise.
 */

const SEARCH_LO = 0.8;
const SEARCH_HI = 1.2;

export interface VoiceQuality {
  jitter: number;
  shimmer: number;
}

export class VoiceQualityAnalyzer {
  private readonly pos: Float64Array;
  private readonly amp: Float64Array;
  private readonly tmpPos: Float64Array;
  private readonly tmpAmp: Float64Array;

  /** `maxPulses` bounds the cycles one segment can hold (segment length / shortest period + 2). */
  constructor(maxPulses: number) {
    this.pos = new Float64Array(maxPulses);
    this.amp = new Float64Array(maxPulses);
    this.tmpPos = new Float64Array(maxPulses);
    this.tmpAmp = new Float64Array(maxPulses);
  }

  /** Analyses buf[start .. start + length) with the period (in samples) YIN found there. */
  analyse(buf: Float32Array, start: number, length: number, period: number): VoiceQuality {
    if (!(period > 1) || length < 3 * period) return { jitter: 0, shimmer: 0 };
    const end = start + length;
    let m = start + 1;
    for (let i = start + 1; i < end - 1; i++) if (Math.abs(buf[i]!) > Math.abs(buf[m]!)) m = i;
    const sign = buf[m]! >= 0 ? 1 : -1;
    if (buf[m] === 0) return { jitter: 0, shimmer: 0 };

    // Backward from the anchor (stored reversed in tmp), then the anchor and forward.
    let nBack = 0;
    let p = this.refine(buf, start, m, sign);
    for (;;) {
      const lo = start + Math.ceil(p.at - SEARCH_HI * period);
      const hi = start + Math.floor(p.at - SEARCH_LO * period);
      if (lo < start + 1 || hi < lo || nBack >= this.tmpPos.length) break;
      p = this.refine(buf, start, this.argmax(buf, lo, hi, sign), sign);
      this.tmpPos[nBack] = p.at;
      this.tmpAmp[nBack] = p.value;
      nBack++;
    }
    let n = 0;
    for (let i = nBack - 1; i >= 0 && n < this.pos.length; i--, n++) {
      this.pos[n] = this.tmpPos[i]!;
      this.amp[n] = this.tmpAmp[i]!;
    }
    p = this.refine(buf, start, m, sign);
    if (n < this.pos.length) {
      this.pos[n] = p.at;
      this.amp[n] = p.value;
      n++;
    }
    for (;;) {
      const lo = start + Math.ceil(p.at + SEARCH_LO * period);
      const hi = start + Math.floor(p.at + SEARCH_HI * period);
      if (hi > end - 2 || hi < lo || n >= this.pos.length) break;
      p = this.refine(buf, start, this.argmax(buf, lo, hi, sign), sign);
      this.pos[n] = p.at;
      this.amp[n] = p.value;
      n++;
    }
    if (n < 3) return { jitter: 0, shimmer: 0 };

    let sumT = 0;
    let sumDT = 0;
    let prevT = this.pos[1]! - this.pos[0]!;
    sumT += prevT;
    for (let i = 2; i < n; i++) {
      const t = this.pos[i]! - this.pos[i - 1]!;
      sumT += t;
      sumDT += Math.abs(t - prevT);
      prevT = t;
    }
    let sumA = this.amp[0]!;
    let sumDA = 0;
    for (let i = 1; i < n; i++) {
      sumA += this.amp[i]!;
      sumDA += Math.abs(this.amp[i]! - this.amp[i - 1]!);
    }
    const meanT = sumT / (n - 1);
    const meanA = sumA / n;
    return {
      jitter: meanT > 0 ? sumDT / (n - 2) / meanT : 0,
      shimmer: meanA > 0 ? sumDA / (n - 1) / meanA : 0,
    };
  }

  private argmax(buf: Float32Array, lo: number, hi: number, sign: number): number {
    let best = lo;
    for (let i = lo + 1; i <= hi; i++) if (sign * buf[i]! > sign * buf[best]!) best = i;
    return best;
  }

  /**
   * Sub-sample peak position (relative to `start`, so results do not depend on where the segment
   * sits in the buffer) and height (sign-corrected) from a parabola through 3 samples.
   */
  private refine(buf: Float32Array, start: number, i: number, sign: number): { at: number; value: number } {
    const y0 = sign * buf[i - 1]!;
    const y1 = sign * buf[i]!;
    const y2 = sign * buf[i + 1]!;
    const denom = y0 - 2 * y1 + y2;
    if (!(denom < 0)) return { at: i - start, value: y1 };
    const shift = Math.max(-0.5, Math.min(0.5, (0.5 * (y0 - y2)) / denom));
    return { at: i - start + shift, value: y1 - 0.25 * (y0 - y2) * shift };
  }
}
