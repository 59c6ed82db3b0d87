import { describe, expect, it } from 'vitest';
import { TIGHT_CROP, cropPolicyFor, isTightCrop, parseFaceCropMode } from '../../../../../main/core/features/visual/face-crop.ts';

describe('face-crop mode', () => {
  it('a tight crop is small and near-square: FER 48x48 and a 224 crop yes; photos, strips and frames no', () => {
    expect(isTightCrop(48, 48)).toBe(true);
    expect(isTightCrop(224, 200)).toBe(true);
    expect(isTightCrop(TIGHT_CROP.maxSidePx, TIGHT_CROP.maxSidePx)).toBe(true);
    expect(isTightCrop(TIGHT_CROP.maxSidePx + 1, TIGHT_CROP.maxSidePx)).toBe(false);
    expect(isTightCrop(500, 282)).toBe(false); // the shared face photos
    expect(isTightCrop(200, 100)).toBe(false); // 2:1
    expect(isTightCrop(320, 240)).toBe(false);
    expect(isTightCrop(0, 0)).toBe(false);
  });

  it('auto: detectors for videos and large stills, detect-then-whole for tight stills; on/off are what they say', () => {
    expect(cropPolicyFor('auto', { still: false, width: 48, height: 48 })).toBe('off');
    expect(cropPolicyFor('auto', { still: true, width: 640, height: 480 })).toBe('off');
    expect(cropPolicyFor('auto', { still: true, width: 48, height: 48 })).toBe('fallback');
    expect(cropPolicyFor('on', { still: false, width: 1920, height: 1080 })).toBe('on');
    expect(cropPolicyFor('off', { still: true, width: 48, height: 48 })).toBe('off');
  });

  it('parses the option and names the allowed values otherwise', () => {
    expect(parseFaceCropMode(' ON ')).toBe('on');
    expect(() => parseFaceCropMode('yes')).toThrow(/--face-crop yes is not allowed; use one of auto, on, off/);
  });
});
