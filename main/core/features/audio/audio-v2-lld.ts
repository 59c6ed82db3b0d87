/**
 * audio-v2, stage 1: the low-level descriptors (LLDs) of one 10 ms frame, read from the samples
 * around its centre. Stage 2 (audio-v2-context.ts) turns a run of these rows into the published
 * audio-v2 dims. The LLD row is internal: its layout is LLD below, not a public contract.
 */
import { fftSizeFor, hannWindow, MagnitudeFft } from './fft.ts';
import type { FrameGeometry, SampleFrameAnalyzer } from './frame-stream.ts';
import { DIGITAL_SILENCE_AMPLITUDE, toDbfs } from './levels.ts';
import { FormantAnalyzer } from './lpc.ts';
import { MfccAnalyzer } from './mfcc.ts';
import { SpectralBalanceAnalyzer } from './spectral-balance.ts';
import { VoiceQualityAnalyzer } from './voice-quality.ts';
import { Yin } from './yin.ts';

/** Frame layout: the same 10 ms hop and 25 ms Hann window as audio-v1. */
export const V2_HOP_SEC = 0.01;
export const V2_WINDOW_SEC = 0.025;
/** F0 search range, as audio-v1: above 50/60 Hz mains hum, up to high adult and child voices. */
export const V2_F0_MIN_HZ = 65;
export const V2_F0_MAX_HZ = 500;
/** F0 reference of the semitone scale (eGeMAPS): A0 = 27.5 Hz, so 100 Hz = 22.3 st, 200 Hz = 34.3 st. */
export const V2_F0_REF_HZ = 27.5;
/** Voiced: YIN aperiodicity < 0.2 (periodic part >= 4x the rest, HNR about 6 dB), as audio-v1. */
export const V2_VOICING_APERIODICITY_MAX = 0.2;
/** Jitter/shimmer window: 60 ms (3 cycles at 65 Hz), as audio-v1. */
export const V2_VOICE_QUALITY_WINDOW_SEC = 0.06;
/** Formant window: a 50 ms Gaussian (Praat's default for a 25 ms effective window), LPC order 16 at 16 kHz. */
export const V2_FORMANT_WINDOW_SEC = 0.05;
export const V2_LPC_ORDER_PER_KHZ = 1;
/** HNR is clamped to this range (dB): beyond it the YIN aperiodicity is at its numerical floor or ceiling. */
export const V2_HNR_RANGE_DB = [-10, 40] as const;
export const V2_MFCC_COUNT = 13;
export const V2_MEL_BANDS = 26;

const LLD_NAMES = [
  'rmsDb',
  'voiced',
  'f0St',
  'hnrDb',
  'jitter',
  'shimmer',
  'f1',
  'f2',
  'f3',
  'b1',
  'b2',
  'b3',
  'alphaRatio',
  'hammarberg',
  'slope0500',
  'slope5001500',
  'flux',
] as const;
type LldName = (typeof LLD_NAMES)[number];
/** Column of each LLD in a stage-1 row; MFCC k (1-based) is at mfcc1 + k - 1, the last columns. */
export const LLD = { ...(Object.fromEntries(LLD_NAMES.map((n, i) => [n, i])) as Record<LldName, number>), mfcc1: LLD_NAMES.length };
export const LLD_DIM = LLD_NAMES.length + V2_MFCC_COUNT;

export class AudioV2LldAnalyzer implements SampleFrameAnalyzer {
  readonly geometry: FrameGeometry;
  readonly dim = LLD_DIM;
  private readonly fft: MagnitudeFft;
  private readonly hann: Float64Array;
  private readonly windowed: Float64Array;
  private readonly mag: Float32Array;
  private readonly prevP: Float64Array;
  private hasPrev = false;
  private readonly mfcc: MfccAnalyzer;
  private readonly mfccOut = new Float64Array(V2_MFCC_COUNT);
  private readonly balance: SpectralBalanceAnalyzer;
  private readonly yin: Yin;
  private readonly vq: VoiceQualityAnalyzer;
  private readonly formants: FormantAnalyzer;
  private readonly yinFrom: number;
  private readonly vqFrom: number;
  private readonly vqLength: number;
  private readonly fmFrom: number;

