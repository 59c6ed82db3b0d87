import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useLiteDir } from '../../../../../../main/core/features/text/sentence/use-lite.ts';
import { UseTokenizer, type UseVocabulary } from '../../../../../../main/core/features/text/sentence/use-tokenizer.ts';

const vocab = JSON.parse(readFileSync(path.join(useLiteDir(), 'vocab.json'), 'utf8')) as UseVocabulary;
const tokenizer = new UseTokenizer(vocab);

describe('UseTokenizer', () => {
  // ids printed by the reference tokenizer (@energetic-ai/embeddings 0.2.0, the tfjs-models port)
  const reference: Array<[string, number[]]> = [
    ['anyhow it was really good', [155, 2848, 21, 33, 148, 129]],
    ['i didnt like it at all', [103, 354, 17, 60, 21, 38, 65]],
    ['naïve café crème', [1216, 0, 105, 976, 209, 1133, 2266, 5016, 329]],
    ['hello 🙂 world  twice', [2002, 102, 30, 0, 311, 30, 2890]],
    ['東京 tower', [30, 0, 10, 2252]],
    ['x', [649]],
    ['great :) see http://x.org :(', [318, 658, 158, 290, 255, 152, 6, 1649, 4258]], // pieces with a null score
    ['ok :-) fine', [2303, 6600, 839]],
    ['supercalifragilisticexpialidocious', [1050, 2817, 928, 276, 143, 233, 2098, 6489, 983, 303, 102, 2907]],
  ];
  it.each(reference)('gives the reference ids for %j', (text, ids) => {
    expect(tokenizer.encode(text)).toEqual(ids);
  });

  it('spells the text back from its pieces ("▁" for spaces), unknown characters as one id 0', () => {
    const ids = tokenizer.encode('i didnt like it at all');
    expect(ids.map((id) => vocab[id]![0]).join('')).toBe('▁i▁didnt▁like▁it▁at▁all');
    expect(tokenizer.encode('東京')).toEqual([30, 0]); // "▁" then both unknown characters collapsed
  });

  it('gives no ids for an empty text', () => {
    expect(tokenizer.encode('')).toEqual([]);
  });
});
