/**
 * Spectral shape features of one magnitude spectrum (bins 0 .. Nyquist): centroid, 85% roll-off,
 * flux against the previous frame, and meyda's perceptual loudness.
 *
 * We compute centroid/roll-off/flux ourselves because meyda 5.6 does not give what audio-v1
 * documents: its `spectralCentroid` is in bins, not Hz; its `spectralRolloff` is fixed at 99%;
 * its `spectralFlux` works on the time signal, not the spectrum (meyda issue #236 / PR #852, fixed
 * only in the unreleased v6). Loudness is meyda's own extractor, fed our spectrum.
 */
import Meyda from 'meyda';
import { AppError } from '../../errors.ts';

const ROLLOFF_SHARE = 0.85;
const BARK_BANDS = 24;

type MeydaLoudness = (args: { ampSpectrum: Float32Array; barkScale: Float32Array; numberOfBarkBands?: number }) => {
  specific: Float32Array;
  total: number;
};
interface MeydaLike {
  featureExtractors?: { loudness?: MeydaLoudness };
}
// meyda is CommonJS (module.exports = Meyda) while its typings declare an ES default export; take
// the object whichever way the loader (tsx, Node, a bundler) hands it over.
const meydaRoot = Meyda as unknown as MeydaLike & { default?: MeydaLike };
const meydaLoudnessFn = meydaRoot.featureExtractors?.loudness ?? meydaRoot.default?.featureExtractors?.loudness;

function meydaLoudness(args: Parameters<MeydaLoudness>[0]): ReturnType<MeydaLoudness> {
  if (!meydaLoudnessFn) throw new AppError('Internal', 'meyda loudness extractor not found (is the meyda package installed?).');
  return meydaLoudnessFn(args);
}

export interface SpectralShape {
  centroidHz: number;
  rolloffHz: number;
  flux: number;
  loudness: number;
}

export class SpectralShapeAnalyzer {
  private readonly binHz: number;
  private readonly barkScale: Float32Array;
  private readonly prev: Float64Array;
  private hasPrev = false;

  constructor(sampleRate: number, fftSize: number) {
    this.binHz = sampleRate / fftSize;
    this.prev = new Float64Array(fftSize / 2 + 1);
    // meyda's createBarkScale(bufferSize, sampleRate, bufferSize): Bark value of each FFT bin.
    this.barkScale = new Float32Array(fftSize);
    for (let i = 0; i < fftSize; i++) {
      const f = (i * sampleRate) / fftSize;
      this.barkScale[i] = 13 * Math.atan(f / 1315.8) + 3.5 * Math.atan((f / 7518) ** 2);
    }
  }

  /**
   * `mag` holds fftSize/2 + 1 magnitudes. Flux compares with the spectrum of the previous call
   * (0 on the first call), so call once per frame, in order.
   */
  analyse(mag: Float32Array): SpectralShape {
    const n = this.prev.length;
    let total = 0;
    let weighted = 0;
    for (let k = 0; k < n; k++) {
      total += mag[k]!;
      weighted += k * mag[k]!;
    }
    let centroidHz = 0;
    let rolloffHz = 0;
    let flux = 0;
    if (total > 0) {
      centroidHz = (weighted / total) * this.binHz;
      const target = ROLLOFF_SHARE * total;
      let cum = 0;
      for (let k = 0; k < n; k++) {
        cum += mag[k]!;
        if (cum >= target) {
          rolloffHz = k * this.binHz;
          break;
        }
      }
    }
    const inv = total > 0 ? 1 / total : 0;
    let sq = 0;
    for (let k = 0; k < n; k++) {
      const p = mag[k]! * inv;
      const diff = p - this.prev[k]!;
      sq += diff * diff;
      this.prev[k] = p;
    }
    if (this.hasPrev) flux = Math.sqrt(sq);
    this.hasPrev = true;
    // meyda works on fftSize/2 bins (no Nyquist bin).
    const loudness = total > 0 ? meydaLoudness({ ampSpectrum: mag.subarray(0, n - 1), barkScale: this.barkScale, numberOfBarkBands: BARK_BANDS }).total : 0;
    return { centroidHz, rolloffHz, flux, loudness };
  }
}
