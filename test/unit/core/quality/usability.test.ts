import { describe, expect, it } from 'vitest';
import { audioUsability, textUsability, visualUsability } from '../../../../main/core/quality/usability.ts';

const speech = { hasStream: true, durationSec: 10, peakDbfs: -3, clippedRatio: 0, speechSec: 6 };
const face = { hasStream: true, framesSampled: 50, framesWithFace: 49, medianFaceHeightPx: 150, medianFaceBrightness: 0.5 };
const text = { sourceLabel: 'sidecar .srt', wordCount: 12, asrConfidence: null, vocabularyCoverage: 0.95 };

describe('usability verdicts', () => {
  it('accepts ordinary speech, face and transcript', () => {
    expect(audioUsability(speech)).toMatchObject({ present: true, usable: true, reason: null });
    expect(visualUsability(face)).toMatchObject({ present: true, usable: true, reason: null });
    expect(textUsability(text)).toMatchObject({ present: true, usable: true, reason: null });
  });

  it('gives every audio failure its own reason', () => {
    expect(audioUsability({ ...speech, hasStream: false })).toMatchObject({ present: false, usable: false });
    expect(audioUsability({ ...speech, peakDbfs: -Infinity }).reason).toMatch(/digital silence/);
    expect(audioUsability({ ...speech, clippedRatio: 0.05 }).reason).toMatch(/clipping/);
    expect(audioUsability({ ...speech, speechSec: 0.3 }).reason).toMatch(/no usable speech/);
    expect(audioUsability({ ...speech, durationSec: 600, speechSec: 2 }).reason).toMatch(/no usable speech/);
  });

  it('gives every text failure its own reason', () => {
    expect(textUsability({ ...text, sourceLabel: null })).toMatchObject({ present: false, usable: false });
    expect(textUsability({ ...text, wordCount: 1 }).reason).toMatch(/near-empty/);
    expect(textUsability({ ...text, asrConfidence: 0.2 }).reason).toMatch(/confidence/);
    expect(textUsability({ ...text, vocabularyCoverage: 0.1 }).reason).toMatch(/unknown/);
  });

  it('gives every visual failure its own reason', () => {
    expect(visualUsability({ ...face, hasStream: false })).toMatchObject({ present: false, usable: false });
    expect(visualUsability({ ...face, framesWithFace: 10 }).reason).toMatch(/no face in most frames/);
    expect(visualUsability({ ...face, medianFaceHeightPx: 20 }).reason).toMatch(/too small/);
    expect(visualUsability({ ...face, medianFaceBrightness: 0.05 }).reason).toMatch(/too dark/);
  });
});
