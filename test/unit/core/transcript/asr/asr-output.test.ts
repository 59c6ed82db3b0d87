import { describe, expect, it } from 'vitest';
import { asrConfidence, compressionRatio } from '../../../../../main/core/transcript/asr/asr-confidence.ts';
import { isNonSpeechAnnotation, ownedWords, wordsFromAsrOutput } from '../../../../../main/core/transcript/asr/asr-output.ts';
import type { Word } from '../../../../../main/core/types.ts';

describe('parsing the ASR pipeline output', () => {
  it('turns word chunks into words in clip time', () => {
    const out = {
      text: ' And so my fellow Americans',
      chunks: [
        { text: ' And', timestamp: [0, 0.5] },
        { text: ' so', timestamp: [0.5, 1.1] },
        { text: ' my', timestamp: [1.1, 1.4] },
        { text: ' fellow', timestamp: [1.4, 1.8] },
        { text: ' Americans', timestamp: [1.8, 2.6] },
      ],
    };
    const words = wordsFromAsrOutput(out, 20, 30);
    expect(words.map((w) => w.text)).toEqual(['And', 'so', 'my', 'fellow', 'Americans']);
    expect(words[0]).toEqual({ text: 'And', start: 20, end: 20.5 });
    expect(words[4]?.end).toBeCloseTo(22.6, 9);
  });
  it('spreads a segment chunk (return_timestamps: true) over its span; a missing end is the window end', () => {
    const out = { text: ' ab cd', chunks: [{ text: ' ab cd', timestamp: [1, 3] }, { text: ' ef', timestamp: [4, null] }] };
    const w = wordsFromAsrOutput(out, 0, 10);
    expect(w.map((x) => [x.text, x.start, x.end])).toEqual([
      ['ab', 1, 2],
      ['cd', 2, 3],
      ['ef', 4, 10],
    ]);
  });
  it('spreads text without chunks over the window', () => {
    expect(wordsFromAsrOutput({ text: ' hello world' }, 5, 2).map((w) => [w.start, w.end])).toEqual([
      [5, 6],
      [6, 7],
    ]);
  });
  it('drops non-speech annotations', () => {
    const w = wordsFromAsrOutput({ text: '', chunks: [{ text: ' [BLANK_AUDIO]', timestamp: [0, 1] }, { text: ' (music)', timestamp: [1, 2] }, { text: ' ♪', timestamp: [2, 3] }, { text: ' yes', timestamp: [3, 4] }] }, 0, 30);
    expect(w.map((x) => x.text)).toEqual(['yes']);
    expect(isNonSpeechAnnotation('(laughs).')).toBe(true);
    expect(isNonSpeechAnnotation('(really')).toBe(false);
  });
  it('rejects an output of the wrong shape', () => {
    expect(() => wordsFromAsrOutput({ chunks: [] }, 0, 30)).toThrow(expect.objectContaining({ kind: 'ToolFailed' }));
    expect(() => wordsFromAsrOutput({ text: 'a', chunks: [{ text: 'a', timestamp: ['0', 1] }] }, 0, 30)).toThrow(expect.objectContaining({ kind: 'ToolFailed' }));
  });
  it('keeps each word of overlapping windows once, by its midpoint', () => {
    const w: Word[] = [
      { text: 'a', start: 24, end: 24.8 }, // mid 24.4: first window's
      { text: 'b', start: 24.8, end: 25.4 }, // mid 25.1: second window's
    ];
    expect(ownedWords(w, 0, 25).map((x) => x.text)).toEqual(['a']);
    expect(ownedWords(w, 25, 45).map((x) => x.text)).toEqual(['b']);
  });
});

describe('ASR confidence', () => {
  const talk = 'i thought the movie was really good and the acting was great but the ending felt rushed'.split(' ');
  const timed = (texts: string[], start: number, step: number): Word[] => texts.map((text, i) => ({ text, start: start + i * step, end: start + (i + 1) * step }));
  it('is 1 for plausible speech inside the VAD segments', () => {
    const c = asrConfidence(timed(talk, 1, 0.35), { speech: [{ start: 1, end: 7 }], durationSec: 10 });
    expect(c.confidence).toBe(1);
  });
  it('drops with words where the VAD heard no speech', () => {
    // speech in 1..3 s (and later, where no word was placed): the words after ~3.5 s are outside it
    const c = asrConfidence(timed(talk, 1, 0.35), { speech: [{ start: 1, end: 3 }, { start: 20, end: 26 }], durationSec: 30 });
    expect(c.speechFraction).toBeLessThan(0.6);
    expect(c.wordsPerSec).toBeLessThan(6);
    expect(c.confidence).toBeCloseTo(c.speechFraction, 9);
  });
  it('drops for a repetition loop (compression ratio above 2.4)', () => {
    const loop = Array.from({ length: 60 }, () => ['thank', 'you', 'so', 'much']).flat();
    expect(compressionRatio(loop.join(' '))).toBeGreaterThan(2.4);
    const c = asrConfidence(timed(loop, 0, 0.25), { durationSec: 60 });
    expect(c.confidence).toBeLessThan(0.5);
  });
  it('drops for more words than can be said in the speech time', () => {
    const c = asrConfidence(timed(talk, 0, 0.05), { speech: [{ start: 0, end: 1 }], durationSec: 10 });
    expect(c.wordsPerSec).toBeGreaterThan(6);
    expect(c.confidence).toBeLessThan(0.5);
  });
  it('is 0 with no words', () => {
    expect(asrConfidence([], { durationSec: 5 }).confidence).toBe(0);
  });
});
