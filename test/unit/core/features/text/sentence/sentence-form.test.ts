import { describe, expect, it } from 'vitest';
import { sentenceForm } from '../../../../../../main/core/features/text/sentence/sentence-form.ts';

describe('sentenceForm', () => {
  it.each([
    ["I don't think it's GREAT!!!", 'i dont think its great'],
    ['anyhow it was really good', 'anyhow it was really good'], // MOSI's form is kept as it is
    ['You must\u2019ve had your hands full.', 'you mustve had your hands full'],
    ['Well... I-I guess, 30 people?', 'well i i guess 30 people'],
    ['Oh my God, you\u00e2\u20ac\u2122re right', 'oh my god youre right'], // MELD's mis-encoded apostrophe
    ['  ...  ', ''],
  ])('%j -> %j', (input, form) => {
    expect(sentenceForm(input)).toBe(form);
  });
});
