import { describe, expect, it } from 'vitest';
import { sentenceEncoder, sentenceFeatures, sentenceProjection } from '../../../../../../main/core/features/text/sentence/sentence-features.ts';
import { projectSentence } from '../../../../../../main/core/features/text/sentence/sentence-projection.ts';
import { TEXT_V3_EXTRACTOR } from '../../../../../../main/core/features/text/text-v3.ts';

describe('sentenceFeatures (text-v3 sentence dims)', () => {
  it('embeds the sentence form and projects it; case and punctuation do not matter; no words gives zeros', async () => {
    const [written, mosi, empty] = await sentenceFeatures(["I didn't like it AT ALL!", 'i didnt like it at all', ' -- ']);
    expect(written!.length).toBe(TEXT_V3_EXTRACTOR.sentenceDims);
    expect(Array.from(written!)).toEqual(Array.from(mosi!));
    const direct = projectSentence(sentenceProjection(), (await (await sentenceEncoder()).embed(['i didnt like it at all']))[0]!);
    expect(Array.from(mosi!)).toEqual(Array.from(direct));
    expect(Array.from(empty!).every((x) => x === 0)).toBe(true);
    // whitened components: a typical sentence has values of order 1, not 0.01
    expect(Math.max(...Array.from(mosi!).map(Math.abs))).toBeGreaterThan(0.5);
    expect(TEXT_V3_EXTRACTOR.dims).toBe(106 + 64);
  }, 60_000);
});
