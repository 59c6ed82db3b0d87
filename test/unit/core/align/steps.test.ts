import { describe, expect, it } from 'vitest';
import { alignToSteps, framePeriod, stepIntervals, textSteps, textV3Steps } from '../../../../main/core/align/steps.ts';
import { sentenceFeatures } from '../../../../main/core/features/text/sentence/sentence-features.ts';
import { TEXT_V3_EXTRACTOR } from '../../../../main/core/features/text/text-v3.ts';
import { lexiconFeatures, utteranceScores } from '../../../../main/core/features/text/lexicon.ts';
import { wordVector } from '../../../../main/core/features/text/text-v2.ts';
import type { FrameSeries, Utterance } from '../../../../main/core/types.ts';

/** Frames every 0.1 s with centres 0.05, 0.15, ...; 2 dims: [i, 10 i]. */
function series(n: number, invalid: number[] = [], period = 0.1): FrameSeries {
  const times = new Float64Array(n);
  const data = new Float32Array(n * 2);
  const valid = new Uint8Array(n).fill(1);
  for (let i = 0; i < n; i++) {
    times[i] = (i + 0.5) * period;
    data[2 * i] = i;
    data[2 * i + 1] = 10 * i;
  }
  for (const i of invalid) valid[i] = 0;
  return { extractor: 'test', dim: 2, times, data, valid };
}

const utt = (words: Array<[string, number, number]>, start = 0, end = 0): Utterance => ({
  start: words.length ? (words[0]?.[1] ?? start) : start,
  end: words.length ? (words[words.length - 1]?.[2] ?? end) : end,
  text: words.map((w) => w[0]).join(' '),
  words: words.map(([text, s, e]) => ({ text, start: s, end: e })),
});

describe('alignToSteps', () => {
  it('averages the valid frames whose centre lies in each word', () => {
    // word 1: [0, 0.3) holds frames 0, 1, 2 -> mean [1, 10]; word 2: [0.3, 0.7) holds 3..6, frame 4 invalid -> (3 + 5 + 6) / 3
    const m = alignToSteps(utt([['a', 0, 0.3], ['b', 0.3, 0.7]]), series(10, [4]), 4);
    expect(m.dim).toBe(2);
    expect(m.steps).toBe(4);
    expect(Array.from(m.stepMask)).toEqual([1, 1, 0, 0]);
    expect(m.data[0]).toBeCloseTo(1, 6);
    expect(m.data[1]).toBeCloseTo(10, 6);
    expect(m.data[2]).toBeCloseTo(14 / 3, 5);
    expect(m.data[3]).toBeCloseTo(140 / 3, 4);
    expect(Array.from(m.data.subarray(4))).toEqual([0, 0, 0, 0]); // padding
  });
  it('a word shorter than a frame takes the nearest valid frame within half a period', () => {
    // [0.21, 0.24) holds no frame centre; frame 2 (0.25) is 0.01 s after it -> [2, 20]
    const m = alignToSteps(utt([['a', 0.21, 0.24]]), series(10), 1);
    expect(Array.from(m.data)).toEqual([2, 20]);
    expect(m.stepMask[0]).toBe(1);
  });
  it('a word with no valid frame near it is zero with mask 0', () => {
    // frames 0..9 cover 0..1 s; a word at 3 s is far from all of them; and a word whose frames are invalid
    const m = alignToSteps(utt([['far', 3, 3.2], ['dark', 0.3, 0.5]]), series(10, [2, 3, 4, 5]), 2);
    expect(Array.from(m.stepMask)).toEqual([0, 0]);
    expect(Array.from(m.data)).toEqual([0, 0, 0, 0]);
  });
  it('steps an utterance without words in 300 ms windows', () => {
    const u = utt([], 0, 1);
    expect(stepIntervals(u).map((iv) => [iv.start, iv.end].map((x) => +x.toFixed(6)))).toEqual([
      [0, 0.3],
      [0.3, 0.6],
      [0.6, 0.9],
      [0.9, 1],
    ]);
    const m = alignToSteps(u, series(10), 5);
    expect(Array.from(m.stepMask)).toEqual([1, 1, 1, 1, 0]);
    expect(m.data[0]).toBeCloseTo(1, 6); // frames 0, 1, 2
    expect(m.data[6]).toBeCloseTo(9, 6); // last window [0.9, 1): frame 9
  });
  it('cuts to the first T steps', () => {
    const words = Array.from({ length: 8 }, (_, i): [string, number, number] => [`w${i}`, i * 0.1, (i + 1) * 0.1]);
    const m = alignToSteps(utt(words), series(10), 3);
    expect(m.steps).toBe(3);
    expect(Array.from(m.data)).toEqual([0, 0, 1, 10, 2, 20]);
  });
  it('an absent series gives zeros of the requested width', () => {
    const m = alignToSteps(utt([['a', 0, 1]]), null, 50, 7);
    expect(m.dim).toBe(7);
    expect(m.data.length).toBe(350);
    expect(m.stepMask.every((x) => x === 0)).toBe(true);
  });
  it('refuses an inconsistent series', () => {
    const s = series(4);
    expect(() => alignToSteps(utt([['a', 0, 1]]), { ...s, valid: new Uint8Array(3) })).toThrow(expect.objectContaining({ kind: 'Internal' }));
  });
  it('estimates the frame period as the median spacing', () => {
    expect(framePeriod(new Float64Array([0, 0.1, 0.2, 0.5, 0.6]))).toBeCloseTo(0.1, 9);
  });
});

