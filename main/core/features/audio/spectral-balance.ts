/**
 * Spectral balance of one magnitude spectrum, the eGeMAPS definitions (Eyben et al. 2016, IEEE
 * Trans. Affective Computing 7(2), section 3.1), all level-independent (a gain change cancels):
 *  - alpha ratio: energy 50-1000 Hz over energy 1-5 kHz, in dB;
 *  - Hammarberg index: strongest bin 0-2 kHz over strongest bin 2-5 kHz, in dB;
 *  - spectral slope 0-500 Hz and 500-1500 Hz: least-squares slope of the power spectrum in dB
 *    against frequency, in dB per kHz.
 * Vocal effort flattens the spectrum (more high-frequency energy): alpha ratio and Hammarberg fall,
 * slopes rise. These are how loud the voice is made, not how loud it was recorded.
 */

export interface SpectralBalance {
  alphaRatioDb: number;
  hammarbergDb: number;
  slope0To500DbPerKhz: number;
  slope500To1500DbPerKhz: number;
}

/** Power floor: far below the band power of -90 dBFS noise at 512 points; keeps dB finite. */
const POWER_FLOOR = 1e-12;

export class SpectralBalanceAnalyzer {
  private readonly binHz: number;
  private readonly bins: number;

  constructor(sampleRate: number, fftSize: number) {
    this.binHz = sampleRate / fftSize;
    this.bins = fftSize / 2 + 1;
  }

  private bin(hz: number): number {
    return Math.min(this.bins - 1, Math.max(0, Math.round(hz / this.binHz)));
  }

  private energy(mag: Float32Array, loHz: number, hiHz: number): number {
    let e = 0;
    for (let k = this.bin(loHz); k < this.bin(hiHz); k++) e += mag[k]! * mag[k]!;
    return e;
  }

  private peak(mag: Float32Array, loHz: number, hiHz: number): number {
    let p = 0;
    for (let k = this.bin(loHz); k < this.bin(hiHz); k++) p = Math.max(p, mag[k]! * mag[k]!);
    return p;
  }

  /** dB-per-kHz least-squares slope of 10 log10(power) over bins [lo, hi). */
  private slope(mag: Float32Array, loHz: number, hiHz: number): number {
    const a = this.bin(loHz);
    const b = this.bin(hiHz);
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    const n = b - a;
    for (let k = a; k < b; k++) {
      const x = (k * this.binHz) / 1000;
      const y = 10 * Math.log10(Math.max(POWER_FLOOR, mag[k]! * mag[k]!));
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    const den = n * sxx - sx * sx;
    return den > 0 ? (n * sxy - sx * sy) / den : 0;
  }

  analyse(mag: Float32Array): SpectralBalance {
    const low = this.energy(mag, 50, 1000);
    const high = this.energy(mag, 1000, 5000);
    return {
      alphaRatioDb: 10 * Math.log10(Math.max(POWER_FLOOR, low) / Math.max(POWER_FLOOR, high)),
      hammarbergDb: 10 * Math.log10(Math.max(POWER_FLOOR, this.peak(mag, 0, 2000)) / Math.max(POWER_FLOOR, this.peak(mag, 2000, 5000))),
      slope0To500DbPerKhz: this.slope(mag, 0, 500),
      slope500To1500DbPerKhz: this.slope(mag, 500, 1500),
    };
  }
}
