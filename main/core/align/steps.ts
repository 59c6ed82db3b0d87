import { AppError } from '../errors.ts';
import { TEXT_EXTRACTOR, textVector } from '../features/text/text-v2.ts';
import { lexiconFeatures, WORD_LEXICON_DIMS } from '../features/text/lexicon.ts';
import type { TextVocab } from '../features/text/vocab.ts';
import type { SentenceEncoder } from '../features/text/sentence/use-lite.ts';
import { T_STEPS } from '../types.ts';
import type { FrameSeries, StepMatrix, Utterance } from '../types.ts';

/**
 * Features per utterance aligned to steps (DESIGN 3.6). A step is a word (the CMU "word-aligned"
 * convention: frame features averaged over each word's interval); an utterance without words is
 * stepped in 300 ms windows. The matrix is cut to the first T steps or zero-padded at the end;
 * `stepMask` is 1 exactly where a step holds real data (data is zero where it is 0).
 */

/** Step length for utterances without words: about one syllable-to-word length of speech. */
export const NO_WORD_STEP_SEC = 0.3;

export interface StepInterval {
  start: number;
  end: number;
}

/** The utterance's step intervals: its words in order, or 300 ms windows over [start, end]. */
export function stepIntervals(utt: Utterance): StepInterval[] {
  if (utt.words.length > 0) return utt.words.map((w) => ({ start: w.start, end: Math.max(w.start, w.end) }));
  const out: StepInterval[] = [];
  for (let t = utt.start; t < utt.end - 1e-9; t += NO_WORD_STEP_SEC) out.push({ start: t, end: Math.min(utt.end, t + NO_WORD_STEP_SEC) });
  return out;
}

export function emptySteps(T: number, dim: number): StepMatrix {
  if (!Number.isInteger(T) || T < 1) throw new AppError('InvalidArgument', `T = ${T} steps is not allowed; it must be a positive integer.`);
  return { dim, steps: T, data: new Float32Array(T * dim), stepMask: new Uint8Array(T) };
}

/** Median spacing of the frame times (the frame period); 0 with fewer than two frames. */
export function framePeriod(times: Float64Array): number {
  if (times.length < 2) return 0;
  const d: number[] = [];
  for (let i = 1; i < times.length; i++) d.push((times[i] ?? 0) - (times[i - 1] ?? 0));
  d.sort((a, b) => a - b);
  return d[Math.floor(d.length / 2)] ?? 0;
}

/** First index i with times[i] >= t (times ascending). */
function lowerBound(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] ?? 0) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Checks a series and returns its frame period. A clip-long series is aligned once per utterance;
 * it is checked (and its period found) once.
 */
const periods = new WeakMap<FrameSeries, number>();

function checkedPeriod(s: FrameSeries): number {
  const known = periods.get(s);
  if (known !== undefined) return known;
  const n = s.times.length;
  if (s.valid.length !== n || s.data.length !== n * s.dim) {
    throw new AppError('Internal', `${s.extractor} frame series is inconsistent: ${n} times, ${s.valid.length} valid flags, ${s.data.length} values for dim ${s.dim}.`);
  }
  for (let i = 1; i < n; i++) {
    if ((s.times[i] ?? 0) < (s.times[i - 1] ?? 0)) throw new AppError('Internal', `${s.extractor} frame times are not in ascending order at frame ${i}.`);
  }
  const period = framePeriod(s.times);
  periods.set(s, period);
  return period;
}

/**
 * Frame features averaged per step. A frame belongs to a step when its centre time t satisfies
 * start <= t < end. A step with no valid frame inside (a word shorter than a frame) takes the
 * nearest valid frame if that frame's centre is within half a frame period of the interval, i.e.
 * the frame overlaps the word; otherwise the step is zero with mask 0.
 * `series` null (modality absent) gives an all-zero matrix of `dim` columns.
 */