describe('textSteps', () => {
  it('puts each word vector at its step; unknown and punctuation-only words are zero with mask 0', () => {
    const m = textSteps(utt([['Good', 0, 0.3], ['qwxzvbnmplk', 0.3, 0.6], ['movie!', 0.6, 0.9], ['--', 0.9, 1]]), 6);
    const D = 106; // 100 vector dims + [valence, negated, negator] + the utterance's [compound, pos, neg]
    expect(m.dim).toBe(D);
    expect(Array.from(m.stepMask)).toEqual([1, 0, 1, 0, 0, 0]);
    expect(Array.from(m.data.subarray(0, 100))).toEqual(Array.from(wordVector('good') ?? []));
    expect(m.data[100]).toBeCloseTo(1.9 / 4, 6); // VADER rates "good" +1.9
    expect(Array.from(m.data.subarray(2 * D, 2 * D + 100))).toEqual(Array.from(wordVector('movie') ?? []));
    expect(m.data.subarray(D, 2 * D).every((x) => x === 0)).toBe(true); // the utterance dims too: a masked step is all zero
  });
  it("repeats the utterance's VADER scores on every real step, scored without case or punctuation", () => {
    const words: Array<[string, number, number]> = [['The', 0, 0.2], ['movie', 0.2, 0.5], ['was', 0.5, 0.6], ['not', 0.6, 0.7], ['GREAT!!', 0.7, 1]];
    const m = textSteps(utt(words), 6);
    const D = 106;
    const u = utteranceScores(['the', 'movie', 'was', 'not', 'great']);
    expect(u.compound).toBeLessThan(0); // VADER's negation rule: "not great" is negative
    for (let step = 0; step < 5; step++) {
      expect(Array.from(m.data.subarray(step * D + 103, step * D + 106))).toEqual(Array.from(Float32Array.of(u.compound, u.pos, u.neg)));
    }
    expect(m.data.subarray(5 * D, 6 * D).every((x) => x === 0)).toBe(true);
  });
  it('appends the sentence dims (text-v3) after the lexicon dims on every real step only', () => {
    const words: Array<[string, number, number]> = [['Good', 0, 0.3], ['qwxzvbnmplk', 0.3, 0.6], ['movie', 0.6, 0.9]];
    const sentence = Float32Array.of(0.5, -2, 3);
    const base = textSteps(utt(words), 5);
    const m = textSteps(utt(words), 5, undefined, sentence);
    const D = 106 + 3;
    expect(m.dim).toBe(D);
    expect(Array.from(m.stepMask)).toEqual(Array.from(base.stepMask));
    for (const step of [0, 2]) {
      expect(Array.from(m.data.subarray(step * D, step * D + 106))).toEqual(Array.from(base.data.subarray(step * 106, (step + 1) * 106)));
      expect(Array.from(m.data.subarray(step * D + 106, (step + 1) * D))).toEqual([0.5, -2, 3]);
    }
    for (const step of [1, 3, 4]) expect(m.data.subarray(step * D, (step + 1) * D).every((x) => x === 0)).toBe(true);
  });
  it('textV3Steps: text-v2 steps + each utterance sentence dims, one encoder call for several utterances', async () => {
    const a = utt([['What', 0, 0.2], ['a', 0.2, 0.3], ['WONDERFUL', 0.3, 0.6], ['film!', 0.6, 0.9]]);
    const b = utt([['terrible', 0, 0.5], ['acting', 0.5, 0.9]]);
    const [ma, mb] = await textV3Steps([a, b], 6);
    const [sa, sb] = await sentenceFeatures(['what a wonderful film', 'terrible acting']);
    const D = TEXT_V3_EXTRACTOR.dims;
    expect(ma!.dim).toBe(D);
    expect(Array.from(ma!.stepMask)).toEqual([1, 0, 1, 1, 0, 0]); // "a" has no vector, as in text-v2
    expect(Array.from(ma!.data.subarray(106, D))).toEqual(Array.from(sa!));
    expect(Array.from(mb!.data.subarray(D + 106, 2 * D))).toEqual(Array.from(sb!));
    expect(Array.from(mb!.data.subarray(0, 106))).toEqual(Array.from(textSteps(b, 6).data.subarray(0, 106)));
  }, 60_000);
  it('keeps a word without vector or word-level lexicon value masked although its utterance has scores', () => {
    // "i" is not in the skip-gram vocabulary (it has no single-letter words) and VADER does not rate it
    const words = ['i', 'loved', 'it'];
    expect(wordVector('i')).toBeNull();
    expect(lexiconFeatures(words)[0]?.[3]).toBeGreaterThan(0); // the utterance's compound is on every row
    const m = textSteps(utt([['i', 0, 0.2], ['loved', 0.2, 0.6], ['it', 0.6, 0.8]]), 4);
    expect(Array.from(m.stepMask)).toEqual([0, 1, 1, 0]);
    expect(m.data.subarray(0, 106).every((x) => x === 0)).toBe(true);
  });
  it('marks negators and the three words after them', () => {
    const m = textSteps(utt([['it', 0, 0.1], ["wasn't", 0.1, 0.2], ['very', 0.2, 0.3], ['good', 0.3, 0.4], ['at', 0.4, 0.5], ['all', 0.5, 0.6]]), 8);
    const col = (c: number) => Array.from({ length: 6 }, (_, i) => m.data[i * 106 + c]);
    expect(col(102)).toEqual([0, 1, 0, 0, 0, 0]); // negator
    expect(col(101)).toEqual([0, 0, 1, 1, 1, 0]); // in its scope
  });
  it('gives an utterance without words no text steps', () => {
    const m = textSteps(utt([], 0, 10));
    expect(m.steps).toBe(50);
    expect(m.stepMask.every((x) => x === 0)).toBe(true);
  });
});
