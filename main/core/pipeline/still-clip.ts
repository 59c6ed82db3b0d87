/**
 * How a still image is stepped (DESIGN 3.6 for pictures): its one frame is read as STILL_STEPS
 * windows of 300 ms of unchanging video, i.e. one utterance of STILL_SPAN_SEC with the same face
 * vector at every step. Stills analysed by `corrkd analyze` and face images in datasets
 * (`dataset build --face-images`, image rows of `--csv`) go through these same functions, so a model
 * trained on face crops sees an analysed photo exactly as it saw its training samples.
 *
 * Why STILL_STEPS = 10, not 1: the model pools each modality over all T steps (mean over time, zeros
 * included) after a kernel-3 convolution. One step would make a still the extreme of a video
 * utterance (1 real step in 50, its convolution seeing zeros on both sides), a case the model meets
 * in no video. Ten steps is the median length of a CMU-MOSI utterance in words (10; MOSEI 17,
 * interquartile 7-15 on MOSI, counted from ../shared/data/*\/label.csv), so a still fills the share
 * of the 50 steps a typical spoken utterance fills, and the convolution sees the face on both sides
 * as in steady video. It is also 3 s, a short but ordinary stretch of a talking-head clip.
 *
 * durationSec of a still's result is that span (3 s) and its one segment is [0, 3]: the timeline,
 * the duration weights and the coverage need no special case; `media.still` and a warning say that
 * the picture has no time of its own.
 */
import { NO_WORD_STEP_SEC } from '../align/steps.ts';
import { windowUtterances } from '../align/utterances.ts';
import type { FrameSeries, Utterance } from '../types.ts';

export const STILL_STEPS = 10;
export const STILL_SPAN_SEC = STILL_STEPS * NO_WORD_STEP_SEC;

/** The note a still's features and result carry. */
export const STILL_WARNING = `Still image: its one picture is read as ${STILL_SPAN_SEC.toFixed(1)} s of unchanging video (${STILL_STEPS} steps of ${NO_WORD_STEP_SEC * 1000} ms); durationSec and the segment times refer to that span.`;

/**
 * A still's one-frame series as STILL_STEPS frames at the window centres ((k + 0.5) * 300 ms), each
 * a copy of the picture's row, so alignToSteps gives every step the face (or none, when the picture
 * has no usable face).
 */
export function stillAsVideo(series: FrameSeries): FrameSeries {
  if (series.times.length !== 1) return series;
  const D = series.dim;
  const data = new Float32Array(STILL_STEPS * D);
  for (let k = 0; k < STILL_STEPS; k++) data.set(series.data.subarray(0, D), k * D);
  return {
    extractor: series.extractor,
    dim: D,
    times: Float64Array.from({ length: STILL_STEPS }, (_, k) => (k + 0.5) * NO_WORD_STEP_SEC),
    data,
    valid: new Uint8Array(STILL_STEPS).fill(series.valid[0] ?? 0),
  };
}

/**
 * The one utterance of a still without words: [0, STILL_SPAN_SEC], stepped in 300 ms windows. The
 * same one splitUtterances gives clip-features for a still with no transcript.
 */
export function stillUtterance(): Utterance {
  return windowUtterances(STILL_SPAN_SEC)[0]!;
}
