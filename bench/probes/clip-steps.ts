import { alignToSteps, NO_WORD_STEP_SEC } from '../../main/core/align/steps.ts';
import { maskToSpeech } from '../../main/core/pipeline/evidence.ts';
import type { FrameSeries, StepMatrix, Utterance } from '../../main/core/types.ts';
import { T_STEPS } from '../../main/core/types.ts';
import type { ProbeClipSource } from './clip-source.ts';

/**
 * A clip's audio steps as the model would get them (extractClipFeatures: frames masked to the VAD's
 * speech, averaged per step by alignToSteps, T = 50), for one transcript mode. `noWordStepSec`
 * other than the app's NO_WORD_STEP_SEC (item 4 of the voice brief: would finer steps help?) is
 * tried by giving the word-less utterance pseudo-words of that length, so the same alignToSteps
 * does the averaging.
 */

export type TranscriptMode = 'none' | 'text';

export function withStepLength(u: Utterance, stepSec: number): Utterance {
  if (u.words.length > 0 || Math.abs(stepSec - NO_WORD_STEP_SEC) < 1e-9) return u;
  const words = [];
  for (let t = u.start; t < u.end - 1e-9; t += stepSec) words.push({ text: '', start: t, end: Math.min(u.end, t + stepSec) });
  return { ...u, words };
}

export function clipAudioSteps(src: ProbeClipSource, series: FrameSeries, mode: TranscriptMode, noWordStepSec = NO_WORD_STEP_SEC, T = T_STEPS): StepMatrix[] {
  if (!src.audioUsable) return [];
  const masked = maskToSpeech(series, src.speech);
  return src.utterances[mode].map((u) => alignToSteps(withStepLength(u, noWordStepSec), masked, T, series.dim));
}

/** Valid steps over all utterances; columns kept: `cols` (all when undefined). */
export function validStepRows(steps: readonly StepMatrix[], cols?: readonly number[]): Float64Array[] {
  const rows: Float64Array[] = [];
  for (const m of steps) {
    for (let t = 0; t < m.steps; t++) {
      if (!m.stepMask[t]) continue;
      const base = t * m.dim;
      const pick = cols ?? Array.from({ length: m.dim }, (_, d) => d);
      rows.push(Float64Array.from(pick, (d) => m.data[base + d]!));
    }
  }
  return rows;
}

/** Per-clip vector: mean and population std of each column over the valid steps (zeros when none). */
export function poolMeanStd(rows: readonly Float64Array[], dim: number): Float64Array {
  const out = new Float64Array(2 * dim);
  if (rows.length === 0) return out;
  for (const r of rows) for (let d = 0; d < dim; d++) out[d] = out[d]! + r[d]!;
  for (let d = 0; d < dim; d++) out[d] = out[d]! / rows.length;
  for (const r of rows) for (let d = 0; d < dim; d++) out[dim + d] = out[dim + d]! + ((r[d]! - out[d]!) ** 2);
  for (let d = 0; d < dim; d++) out[dim + d] = Math.sqrt(out[dim + d]! / rows.length);
  return out;
}
