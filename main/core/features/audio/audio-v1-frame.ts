/**
 * One audio-v1 frame: reads the samples around a frame centre from a buffer and writes one row of
 * AUDIO_V1_DIM values. Holds the per-size tables (FFT, window, mel filters) and the one piece of
 * state a row depends on beyond its samples: the previous spectrum for the flux.
 */
import {
  AUDIO_V1_DIM,
  AUDIO_V1_F0_MAX_HZ,
  AUDIO_V1_F0_MIN_HZ,
  AUDIO_V1_HOP_SEC,
  AUDIO_V1_MEL_BANDS,
  AUDIO_V1_VOICE_QUALITY_WINDOW_SEC,
  AUDIO_V1_WINDOW_SEC,
  audioV1Column,
} from './audio-v1-dims.ts';
import { fftSizeFor, hannWindow, MagnitudeFft } from './fft.ts';
import type { FrameGeometry, SampleFrameAnalyzer } from './frame-stream.ts';
import { DIGITAL_SILENCE_AMPLITUDE, toDbfs } from './levels.ts';
import { MfccAnalyzer } from './mfcc.ts';
import { SpectralShapeAnalyzer } from './spectral-shape.ts';
import { VoiceQualityAnalyzer } from './voice-quality.ts';
import { Yin } from './yin.ts';

/**
 * A frame is voiced when YIN's aperiodicity (about the aperiodic share of the power) is below 0.2,
 * i.e. the periodic part is at least 4x the rest: a harmonics-to-noise ratio of about 6 dB, the low
 * end of running voiced speech (sustained vowels reach ~20 dB; white noise gives ~1).
 */
const VOICING_APERIODICITY_MAX = 0.2;

const COL = {
  rms: audioV1Column('rms_dbfs'),
  loudness: audioV1Column('loudness'),
  f0: audioV1Column('f0_hz'),
  logF0: audioV1Column('log_f0'),
  voicingProb: audioV1Column('voicing_prob'),
  voiced: audioV1Column('voiced'),
  jitter: audioV1Column('jitter_local'),
  shimmer: audioV1Column('shimmer_local'),
  mfcc1: audioV1Column('mfcc_1'),
  centroid: audioV1Column('spectral_centroid_hz'),
  flux: audioV1Column('spectral_flux'),
  rolloff: audioV1Column('spectral_rolloff_hz'),
  zcr: audioV1Column('zcr'),
};

export class AudioV1FrameAnalyzer implements SampleFrameAnalyzer {
  readonly geometry: FrameGeometry;
  readonly dim = AUDIO_V1_DIM;
  private readonly fft: MagnitudeFft;
  private readonly hann: Float64Array;
  private readonly windowed: Float64Array;
  private readonly mag: Float32Array;
  private readonly mfcc: MfccAnalyzer;
  private readonly shape: SpectralShapeAnalyzer;
  private readonly yin: Yin;
  private readonly vq: VoiceQualityAnalyzer;
  private readonly yinFrom: number;
  private readonly vqFrom: number;
  private readonly vqLength: number;

  constructor(sampleRate: number) {
    const window = Math.round(AUDIO_V1_WINDOW_SEC * sampleRate);
    const hop = Math.round(AUDIO_V1_HOP_SEC * sampleRate);
    const fftSize = fftSizeFor(window);
    this.fft = new MagnitudeFft(fftSize);
    this.hann = hannWindow(window);
    this.windowed = new Float64Array(window);
    this.mag = new Float32Array(fftSize / 2 + 1);
    this.mfcc = new MfccAnalyzer(sampleRate, fftSize, AUDIO_V1_MEL_BANDS, 13);
    this.shape = new SpectralShapeAnalyzer(sampleRate, fftSize);
    this.yin = new Yin(sampleRate, AUDIO_V1_F0_MIN_HZ, AUDIO_V1_F0_MAX_HZ, window);
    this.vqLength = Math.round(AUDIO_V1_VOICE_QUALITY_WINDOW_SEC * sampleRate);
    this.vq = new VoiceQualityAnalyzer(Math.ceil(this.vqLength / (sampleRate / AUDIO_V1_F0_MAX_HZ) / 0.8) + 3);
    // YIN and the jitter window are centred on the frame centre, like the 25 ms window.
    const centre = Math.floor(window / 2);
    this.yinFrom = centre - Math.floor(this.yin.span / 2);
    this.vqFrom = centre - Math.floor(this.vqLength / 2);
    this.geometry = {
      sampleRate,
      window,
      hop,
      fftSize,
      readFrom: Math.min(0, this.yinFrom, this.vqFrom),
      readTo: Math.max(window, this.yinFrom + this.yin.span, this.vqFrom + this.vqLength),
    };
  }

  /**
   * Computes the frame whose 25 ms window starts at buf[start]; buf must hold indices
   * start + readFrom .. start + readTo - 1. Writes AUDIO_V1_DIM values at out[offset].
   * Returns 1 when the frame carries signal (valid), 0 when it is digital silence.
   */
  analyse(buf: Float32Array, start: number, out: Float32Array, offset: number): 0 | 1 {
    const { window } = this.geometry;
    let sumSq = 0;
    let peak = 0;
    let crossings = 0;
    let prev = buf[start]!;
    for (let i = 0; i < window; i++) {
      const v = buf[start + i]!;
      sumSq += v * v;
      const a = Math.abs(v);
      if (a > peak) peak = a;
      if (i > 0 && prev >= 0 !== v >= 0) crossings++;
      prev = v;
      this.windowed[i] = v * this.hann[i]!;
    }
    const valid = peak >= DIGITAL_SILENCE_AMPLITUDE ? 1 : 0;
    out.fill(0, offset, offset + AUDIO_V1_DIM);
    out[offset + COL.rms] = toDbfs(Math.sqrt(sumSq / window));
    out[offset + COL.zcr] = crossings / (window - 1);

    this.fft.magnitudes(this.windowed, this.mag);
    const shape = this.shape.analyse(this.mag);
    out[offset + COL.loudness] = shape.loudness;
    out[offset + COL.centroid] = shape.centroidHz;
    out[offset + COL.flux] = shape.flux;
    out[offset + COL.rolloff] = shape.rolloffHz;
    this.mfcc.compute(this.mag, out, offset + COL.mfcc1);

    if (valid === 0) return 0; // silence: pitch and voice quality stay 0
    const pitch = this.yin.analyse(buf, start + this.yinFrom);
    out[offset + COL.voicingProb] = 1 - pitch.aperiodicity;
    const inRange = pitch.f0Hz >= AUDIO_V1_F0_MIN_HZ && pitch.f0Hz <= AUDIO_V1_F0_MAX_HZ;
    if (inRange && pitch.aperiodicity < VOICING_APERIODICITY_MAX) {
      out[offset + COL.f0] = pitch.f0Hz;
      out[offset + COL.logF0] = Math.log(pitch.f0Hz);
      out[offset + COL.voiced] = 1;
      const q = this.vq.analyse(buf, start + this.vqFrom, this.vqLength, pitch.periodSamples);
      out[offset + COL.jitter] = q.jitter;
      out[offset + COL.shimmer] = q.shimmer;
    }
    return 1;
  }
}
