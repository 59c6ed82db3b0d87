import { AppError } from '../../errors.ts';

/**
 * The audio-v1 feature set, written once: the extractor fills rows in this order and README.md's
 * table is generated from it (update-readme-dims.ts; a test checks they agree).
 * Changing anything here changes the features: bump the extractor version instead.
 */

export const AUDIO_V1_EXTRACTOR = 'audio-v1';

/** Frame layout (seconds). Frame i covers [i*HOP, i*HOP + WINDOW) and is stamped at its centre. */
export const AUDIO_V1_HOP_SEC = 0.01;
export const AUDIO_V1_WINDOW_SEC = 0.025;
/** F0 search range: below 65 Hz excludes 50/60 Hz mains hum; 500 Hz covers adult and child speech. */
export const AUDIO_V1_F0_MIN_HZ = 65;
export const AUDIO_V1_F0_MAX_HZ = 500;
/** Window in which glottal cycles are picked for jitter/shimmer: 60 ms holds 3 cycles at 65 Hz. */
export const AUDIO_V1_VOICE_QUALITY_WINDOW_SEC = 0.06;
export const AUDIO_V1_MEL_BANDS = 26;

export interface AudioDimInfo {
  readonly name: string;
  readonly unit: string;
  readonly meaning: string;
}

const MFCC_DIMS = Array.from({ length: 13 }, (_, k) => ({
  name: `mfcc_${k + 1}`,
  unit: 'log-mel cepstrum',
  meaning: `Mel-frequency cepstral coefficient ${k + 1} (coefficient 0, the overall level, is left out).`,
}));

export const AUDIO_V1_DIMS: readonly AudioDimInfo[] = [
  { name: 'rms_dbfs', unit: 'dBFS', meaning: 'Frame RMS level over the 25 ms window; -120 for an all-zero frame.' },
  {
    name: 'loudness',
    unit: 'sone-like (relative)',
    meaning: 'Perceptual loudness: meyda `loudness.total`, sum over 24 Bark bands of (band magnitude)^0.23.',
  },
  { name: 'f0_hz', unit: 'Hz', meaning: 'Fundamental frequency from YIN (65-500 Hz); 0 when unvoiced.' },
  { name: 'log_f0', unit: 'ln(Hz)', meaning: 'Natural log of f0_hz; 0 when unvoiced.' },
  {
    name: 'voicing_prob',
    unit: '0..1',
    meaning: '1 - YIN aperiodicity (cumulative-mean-normalised difference at the chosen lag); 0 for silent frames.',
  },
  { name: 'voiced', unit: '0/1', meaning: '1 when aperiodicity < 0.2 (about 6 dB harmonics-to-noise), F0 lies in 65-500 Hz and the frame is not silent.' },
  {
    name: 'jitter_local',
    unit: 'ratio',
    meaning: 'Mean |T(i+1) - T(i)| / mean T over consecutive glottal periods in 60 ms around the frame; 0 when unvoiced.',
  },
  {
    name: 'shimmer_local',
    unit: 'ratio',
    meaning: 'Mean |A(i+1) - A(i)| / mean A over consecutive cycle peak amplitudes in the same 60 ms; 0 when unvoiced.',
  },
  ...MFCC_DIMS,
  { name: 'spectral_centroid_hz', unit: 'Hz', meaning: 'Magnitude-weighted mean frequency of the frame spectrum.' },
  {
    name: 'spectral_flux',
    unit: '0..sqrt(2)',
    meaning: 'L2 distance between this and the previous frame magnitude spectrum, each normalised to unit sum.',
  },
  {
    name: 'spectral_rolloff_hz',
    unit: 'Hz',
    meaning: 'Frequency below which 85% of the summed spectral magnitude lies.',
  },
  { name: 'zcr', unit: 'crossings/sample', meaning: 'Fraction of adjacent sample pairs in the 25 ms frame whose sign differs.' },
];

/** Number of values per audio-v1 frame. */
export const AUDIO_V1_DIM = AUDIO_V1_DIMS.length;

/** Column index by name, e.g. AUDIO_V1_INDEX.f0_hz. */
export const AUDIO_V1_INDEX: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(AUDIO_V1_DIMS.map((d, i) => [d.name, i])),
);

export function audioV1Column(name: string): number {
  const i = AUDIO_V1_INDEX[name];
  if (i === undefined) throw new AppError('InvalidArgument', `audio-v1 has no dimension named "${name}".`);
  return i;
}
