import { describe, expect, it } from 'vitest';
import { endsSentence, MAX_UTTERANCE_SEC, MAX_UTTERANCE_WORDS, splitUtterances } from '../../../../main/core/align/utterances.ts';
import type { Word } from '../../../../main/core/types.ts';

/** Words 0.3 s long, back to back from `start` (no pauses). */
function run(texts: string[], start = 0, len = 0.3): Word[] {
  return texts.map((text, i) => ({ text, start: start + i * len, end: start + (i + 1) * len }));
}

describe('splitUtterances', () => {
  it('splits after sentence ends', () => {
    const u = splitUtterances({ words: run(['I', 'loved', 'it.', 'Really!', 'Did', 'you?', 'no']) }, 10);
    expect(u.map((x) => x.text)).toEqual(['I loved it.', 'Really!', 'Did you?', 'no']);
    expect(u[0]).toMatchObject({ start: 0, end: expect.closeTo(0.9, 9) });
  });
  it('splits at a pause longer than 0.7 s, not at a shorter one', () => {
    const words = [...run(['a', 'b'], 0), ...run(['c', 'd'], 0.6 + 0.6), ...run(['e'], 1.8 + 0.8)];
    // gaps: b->c 0.6 s (kept together), d->e 0.8 s (split)
    expect(splitUtterances({ words }, 10).map((x) => x.text)).toEqual(['a b c d', 'e']);
  });
  it('keeps titles and Latin abbreviations inside a sentence', () => {
    expect(splitUtterances({ words: run(['Mr.', 'Smith', 'said', 'e.g.', 'this.']) }, 5).map((x) => x.text)).toEqual(['Mr. Smith said e.g. this.']);
    expect(endsSentence('"done."')).toBe(true);
    expect(endsSentence('so…')).toBe(true);
    expect(endsSentence('Dr.')).toBe(false);
    expect(endsSentence('3.5')).toBe(false);
  });
  it('cuts at 50 words', () => {
    const u = splitUtterances({ words: run(Array.from({ length: 120 }, (_, i) => `w${i}`), 0, 0.1) }, 20);
    expect(u.map((x) => x.words.length)).toEqual([MAX_UTTERANCE_WORDS, MAX_UTTERANCE_WORDS, 20]);
  });
  it('cuts before a word that would make the utterance longer than 15 s', () => {
    const u = splitUtterances({ words: run(Array.from({ length: 40 }, (_, i) => `w${i}`), 0, 0.5) }, 20);
    expect(u.map((x) => x.words.length)).toEqual([30, 10]);
    for (const x of u) expect(x.end - x.start).toBeLessThanOrEqual(MAX_UTTERANCE_SEC);
  });
  it('sorts words by time and ignores empty ones', () => {
    const u = splitUtterances({ words: [{ text: 'b', start: 1, end: 1.2 }, { text: ' ', start: 0.5, end: 0.6 }, { text: 'a', start: 0.7, end: 0.9 }] }, 3);
    expect(u).toHaveLength(1);
    expect(u[0]?.text).toBe('a b');
  });
  it('cuts a clip without words into 10 s windows', () => {
    const u = splitUtterances({ words: [] }, 25);
    expect(u.map((x) => [x.start, x.end, x.words.length, x.text])).toEqual([
      [0, 10, 0, ''],
      [10, 20, 0, ''],
      [20, 25, 0, ''],
    ]);
    expect(splitUtterances({ words: [] }, 0)).toEqual([]);
  });
  it('follows the speech of a clip without words: joined across short pauses, silent stretches as windows', () => {
    const speech = [
      { start: 0.5, end: 2.0 },
      { start: 2.4, end: 4.0 }, // 0.4 s pause: same utterance
      { start: 5.0, end: 6.0 }, // 1 s pause: a new one, the 1 s silence is no window of its own
      { start: 9.5, end: 40.0 }, // 30.5 s of talk: cut into equal parts of at most 15 s
    ];
    const u = splitUtterances({ words: [] }, 44, speech);
    const r = (x: number) => Math.round(x * 1000) / 1000;
    expect(u.map((x) => [r(x.start), r(x.end)])).toEqual([
      [0.5, 4],
      [5, 6],
      [6, 9.5], // 3.5 s of silence between talk: the face alone
      [9.5, 19.667],
      [19.667, 29.833],
      [29.833, 40],
      [40, 44],
    ]);
    expect(u.every((x) => x.words.length === 0 && x.text === '')).toBe(true);
    expect(u.every((x) => x.end - x.start <= MAX_UTTERANCE_SEC + 1e-9)).toBe(true);
  });
  it('keeps the words when there are words, whatever the speech', () => {
    const u = splitUtterances({ words: run(['a', 'b.']) }, 10, [{ start: 5, end: 9 }]);
    expect(u.map((x) => x.text)).toEqual(['a b.']);
  });
  it('rejects a bad duration', () => {
    expect(() => splitUtterances({ words: [] }, Number.NaN)).toThrow(expect.objectContaining({ kind: 'InvalidArgument' }));
  });
});
