/**
 * Formants from linear prediction (the autocorrelation method; Markel & Gray 1976, as in Praat's
 * "To Formant (burg)" family and openSMILE's cFormantLpc): pre-emphasis, a Gaussian-like window,
 * autocorrelation, Levinson-Durbin recursion to the LPC polynomial A(z), its complex roots
 * (poly-roots.ts), and each root r = |r| e^(i theta) in the upper half plane read as a resonance
 * at F = theta fs / (2 pi) with bandwidth B = -ln|r| fs / pi. Allocates nothing per frame.
 */
import { AppError } from '../../errors.ts';
import { PolyRoots } from './poly-roots.ts';

export interface Formant {
  hz: number;
  bandwidthHz: number;
}

/**
 * Which roots count as formants: above 90 Hz (lower roots model the glottal source and the
 * spectral tilt, not the vocal tract), at least 90 Hz below Nyquist, and narrower than 700 Hz
 * (broader "formants" are the LPC fitting the overall envelope; Praat's and openSMILE's trackers
 * drop them the same way before picking F1-F3).
 */
const MIN_HZ = 90;
const MAX_BANDWIDTH_HZ = 700;

export class FormantAnalyzer {
  private readonly win: Float64Array;
  private readonly x: Float64Array;
  private readonly r: Float64Array;
  private readonly a: Float64Array;
  private readonly tmp: Float64Array;
  private readonly roots: PolyRoots;
  private readonly found: Formant[];
  private readonly preEmphasis: number;

  /**
   * @param length samples analysed per frame
   * @param order LPC order (2 per expected resonance up to Nyquist, plus 2 for the source)
   * @param preEmphasisHz first-order pre-emphasis x[n] - a x[n-1], a = exp(-2 pi f / fs) (Praat: 50 Hz)
   */
  constructor(
    private readonly sampleRate: number,
    length: number,
    private readonly order: number,
    preEmphasisHz = 50,
  ) {
    if (!(order >= 2 && order < length)) throw new AppError('Internal', `LPC order ${order} does not fit ${length} samples.`);
    this.preEmphasis = Math.exp((-2 * Math.PI * preEmphasisHz) / sampleRate);
    // Praat's window for formant analysis: the Gaussian (exp(-12 (t/T - 1/2)^2) - e^-12) / (1 - e^-12)
    // over the frame, 0 at the edges; less spectral leakage than Hamming.
    this.win = new Float64Array(length);
    const c = (length - 1) / 2;
    const e = Math.exp(-12);
    for (let i = 0; i < length; i++) this.win[i] = (Math.exp(-48 * ((i - c) / (length + 1)) ** 2) - e) / (1 - e);
    this.x = new Float64Array(length);
    this.r = new Float64Array(order + 1);
    this.a = new Float64Array(order + 1);
    this.tmp = new Float64Array(order + 1);
    this.roots = new PolyRoots(order);
    this.found = Array.from({ length: Math.ceil(order / 2) }, () => ({ hz: 0, bandwidthHz: 0 }));
  }

  /**
   * Formants of buf[start .. start + length), sorted by frequency (shared objects, valid until the
   * next call). Empty for a silent segment or when the recursion breaks down.
   */
  analyse(buf: Float32Array, start: number): readonly Formant[] {
    const { x, win, r, a, tmp, order } = this;
    const n = x.length;
    let prev = start > 0 ? buf[start - 1]! : 0;
    for (let i = 0; i < n; i++) {
      const v = buf[start + i]!;
      x[i] = (v - this.preEmphasis * prev) * win[i]!;
      prev = v;
    }
    for (let k = 0; k <= order; k++) {
      let s = 0;
      for (let i = k; i < n; i++) s += x[i]! * x[i - k]!;
      r[k] = s;
    }
    if (!(r[0]! > 0)) return [];
    // Levinson-Durbin with a tiny white-noise correction (lag window) for stability.
    r[0] = r[0]! * (1 + 1e-9);
    a.fill(0);
    a[0] = 1;
    let err = r[0]!;
    for (let i = 1; i <= order; i++) {
      let acc = r[i]!;
      for (let j = 1; j < i; j++) acc += a[j]! * r[i - j]!;
      const k = -acc / err;
      tmp.set(a);
      for (let j = 1; j < i; j++) a[j] = tmp[j]! + k * tmp[i - j]!;
      a[i] = k;
      err *= 1 - k * k;
      if (!(err > 0)) return [];
    }
    const { re, im, count } = this.roots.solve(a);
    let m = 0;
    const nyq = this.sampleRate / 2;
    for (let i = 0; i < count; i++) {
      if (!(im[i]! > 0)) continue;
      const mag = Math.hypot(re[i]!, im[i]!);
      const hz = (Math.atan2(im[i]!, re[i]!) * this.sampleRate) / (2 * Math.PI);
      const bw = mag > 0 ? (-Math.log(mag) * this.sampleRate) / Math.PI : Infinity;
      if (hz < MIN_HZ || hz > nyq - MIN_HZ || !(bw < MAX_BANDWIDTH_HZ) || m >= this.found.length) continue;
      const f = this.found[m++]!;
      f.hz = hz;
      f.bandwidthHz = bw;
    }
    const out = this.found.slice(0, m);
    out.sort((p, q) => p.hz - q.hz);
    return out;
  }
}
