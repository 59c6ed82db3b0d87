/**
 * Level conventions shared by the audio-v1 extractor and the audio usability statistics.
 *
 * dBFS here is 20*log10(x) of a float sample scale where |x| = 1 is full scale: a full-scale square
 * wave has an RMS of 0 dBFS, a full-scale sine -3.01 dBFS (no +3 dB sine correction).
 */

/**
 * Digital silence: nothing reaches -90 dBFS. One 16-bit least significant bit is 1/32768
 * = -90.3 dBFS, so a stretch whose peak stays below -90 dBFS holds nothing but zeros (or +-1 LSB
 * of dither / float rounding from resampling) once quantised to 16 bits: no recorded signal at all,
 * as opposed to a quiet room, whose noise floor sits far above one LSB.
 */
export const DIGITAL_SILENCE_DBFS = -90;
export const DIGITAL_SILENCE_AMPLITUDE = 10 ** (DIGITAL_SILENCE_DBFS / 20);

/** The value reported for an exactly zero level, instead of -Infinity (JSON cannot carry it). */
export const DBFS_FLOOR = -120;

/**
 * A sample is "at the rail" when |x| >= 0.999 (within 0.01 dB of full scale). Float decoders may
 * also return values slightly above 1 for clipped lossy audio; those count too.
 */
export const CLIP_LEVEL = 0.999;

/** Amplitude (RMS or peak, linear) to dBFS, floored at DBFS_FLOOR. */
export function toDbfs(amplitude: number): number {
  if (!(amplitude > 0)) return DBFS_FLOOR;
  return Math.max(DBFS_FLOOR, 20 * Math.log10(amplitude));
}
