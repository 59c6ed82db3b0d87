import { describe, expect, it } from 'vitest';
import { cleanCueText, cuesToWords, parseSrt, parseTimestamp, parseVtt } from '../../../../main/core/transcript/parse-subtitles.ts';

const SRT = `1
00:00:01,000 --> 00:00:03,000
<i>Hello</i> there,
- general Kenobi!

2
00:00:04,500 --> 00:00:05,500
{\\an8}Yes.

3
this block has no time line

4
00:00:07,000 --> 00:00:06,000
end before start: skipped
`;

describe('SRT', () => {
  it('reads cues, removes markup and speaker dashes, skips invalid blocks', () => {
    const cues = parseSrt(SRT);
    expect(cues).toEqual([
      { start: 1, end: 3, text: 'Hello there, general Kenobi!' },
      { start: 4.5, end: 5.5, text: 'Yes.' },
    ]);
  });
  it('accepts CRLF line ends and a BOM', () => {
    expect(parseSrt(`\uFEFF${SRT.replace(/\n/g, '\r\n')}`)).toHaveLength(2);
  });
  it('spreads each cue over its own span by word length (letters + 1), timed words in order', () => {
    const words = cuesToWords(parseSrt(SRT));
    expect(words.map((w) => w.text)).toEqual(['Hello', 'there,', 'general', 'Kenobi!', 'Yes.']);
    // weights 6, 6, 8, 7 over 2 s: Hello = 2 * 6/27
    expect(words[0]).toEqual({ text: 'Hello', start: 1, end: expect.closeTo(1 + (2 * 6) / 27, 9) });
    expect(words[3]?.end).toBeCloseTo(3, 9);
    expect(words[4]).toEqual({ text: 'Yes.', start: 4.5, end: 5.5 });
  });
});

describe('WebVTT', () => {
  const VTT = `WEBVTT - a title
Kind: captions

NOTE this is a comment
spanning two lines

STYLE
::cue { color: red }

intro
00:01.000 --> 00:02.000 align:start position:10%
<v Roger>It's <b>great</b>

01:00:00.000 --> 01:00:02.000
<00:00:00.000>one <01:00:01.000><c>two</c> <01:00:01.500><c>three</c>
`;
  it('skips header, NOTE and STYLE blocks; reads cue ids, settings, hour-less times and voice tags', () => {
    const cues = parseVtt(VTT);
    expect(cues.map((c) => [c.start, c.end, c.text])).toEqual([
      [1, 2, "It's great"],
      [3600, 3602, 'one two three'],
    ]);
  });
  it('uses karaoke timestamps inside a cue as word start times', () => {
    const words = cuesToWords(parseVtt(VTT)).slice(2);
    expect(words.map((w) => [w.text, w.start, w.end])).toEqual([
      ['one', 3600, 3601],
      ['two', 3601, 3601.5],
      ['three', 3601.5, 3602],
    ]);
  });
});

describe('timestamps and markup', () => {
  it('parses the SRT and VTT forms and rejects others', () => {
    expect(parseTimestamp('01:02:03,456')).toBeCloseTo(3723.456, 9);
    expect(parseTimestamp('02:03.5')).toBeCloseTo(123.5, 9);
    expect(parseTimestamp('1:02:03')).toBe(3723);
    expect(parseTimestamp('abc')).toBeNull();
    expect(parseTimestamp('12')).toBeNull();
  });
  it('decodes entities and drops empty lines', () => {
    expect(cleanCueText(['Tom &amp; Jerry', '', '<font color="red">&lt;3</font>'])).toBe('Tom & Jerry <3');
  });
});
