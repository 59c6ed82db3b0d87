import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPRESSIONS } from '../../../../../main/core/features/visual/expressions.ts';
import { createVisualExtractor } from '../../../../../main/core/features/visual/visual-extractors.ts';
import type { VisualExtractor } from '../../../../../main/core/features/visual/visual-extractor.ts';
import { NOT_READ, VISUAL_V2_AU_KEYS, VISUAL_V2_DIM, VISUAL_V2_DIMS, visualV2DimsMarkdown } from '../../../../../main/core/features/visual/visual-v2-dims.ts';
import { VISUAL_README, withVisualTables } from '../../../../../main/core/features/visual/update-readme-dims.ts';
import { decodeInProcess } from '../../../../../main/core/media/still-image.ts';
import { dataPath } from '../../../../helpers/data.ts';

const dim = (name: string): number => VISUAL_V2_DIMS.findIndex((d) => d.name === name);
const pic = (rel: string) => decodeInProcess(readFileSync(dataPath(rel)))!;

describe('visual-v2 dimensions', () => {
  it('7 expression probabilities, 8 AU-like values, an 8x8 patch; no face size, detector score or head pose', () => {
    expect(VISUAL_V2_DIM).toBe(7 + 8 + 64);
    expect(new Set(VISUAL_V2_DIMS.map((d) => d.name)).size).toBe(VISUAL_V2_DIM);
    expect(VISUAL_V2_DIMS.slice(0, 7).map((d) => d.name)).toEqual(EXPRESSIONS.map((e) => `expr_${e}`));
    for (const dropped of ['face_size', 'det_confidence', 'head_yaw', 'head_pitch', 'head_roll']) expect(dim(dropped)).toBe(-1);
  });

  it('README.md holds the table generated from the dims list', () => {
    const readme = readFileSync(VISUAL_README, 'utf8');
    expect(withVisualTables(readme)).toBe(readme);
    expect(readme).toContain(visualV2DimsMarkdown());
  });

  it('rejects an unknown extractor id and names the valid ones', async () => {
    await expect(createVisualExtractor('visual-v9')).rejects.toThrow(/Unknown visual extractor 'visual-v9'; valid: visual-v1, visual-v2/);
  });
});

describe('visual-v2 on real faces', () => {
  let ex: VisualExtractor;
  beforeAll(async () => {
    ex = await createVisualExtractor('visual-v2');
  });
  afterAll(() => ex.dispose());

  it.each([
    ['faceapi_happy.jpg', 'happy'],
    ['faceapi_surprised.jpg', 'surprised'],
    ['faceapi_sad.jpg', 'sad'],
  ])('%s: detected face, top expression %s, patch standardised', async (file, expected) => {
    const r = await ex.extract(pic(`images/faces/${file}`));
    expect(r.faceFound).toBe(true);
    expect(r.detectedBy === 'tiny' || r.detectedBy === 'ssd').toBe(true);
    expect(r.vector.length).toBe(VISUAL_V2_DIM);
    const p = [...r.vector.subarray(0, 7)];
    expect(EXPRESSIONS[p.indexOf(Math.max(...p))]).toBe(expected);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    const cells = [...r.vector.subarray(dim('patch_r0c0'))];
    expect(cells.length).toBe(64);
    expect(cells.reduce((a, b) => a + b, 0) / 64).toBeCloseTo(0, 4);
  });

  it('the happy photo smiles more than the sad one (lip corners, mouth width)', async () => {
    const happy = (await ex.extract(pic('images/faces/faceapi_happy.jpg'))).vector;
    const sad = (await ex.extract(pic('images/faces/faceapi_sad.jpg'))).vector;
    expect(happy[dim('au_lip_corner_raise')]!).toBeGreaterThan(sad[dim('au_lip_corner_raise')]!);
    expect(happy[dim('au_mouth_width')]!).toBeGreaterThan(sad[dim('au_mouth_width')]!);
  });

  it('a FER crop: the detectors find no face; face-crop mode reads the whole crop as the face, its patch only', async () => {
    const fer = pic('fer2013/train/happy/Training_10019449.jpg');
    const off = await ex.extract(fer, 'off');
    expect(off.faceFound).toBe(false);
    expect([...off.vector].every((v) => v === 0)).toBe(true);
    for (const crop of ['on', 'fallback'] as const) {
      const r = await ex.extract(fer, crop);
      expect(r).toMatchObject({ faceFound: true, detectedBy: 'crop', confidence: 1, faces: 1, faceBox: { x: 0, y: 0, width: 48, height: 48 }, faceRelSize: 1 });
      expect(r.brightness).toBeGreaterThan(0.12);
      // expressions and AU geometry: the fixed not-read values; the patch: the crop's own cells
      expect([...r.vector.subarray(0, 7)]).toEqual(new Array(7).fill(Math.fround(NOT_READ.expression)));
      expect([...r.vector.subarray(7, 15)]).toEqual(VISUAL_V2_AU_KEYS.map((k) => Math.fround(NOT_READ.au[k])));
      const cells = [...r.vector.subarray(dim('patch_r0c0'))];
      expect(Math.max(...cells) - Math.min(...cells)).toBeGreaterThan(1);
    }
  });

  it('an all-black FER crop is a face in face-crop mode, with brightness 0 (the usability stage calls it too dark)', async () => {
    const black = pic('fer2013/train/angry/Training_10131352.jpg');
    expect(Math.max(...black.rgb)).toBe(0);
    const r = await ex.extract(black, 'on');
    expect(r.faceFound).toBe(true);
    expect(r.brightness).toBe(0);
    expect(r.vector.every(Number.isFinite)).toBe(true);
  });
});
