/**
 * Usability thresholds (DESIGN 5). Each is chosen from what the signal means, not fitted to any
 * clip; the comment says why. Changing one changes what the analyst is told, so they live here,
 * in one place, with their reasons.
 */
export const USABILITY = {
  audio: {
    /**
     * Digital silence: a 16-bit signal's smallest step is 2^-15 = -90.3 dBFS. A peak below that is
     * only dither or zeros: nothing was recorded.
     */
    digitalSilencePeakDbfs: -90,
    /**
     * Less than 1 s of detected speech is a few syllables: too little for prosody (F0 contour,
     * loudness dynamics) to say anything, and short isolated VAD hits are typically noise.
     */
    minSpeechSec: 1.0,
    /** Speech must also be a real part of the clip (5 %): below that the voice track is background. */
    minSpeechRatio: 0.05,
    /**
     * Heavy clipping: more than 1 % of samples at full scale. Clipping above ~0.1 % is audible
     * distortion; at 1 % the spectral and voice-quality features are dominated by the clipping.
     */
    maxClippedRatio: 0.01,
  },
  text: {
    /** Fewer than 3 words carries almost no sentiment information ("yes", "okay"). */
    minWords: 3,
    /** ASR's mean word confidence below 0.5 means the transcript is as likely wrong as right. */
    minAsrConfidence: 0.5,
    /**
     * Under half of the words known to the 100-d vocabulary: most likely another language or
     * garbled text, so the text vector would be mostly zeros.
     */
    minVocabularyCoverage: 0.5,
  },
  visual: {
    /** "No face in most frames" (DESIGN 5): a face must be found in at least half the sampled frames. */
    minFaceFrameRatio: 0.5,
    /**
     * Face detectors and the 68-point landmarker work from about 48 px face height; below that the
     * expression and geometry features are unreliable.
     */
    minFaceHeightPx: 48,
    /** Mean luma of the face below 0.12 (about 30/255): underexposed, expressions are not visible. */
    minFaceBrightness: 0.12,
  },
} as const;