  constructor(sampleRate: number) {
    const window = Math.round(V2_WINDOW_SEC * sampleRate);
    const hop = Math.round(V2_HOP_SEC * sampleRate);
    const fftSize = fftSizeFor(window);
    this.fft = new MagnitudeFft(fftSize);
    this.hann = hannWindow(window);
    this.windowed = new Float64Array(window);
    this.mag = new Float32Array(fftSize / 2 + 1);
    this.prevP = new Float64Array(fftSize / 2 + 1);
    this.mfcc = new MfccAnalyzer(sampleRate, fftSize, V2_MEL_BANDS, V2_MFCC_COUNT);
    this.balance = new SpectralBalanceAnalyzer(sampleRate, fftSize);
    this.yin = new Yin(sampleRate, V2_F0_MIN_HZ, V2_F0_MAX_HZ, window);
    this.vqLength = Math.round(V2_VOICE_QUALITY_WINDOW_SEC * sampleRate);
    this.vq = new VoiceQualityAnalyzer(Math.ceil(this.vqLength / (sampleRate / V2_F0_MAX_HZ) / 0.8) + 3);
    const fmLength = Math.round(V2_FORMANT_WINDOW_SEC * sampleRate);
    const order = 2 * Math.round((V2_LPC_ORDER_PER_KHZ * sampleRate) / 2000);
    this.formants = new FormantAnalyzer(sampleRate, fmLength, order);
    // Every context window is centred on the 25 ms window's centre.
    const centre = Math.floor(window / 2);
    this.yinFrom = centre - Math.floor(this.yin.span / 2);
    this.vqFrom = centre - Math.floor(this.vqLength / 2);
    this.fmFrom = centre - Math.floor(fmLength / 2);
    this.geometry = {
      sampleRate,
      window,
      hop,
      fftSize,
      // fmFrom - 1: the pre-emphasis reads one sample before the formant window.
      readFrom: Math.min(0, this.yinFrom, this.vqFrom, this.fmFrom - 1),
      readTo: Math.max(window, this.yinFrom + this.yin.span, this.vqFrom + this.vqLength, this.fmFrom + fmLength),
    };
  }

  analyse(buf: Float32Array, start: number, out: Float32Array, offset: number): 0 | 1 {
    const { window } = this.geometry;
    let sumSq = 0;
    let peak = 0;
    for (let i = 0; i < window; i++) {
      const v = buf[start + i]!;
      sumSq += v * v;
      peak = Math.max(peak, Math.abs(v));
      this.windowed[i] = v * this.hann[i]!;
    }
    out.fill(0, offset, offset + LLD_DIM);
    const valid = peak >= DIGITAL_SILENCE_AMPLITUDE ? 1 : 0;
    out[offset + LLD.rmsDb] = toDbfs(Math.sqrt(sumSq / window));
    this.fft.magnitudes(this.windowed, this.mag);
    out[offset + LLD.flux] = this.flux();
    if (valid === 0) return 0;

    const b = this.balance.analyse(this.mag);
    out[offset + LLD.alphaRatio] = b.alphaRatioDb;
    out[offset + LLD.hammarberg] = b.hammarbergDb;
    out[offset + LLD.slope0500] = b.slope0To500DbPerKhz;
    out[offset + LLD.slope5001500] = b.slope500To1500DbPerKhz;
    this.mfcc.compute(this.mag, this.mfccOut, 0);
    for (let k = 0; k < V2_MFCC_COUNT; k++) out[offset + LLD.mfcc1 + k] = this.mfccOut[k]!;

    const pitch = this.yin.analyse(buf, start + this.yinFrom);
    const ap = Math.min(1, Math.max(1e-5, pitch.aperiodicity));
    out[offset + LLD.hnrDb] = Math.min(V2_HNR_RANGE_DB[1], Math.max(V2_HNR_RANGE_DB[0], 10 * Math.log10((1 - ap + 1e-12) / ap)));
    const inRange = pitch.f0Hz >= V2_F0_MIN_HZ && pitch.f0Hz <= V2_F0_MAX_HZ;
    if (!(inRange && pitch.aperiodicity < V2_VOICING_APERIODICITY_MAX)) return 1;
    out[offset + LLD.voiced] = 1;
    out[offset + LLD.f0St] = 12 * Math.log2(pitch.f0Hz / V2_F0_REF_HZ);
    const q = this.vq.analyse(buf, start + this.vqFrom, this.vqLength, pitch.periodSamples);
    out[offset + LLD.jitter] = q.jitter;
    out[offset + LLD.shimmer] = q.shimmer;
    const fm = this.formants.analyse(buf, start + this.fmFrom);
    for (let k = 0; k < 3 && k < fm.length; k++) {
      out[offset + LLD.f1 + k] = fm[k]!.hz;
      out[offset + LLD.b1 + k] = fm[k]!.bandwidthHz;
    }
    return 1;
  }

  /** L2 distance of this and the previous unit-sum magnitude spectrum (audio-v1's flux); 0 first. */
  private flux(): number {
    let total = 0;
    for (let k = 0; k < this.mag.length; k++) total += this.mag[k]!;
    const inv = total > 0 ? 1 / total : 0;
    let sq = 0;
    for (let k = 0; k < this.mag.length; k++) {
      const p = this.mag[k]! * inv;
      sq += (p - this.prevP[k]!) ** 2;
      this.prevP[k] = p;
    }
    const f = this.hasPrev ? Math.sqrt(sq) : 0;
    this.hasPrev = true;
    return f;
  }
}
