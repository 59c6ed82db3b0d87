import { AppError } from '../../errors.ts';

/**
 * In-place radix-2 complex FFT with twiddles and bit-reversal precomputed once per size. meyda's
 * path (fftjs) allocates several arrays per frame; this one allocates nothing per call, which
 * matters at 100 frames (and two FFT uses: spectrum and YIN) per second of audio.
 */
export class Fft {
  readonly size: number;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly rev: Uint32Array;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 2 || (size & (size - 1)) !== 0) {
      throw new AppError('Internal', `FFT size must be a power of two, got ${size}.`);
    }
    this.size = size;
    this.cos = new Float64Array(size / 2);
    this.sin = new Float64Array(size / 2);
    for (let k = 0; k < size / 2; k++) {
      this.cos[k] = Math.cos((2 * Math.PI * k) / size);
      this.sin[k] = Math.sin((2 * Math.PI * k) / size);
    }
    this.rev = new Uint32Array(size);
    const bits = Math.log2(size);
    for (let i = 0; i < size; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.rev[i] = r;
    }
  }

  /**
   * X_k = sum_n x_n e^(-2 pi i k n / N) in place (forward), or the same with +i (inverse),
   * unscaled: an inverse after a forward returns N times the input.
   */
  transform(re: Float64Array, im: Float64Array, inverse = false): void {
    const { size, cos, rev } = this;
    const sin = this.sin;
    const sgn = inverse ? 1 : -1;
    for (let i = 0; i < size; i++) {
      const j = rev[i]!;
      if (j > i) {
        const tr = re[i]!;
        re[i] = re[j]!;
        re[j] = tr;
        const ti = im[i]!;
        im[i] = im[j]!;
        im[j] = ti;
      }
    }
    for (let len = 2; len <= size; len <<= 1) {
      const half = len >> 1;
      const step = size / len;
      for (let start = 0; start < size; start += len) {
        for (let k = 0; k < half; k++) {
          const wr = cos[k * step]!;
          const wi = sgn * sin[k * step]!;
          const a = start + k;
          const b = a + half;
          const br = re[b]!;
          const bi = im[b]!;
          const xr = br * wr - bi * wi;
          const xi = br * wi + bi * wr;
          const ar = re[a]!;
          const ai = im[a]!;
          re[b] = ar - xr;
          im[b] = ai - xi;
          re[a] = ar + xr;
          im[a] = ai + xi;
        }
      }
    }
  }
}

/** Magnitude spectrum |X_k|, k = 0 .. N/2, of one real frame zero-padded to the FFT size. */
export class MagnitudeFft {
  readonly size: number;
  /** size/2 + 1 bins, 0 .. Nyquist. */
  readonly bins: number;
  private readonly fft: Fft;
  private readonly re: Float64Array;
  private readonly im: Float64Array;

  constructor(size: number) {
    this.fft = new Fft(size);
    this.size = size;
    this.bins = size / 2 + 1;
    this.re = new Float64Array(size);
    this.im = new Float64Array(size);
  }

  /** Writes |X_k| into out[0 .. bins). The caller applies any window beforehand. */
  magnitudes(frame: ArrayLike<number>, out: Float32Array | Float64Array): void {
    const { re, im } = this;
    const n = Math.min(frame.length, this.size);
    for (let i = 0; i < n; i++) re[i] = frame[i]!;
    re.fill(0, n);
    im.fill(0);
    this.fft.transform(re, im);
    for (let k = 0; k < this.bins; k++) out[k] = Math.sqrt(re[k]! * re[k]! + im[k]! * im[k]!);
  }
}

/** The smallest power of two (at least 2) that holds `window` samples: the FFT size of a frame. */
export function fftSizeFor(window: number): number {
  let n = 2;
  while (n < window) n *= 2;
  return n;
}

/** A symmetric Hann window of n samples (0 at both ends). */
export function hannWindow(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
  return w;
}
