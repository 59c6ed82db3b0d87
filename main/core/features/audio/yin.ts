/**
 * YIN fundamental-frequency estimator (de Cheveigne & Kawahara 2002, steps 2-5), written here
 * rather than taken from `pitchfinder` because its YIN returns only a frequency or null: it hides
 * the aperiodicity we keep as the voicing confidence, has no F0 floor/ceiling (the lag range and
 * integration window follow implicitly from truncating the buffer to a power of two) and allocates
 * per call. A test checks that both agree on real speech.
 */
import { AppError } from '../../errors.ts';
import { Fft } from './fft.ts';

/**
 * Step 4's absolute threshold: the first dip of the normalised difference below 0.1 is taken
 * (the value the YIN paper uses), which prefers the true period over its multiples.
 */
const YIN_DIP_THRESHOLD = 0.1;

export interface YinResult {
  /** Estimated F0 in Hz (0 when the segment carries no signal). */
  f0Hz: number;
  /** Period in samples (fractional, after parabolic interpolation); 0 with f0Hz 0. */
  periodSamples: number;
  /**
   * d'(tau) at the chosen lag, clamped to [0, 1]: roughly the aperiodic share of the power
   * (0 = perfectly periodic, about 1 = noise). 1 when the segment is all zeros.
   */
  aperiodicity: number;
}

export class Yin {
  /** Samples the analysis reads: the integration window plus the longest lag (and one more). */
  readonly span: number;
  private readonly window: number;
  private readonly tauMin: number;
  private readonly tauMax: number;
  private readonly fft: Fft;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private readonly sq: Float64Array;
  private readonly d: Float64Array;

  constructor(
    private readonly sampleRate: number,
    fMinHz: number,
    fMaxHz: number,
    windowSamples: number,
  ) {
    if (!(fMinHz > 0 && fMaxHz > fMinHz && fMaxHz < sampleRate / 4)) {
      throw new AppError('Internal', `YIN range ${fMinHz}-${fMaxHz} Hz does not fit sample rate ${sampleRate} Hz.`);
    }
    this.window = windowSamples;
    this.tauMin = Math.max(2, Math.floor(sampleRate / fMaxHz));
    this.tauMax = Math.ceil(sampleRate / fMinHz);
    this.span = this.window + this.tauMax + 1;
    let n = 2;
    while (n < this.span) n *= 2;
    this.fft = new Fft(n);
    this.re = new Float64Array(n);
    this.im = new Float64Array(n);
    this.sq = new Float64Array(this.span + 1);
    this.d = new Float64Array(this.tauMax + 2);
  }

  /** Analyses buf[start .. start + span). The caller guarantees those indices exist. */
  analyse(buf: Float32Array, start: number): YinResult {
    const { d, window: w, tauMin, tauMax } = this;
    this.difference(buf, start);

    // Step 3: cumulative mean normalised difference d'(tau) = d(tau) * tau / sum_{k<=tau} d(k).
    d[0] = 1;
    let running = 0;
    for (let tau = 1; tau <= tauMax + 1; tau++) {
      running += d[tau]!;
      d[tau] = running > 0 ? (d[tau]! * tau) / running : 1;
    }
    if (!(this.sq[w]! > 0) || running === 0) return { f0Hz: 0, periodSamples: 0, aperiodicity: 1 };

    // Step 4: first dip below the threshold (followed down to its local minimum), else the global
    // minimum inside the F0 range.
    let tau = -1;
    for (let t = tauMin; t <= tauMax; t++) {
      if (d[t]! < YIN_DIP_THRESHOLD) {
        while (t + 1 <= tauMax && d[t + 1]! < d[t]!) t++;
        tau = t;
        break;
      }
    }
    if (tau < 0) {
      tau = tauMin;
      for (let t = tauMin + 1; t <= tauMax; t++) if (d[t]! < d[tau]!) tau = t;
    }

    // Step 5: parabolic interpolation around the chosen lag.
    const s0 = d[tau - 1]!;
    const s1 = d[tau]!;
    const s2 = d[tau + 1]!;
    const denom = s0 - 2 * s1 + s2;
    let shift = 0;
    let minValue = s1;
    if (denom > 0) {
      shift = Math.max(-0.5, Math.min(0.5, (0.5 * (s0 - s2)) / denom));
      minValue = s1 - 0.25 * (s0 - s2) * shift;
    }
    const period = tau + shift;
    return {
      f0Hz: this.sampleRate / period,
      periodSamples: period,
      aperiodicity: Math.min(1, Math.max(0, minValue)),
    };
  }

  /**
   * Step 2, the difference function d(tau) = sum_{j<W} (x_j - x_{j+tau})^2 for tau = 1 .. tauMax+1,
   * as r_a + r_b(tau) - 2 c(tau): c is the cross-correlation of the first W samples with the whole
   * span, taken through one complex FFT holding both real sequences and one inverse FFT (about 5x
   * fewer operations than the direct double loop at W = 400, tauMax = 247).
   */
  private difference(buf: Float32Array, start: number): void {
    const { re, im, sq, d, window: w, tauMax, span } = this;
    const n = re.length;
    sq[0] = 0;
    for (let i = 0; i < span; i++) {
      const v = buf[start + i]!;
      re[i] = i < w ? v : 0;
      im[i] = v;
      sq[i + 1] = sq[i]! + v * v;
    }
    re.fill(0, span);
    im.fill(0, span);
    this.fft.transform(re, im);
    // Unpack A (spectrum of the window) and B (of the span), form conj(A) * B, in place.
    for (let k = 0; k <= n / 2; k++) {
      const m = (n - k) % n;
      const zr = re[k]!;
      const zi = im[k]!;
      const wr = re[m]!;
      const wi = im[m]!;
      const ar = 0.5 * (zr + wr);
      const ai = 0.5 * (zi - wi);
      const br = 0.5 * (zi + wi);
      const bi = 0.5 * (wr - zr);
      const cr = ar * br + ai * bi;
      const ci = ar * bi - ai * br;
      re[k] = cr;
      im[k] = ci;
      re[m] = cr; // C is Hermitian: C_{N-k} = conj(C_k)
      im[m] = -ci;
    }
    this.fft.transform(re, im, true);
    const ra = sq[w]!;
    for (let tau = 1; tau <= tauMax + 1; tau++) {
      const rb = sq[tau + w]! - sq[tau]!;
      d[tau] = Math.max(0, ra + rb - (2 * re[tau]!) / n);
    }
  }
}