export function alignToSteps(utt: Utterance, series: FrameSeries | null, T: number = T_STEPS, dim: number = series?.dim ?? 0): StepMatrix {
  const out = emptySteps(T, series?.dim ?? dim);
  if (!series || series.times.length === 0) return out;
  const halfPeriod = checkedPeriod(series) / 2;
  const { times, valid, data } = series;
  const D = series.dim;
  stepIntervals(utt)
    .slice(0, T)
    .forEach((iv, step) => {
      const row = out.data.subarray(step * D, (step + 1) * D);
      let count = 0;
      for (let i = lowerBound(times, iv.start); i < times.length && (times[i] ?? 0) < iv.end; i++) {
        if (!valid[i]) continue;
        for (let d = 0; d < D; d++) row[d] = (row[d] ?? 0) + (data[i * D + d] ?? 0);
        count += 1;
      }
      if (count > 0) {
        for (let d = 0; d < D; d++) row[d] = (row[d] ?? 0) / count;
        out.stepMask[step] = 1;
        return;
      }
      const near = nearestValid(series, iv, halfPeriod);
      if (near >= 0) {
        row.set(data.subarray(near * D, (near + 1) * D));
        out.stepMask[step] = 1;
      }
    });
  return out;
}

/** Index of the valid frame nearest to the interval, if within `maxGap` seconds of it; else -1. */
function nearestValid(series: FrameSeries, iv: StepInterval, maxGap: number): number {
  const { times, valid } = series;
  const at = lowerBound(times, iv.start);
  const gap = (i: number): number => {
    const t = times[i] ?? 0;
    return t < iv.start ? iv.start - t : t >= iv.end ? t - iv.end : 0;
  };
  let best = -1;
  let bestGap = Infinity;
  // Walk outwards from the interval while frames are still close enough.
  for (let i = at - 1; i >= 0 && gap(i) <= maxGap; i--) {
    if (valid[i] && gap(i) < bestGap) {
      best = i;
      bestGap = gap(i);
      break;
    }
  }
  for (let i = at; i < times.length && gap(i) <= maxGap; i++) {
    if (valid[i] && gap(i) < bestGap) {
      best = i;
      break;
    }
  }
  return best;
}

/**
 * Text steps (extractor TEXT_EXTRACTOR): step i is word i's vector (the mean of its tokens' vectors,
 * so "don't" = mean of do, not) followed by its lexicon values (lexicon.ts: the word's valence,
 * negation scope and negator flag, then the utterance's VADER compound/pos/neg). A word with no
 * known token and no word-level lexicon value (out of vocabulary, or punctuation only) is zero with
 * mask 0, utterance values included: the mask says "real data here" and such a word carries none,
 * so text coverage and usability count it as missing. Words only; an utterance without words has
 * no text steps. `sentence` (text-v3: the utterance's projected sentence vector,
 * features/text/sentence/) is appended to every step with mask 1, after the lexicon dims.
 */
export function textSteps(utt: Utterance, T: number = T_STEPS, vocab?: TextVocab, sentence?: Float32Array): StepMatrix {
  const base = TEXT_EXTRACTOR.dims;
  const D = base + (sentence?.length ?? 0);
  const V = TEXT_EXTRACTOR.vectorDims;
  const out = emptySteps(T, D);
  const lex = lexiconFeatures(utt.words.map((w) => w.text));
  utt.words.slice(0, T).forEach((w, step) => {
    const v = vocab ? textVector(w.text, vocab) : textVector(w.text);
    const l = lex[step] as Float32Array;
    if (!v && l.subarray(0, WORD_LEXICON_DIMS).every((x) => x === 0)) return;
    if (v) out.data.set(v, step * D);
    out.data.set(l, step * D + V);
    if (sentence) out.data.set(sentence, step * D + base);
    out.stepMask[step] = 1;
  });
  return out;
}

/**
 * text-v3 steps of several utterances: textSteps plus each utterance's sentence dims (its words
 * joined, through sentenceFeatures: USE lite + the shipped projection). One encoder call for all,
 * so callers pass every utterance of a clip or a chunk of dataset rows at once. The encoder module
 * (TensorFlow.js) is imported on first use: this file is on the CLI's start-up path.
 */
export async function textV3Steps(utts: readonly Utterance[], T: number = T_STEPS, enc?: SentenceEncoder): Promise<StepMatrix[]> {
  const { sentenceFeatures } = await import('../features/text/sentence/sentence-features.ts');
  const sentences = await sentenceFeatures(
    utts.map((u) => u.words.map((w) => w.text).join(' ')),
    enc,
  );
  return utts.map((u, i) => textSteps(u, T, undefined, sentences[i]));
}
