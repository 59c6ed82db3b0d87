/**
 * Whole-signal level statistics for the audio usability stage (DESIGN 5: digital silence, heavy
 * clipping). Separate from the audio-v1 features: these describe the recording, not a frame.
 * Works on a whole array or on consecutive chunks (SignalStatsAccumulator), with equal results.
 */
import { AppError } from '../../errors.ts';
import { CLIP_LEVEL, DIGITAL_SILENCE_AMPLITUDE, toDbfs } from './levels.ts';

export interface AudioSignalStats {
  durationSec: number;
  /** RMS of the whole signal in dBFS (-120 when all zero). */
  rmsDbfs: number;
  /** Largest |sample| in dBFS (-120 when all zero). */
  peakDbfs: number;
  /**
   * Share of samples inside clipped runs: at least CLIP_MIN_RUN consecutive samples at
   * |x| >= 0.999. A lone full-scale sample can be a legitimate peak; a clipped waveform shows flat
   * tops held at the rail for several samples. A full-scale tone below ~100 Hz also holds 3 samples
   * above 0.999 at its crests, so a signal normalised to exactly 0 dBFS can read as slightly clipped.
   */
  clippedRatio: number;
  /**
   * Share of the duration in 10 ms blocks that are digital silence: no sample in the block reaches
   * -90 dBFS (below one 16-bit LSB; see levels.ts). A quiet room is not silent by this measure.
   */
  silentRatio: number;
}

/** Consecutive samples at the rail that count as clipping (see clippedRatio). */
const CLIP_MIN_RUN = 3;
const BLOCK_SEC = 0.01;

export class SignalStatsAccumulator {
  private readonly blockLen: number;
  private n = 0;
  private sumSq = 0;
  private peak = 0;
  private clipped = 0;
  private run = 0;
  private blockFill = 0;
  private blockPeak = 0;
  private silent = 0;

  constructor(private readonly sampleRate: number) {
    if (!(Number.isInteger(sampleRate) && sampleRate > 0)) {
      throw new AppError('InvalidArgument', `Signal statistics need a positive integer sample rate, got ${sampleRate}.`);
    }
    this.blockLen = Math.max(1, Math.round(BLOCK_SEC * sampleRate));
  }

  /** Adds the next chunk of mono samples; non-finite samples count as 0. */
  push(chunk: Float32Array): void {
    if (!(chunk instanceof Float32Array)) {
      throw new AppError('InvalidArgument', 'Signal statistics expect mono samples as a Float32Array.');
    }
    let { sumSq, peak, run, blockFill, blockPeak } = this;
    for (let i = 0; i < chunk.length; i++) {
      const raw = chunk[i]!;
      const v = Number.isFinite(raw) ? raw : 0;
      const a = Math.abs(v);
      sumSq += v * v;
      if (a > peak) peak = a;
      if (a >= CLIP_LEVEL) {
        run++;
      } else {
        if (run >= CLIP_MIN_RUN) this.clipped += run;
        run = 0;
      }
      if (a > blockPeak) blockPeak = a;
      if (++blockFill === this.blockLen) {
        if (blockPeak < DIGITAL_SILENCE_AMPLITUDE) this.silent += blockFill;
        blockFill = 0;
        blockPeak = 0;
      }
    }
    this.n += chunk.length;
    this.sumSq = sumSq;
    this.peak = peak;
    this.run = run;
    this.blockFill = blockFill;
    this.blockPeak = blockPeak;
  }

  /** Statistics of everything pushed so far (a partial last block counts for its length). */
  result(): AudioSignalStats {
    const { n } = this;
    if (n === 0) return { durationSec: 0, rmsDbfs: toDbfs(0), peakDbfs: toDbfs(0), clippedRatio: 0, silentRatio: 1 };
    const clipped = this.clipped + (this.run >= CLIP_MIN_RUN ? this.run : 0);
    const silent = this.silent + (this.blockFill > 0 && this.blockPeak < DIGITAL_SILENCE_AMPLITUDE ? this.blockFill : 0);
    return {
      durationSec: n / this.sampleRate,
      rmsDbfs: toDbfs(Math.sqrt(this.sumSq / n)),
      peakDbfs: toDbfs(this.peak),
      clippedRatio: clipped / n,
      silentRatio: silent / n,
    };
  }
}

/** Level statistics of a whole mono signal (an empty signal counts as fully silent). */
export function audioSignalStats(samples: Float32Array, sampleRate = 16000): AudioSignalStats {
  const acc = new SignalStatsAccumulator(sampleRate);
  acc.push(samples);
  return acc.result();
}
