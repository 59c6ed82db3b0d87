import { describe, expect, it } from 'vitest';
import { spreadOverSpan, spreadOverSpeech, wordWeight } from '../../../../main/core/transcript/spread-words.ts';

describe('spreading untimed words', () => {
  it('weights a word by its letters and digits + 1', () => {
    expect(wordWeight('good.')).toBe(5);
    expect(wordWeight('...')).toBe(1);
    expect(wordWeight("don't")).toBe(5);
  });
  it('fills a span end to end without gaps', () => {
    const w = spreadOverSpan(['aa', 'b', 'cccc'], 10, 20); // weights 3, 2, 5
    expect(w.map((x) => [x.start, x.end])).toEqual([
      [10, 13],
      [13, 15],
      [15, 20],
    ]);
  });
  it('spreads over speech segments in proportion to their durations, never across a pause', () => {
    // 4 s of speech in two segments (1 s and 3 s); four words of equal weight: 1 s of speech each.
    const w = spreadOverSpeech(['aaa', 'bbb', 'ccc', 'ddd'], [{ start: 10, end: 13 }, { start: 2, end: 3 }], 20);
    expect(w.map((x) => [x.text, x.start, x.end])).toEqual([
      ['aaa', 2, 3],
      ['bbb', 10, 11],
      ['ccc', 11, 12],
      ['ddd', 12, 13],
    ]);
  });
  it('cuts a word that would straddle a pause at the end of its segment', () => {
    // total speech 2 s, 3 equal words: the second spans 0.667..1.333 of speech time, crossing the pause at 1 s
    const w = spreadOverSpeech(['aaa', 'bbb', 'ccc'], [{ start: 0, end: 1 }, { start: 5, end: 6 }], 10);
    expect(w[1]?.start).toBeCloseTo(2 / 3, 9);
    expect(w[1]?.end).toBe(1);
    expect(w[2]?.start).toBeCloseTo(5 + 1 / 3, 9);
    expect(w[2]?.end).toBe(6);
  });
  it('uses the whole clip when there are no speech segments', () => {
    const w = spreadOverSpeech(['ab', 'ab'], [], 6);
    expect(w.map((x) => [x.start, x.end])).toEqual([
      [0, 3],
      [3, 6],
    ]);
  });
});
