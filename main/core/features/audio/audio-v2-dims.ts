import { AppError } from '../../errors.ts';
import { LLD } from './audio-v2-lld.ts';
import type { FrameContext } from './frame-context.ts';
import type { AudioDimInfo } from './audio-v1-dims.ts';

/**
 * The audio-v2 feature set, written once: each dimension's name, unit, meaning, group and the
 * function that computes it from the frame's context (frame-context.ts). The extractor fills rows
 * in this order and README.md's table is generated from it (update-readme-dims.ts; a test checks
 * they agree). Changing anything here changes the features: bump the extractor version instead.
 */

export const AUDIO_V2_EXTRACTOR = 'audio-v2';
export const AUDIO_V2_VERSION = 1;

/** Context half-widths in 10 ms frames. */
export const CONTEXT = {
  /** +-150 ms: about one syllable either side; one 300 ms step of an utterance without words. */
  short: 15,
  /** +-500 ms: enough voiced segments (syllables) to count a rate. */
  rate: 50,
  /** +-1.5 s: the pitch and cepstral reference a frame is compared with (a phrase or two). */
  long: 150,
} as const;
export const CONTEXT_MAX_HALF = CONTEXT.long;

export interface AudioV2Dim extends AudioDimInfo {
  group: string;
  compute: (c: FrameContext) => number;
}

const S = CONTEXT.short;

/**
 * MFCC 1-4 with cepstral mean normalisation: minus their mean over the valid frames within +-1.5 s.
 * A fixed channel (microphone, room, phone line) multiplies the spectrum, i.e. adds a constant to
 * the log-mel energies and so to every cepstral coefficient; subtracting the local mean removes it.
 */
const MFCC_CMN_DIMS: AudioV2Dim[] = Array.from({ length: 4 }, (_, k) => ({
  name: `mfcc_${k + 1}_cmn`,
  unit: 'log-mel cepstrum',
  group: 'mfcc-cmn',
  meaning: `MFCC ${k + 1} of the frame (audio-v1's definition) minus its mean over the valid frames within +-1.5 s (cepstral mean normalisation).`,
  compute: (c: FrameContext) => c.value(LLD.mfcc1 + k) - c.mean(LLD.mfcc1 + k, CONTEXT.long, false),
}));

