import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../../../main/core/features/text/tokenize.ts';

describe('tokenize (text-v1)', () => {
  it('lower-cases and drops punctuation', () => {
    expect(tokenize('Hello, WORLD!! "Great" movie... (really)')).toEqual(['hello', 'world', 'great', 'movie', 'really']);
  });
  it('spells contractions as the vocabulary has them (clitics become full words)', () => {
    expect(tokenize("I don't think it's bad")).toEqual(['i', 'do', 'not', 'think', 'it', 'is', 'bad']);
    expect(tokenize("can't won't we're I'll you've he'd")).toEqual(['can', 'not', 'will', 'not', 'we', 'are', 'i', 'will', 'you', 'have', 'he', 'would']);
    expect(tokenize("wouldn't've")).toEqual(['would', 'not', 'have']);
  });
  it('treats typographic and mis-encoded apostrophes like the ASCII one', () => {
    expect(tokenize('I\u2019m sure it\u2019s fine')).toEqual(['i', 'am', 'sure', 'it', 'is', 'fine']);
    expect(tokenize('don\u00e2\u20ac\u2122t')).toEqual(['do', 'not']);
  });
  it('gives MOSI-style apostrophe-less text the same tokens as the apostrophe form', () => {
    expect(tokenize('they didnt really do it im sure thats dont')).toEqual(tokenize("they didn't really do it I'm sure that's don't"));
  });
  it('keeps ambiguous bare forms that are real words', () => {
    expect(tokenize('its well were ill')).toEqual(['its', 'well', 'were', 'ill']);
  });
  it('drops a possessive s but keeps the noun; keeps hyphenated words whole', () => {
    expect(tokenize("Obama's well-known speech")).toEqual(['obama', 'well-known', 'speech']);
  });
  it('strips quote marks around words and expands leading-apostrophe forms', () => {
    expect(tokenize("'hello' 'cause goin'")).toEqual(['hello', 'because', 'goin']);
  });
  it('returns nothing for text without letters or digits', () => {
    expect(tokenize(' ... !? -- ')).toEqual([]);
  });
});