export const AUDIO_V2_DIMS: readonly AudioV2Dim[] = [
  {
    name: 'f0_st',
    unit: 'semitones re 27.5 Hz',
    group: 'pitch',
    meaning: 'Mean F0 (YIN, 65-500 Hz) of the voiced frames within +-150 ms; 0 when none is voiced.',
    compute: (c) => c.mean(LLD.f0St, S, true),
  },
  {
    name: 'f0_range_st',
    unit: 'semitones',
    group: 'pitch',
    meaning: '90th minus 10th percentile of F0 over the voiced frames within +-150 ms.',
    compute: (c) => c.quantile(LLD.f0St, 0.9, S, true) - c.quantile(LLD.f0St, 0.1, S, true),
  },
  {
    name: 'f0_slope_st_s',
    unit: 'semitones/s',
    group: 'pitch',
    meaning: 'Least-squares slope of F0 over the voiced frames within +-150 ms (0 with fewer than 3).',
    compute: (c) => c.slopePerSec(LLD.f0St, S, true),
  },
  {
    name: 'f0_rel_st',
    unit: 'semitones',
    group: 'pitch-rel',
    meaning: 'f0_st minus the median F0 of the voiced frames within +-1.5 s (0 when either is missing).',
    compute: (c) => {
      const here = c.mean(LLD.f0St, S, true);
      const ref = c.quantile(LLD.f0St, 0.5, CONTEXT.long, true);
      return here > 0 && ref > 0 ? here - ref : 0;
    },
  },
  {
    name: 'voiced_ratio',
    unit: '0..1',
    group: 'voicing',
    meaning: 'Share of the frames within +-150 ms that are voiced (YIN aperiodicity < 0.2, F0 in range).',
    compute: (c) => c.voicedRatio(S),
  },
  {
    name: 'voiced_onsets_s',
    unit: '1/s',
    group: 'rate',
    meaning: 'Voiced segments (roughly syllable nuclei) starting per second within +-500 ms.',
    compute: (c) => c.voicedOnsetsPerSec(CONTEXT.rate),
  },
  {
    name: 'hnr_db',
    unit: 'dB',
    group: 'voice-quality',
    meaning: 'Mean harmonics-to-noise ratio 10 log10((1 - a)/a), a = YIN aperiodicity, over the voiced frames within +-150 ms.',
    compute: (c) => c.mean(LLD.hnrDb, S, true),
  },
  {
    name: 'jitter',
    unit: 'ratio',
    group: 'voice-quality',
    meaning: 'Mean local jitter (audio-v1 definition) over the voiced frames within +-150 ms.',
    compute: (c) => c.mean(LLD.jitter, S, true),
  },
  {
    name: 'shimmer',
    unit: 'ratio',
    group: 'voice-quality',
    meaning: 'Mean local shimmer (audio-v1 definition) over the voiced frames within +-150 ms.',
    compute: (c) => c.mean(LLD.shimmer, S, true),
  },
  ...(['f1', 'f2', 'f3'] as const).map((f, k) => ({
    name: `${f}_hz`,
    unit: 'Hz',
    group: 'formants',
    meaning: `Mean formant F${k + 1} (LPC order 16 roots, bandwidth < 700 Hz) over the voiced frames within +-150 ms.`,
    compute: (c: FrameContext) => c.mean(LLD[f], S, true),
  })),
  {
    name: 'alpha_ratio_db',
    unit: 'dB',
    group: 'spectral-balance',
    meaning: 'Energy 50-1000 Hz over energy 1-5 kHz of the frame (eGeMAPS alpha ratio).',
    compute: (c) => c.value(LLD.alphaRatio),
  },
  {
    name: 'hammarberg_db',
    unit: 'dB',
    group: 'spectral-balance',
    meaning: 'Strongest bin 0-2 kHz over strongest bin 2-5 kHz of the frame (eGeMAPS Hammarberg index).',
    compute: (c) => c.value(LLD.hammarberg),
  },
  {
    name: 'slope_0_500_db_khz',
    unit: 'dB/kHz',
    group: 'spectral-balance',
    meaning: 'Least-squares slope of the frame power spectrum (dB) over 0-500 Hz.',
    compute: (c) => c.value(LLD.slope0500),
  },
  {
    name: 'slope_500_1500_db_khz',
    unit: 'dB/kHz',
    group: 'spectral-balance',
    meaning: 'Least-squares slope of the frame power spectrum (dB) over 500-1500 Hz.',
    compute: (c) => c.value(LLD.slope5001500),
  },
  ...MFCC_CMN_DIMS,
  {
    name: 'spectral_flux',
    unit: '0..sqrt(2)',
    group: 'flux',
    meaning: 'L2 distance between this and the previous frame magnitude spectrum, each normalised to unit sum (audio-v1).',
    compute: (c) => c.value(LLD.flux),
  },
];

export const AUDIO_V2_DIM = AUDIO_V2_DIMS.length;

export const AUDIO_V2_INDEX: Readonly<Record<string, number>> = Object.fromEntries(AUDIO_V2_DIMS.map((d, i) => [d.name, i]));

/** Column of an audio-v2 dimension by name; throws listing the valid names for an unknown one. */
export function audioV2Column(name: string): number {
  const i = AUDIO_V2_INDEX[name];
  if (i === undefined) {
    throw new AppError('InvalidArgument', `Unknown audio-v2 dimension '${name}'; valid: ${AUDIO_V2_DIMS.map((d) => d.name).join(', ')}.`);
  }
  return i;
}
