import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACE_NET_CLASSES } from '../../../../../main/core/features/visual/face-net-info.ts';
import { FER_BLUR_SIGMA, type FaceNet, faceNetDir, faceNetInput, ferBlurFor, gaussianBlur, halve, loadFaceNet, standardiseCrop } from '../../../../../main/core/features/visual/face-net.ts';
import { wholeFraming } from '../../../../../main/core/features/visual/face-patch.ts';
import { initTfWasm } from '../../../../../main/core/features/visual/tf-wasm-backend.ts';
import { VISUAL_README } from '../../../../../main/core/features/visual/update-readme-dims.ts';
import type { VisualExtractor } from '../../../../../main/core/features/visual/visual-extractor.ts';
import { createVisualExtractor } from '../../../../../main/core/features/visual/visual-extractors.ts';
import { VISUAL_V2_DIM, VISUAL_V2_DIMS } from '../../../../../main/core/features/visual/visual-v2-dims.ts';
import { VISUAL_V3_DIM, VISUAL_V3_DIMS, visualV3DimsMarkdown } from '../../../../../main/core/features/visual/visual-v3-dims.ts';
import { EXTRACTORS } from '../../../../../main/core/features/extractors.ts';
import { decodeInProcess } from '../../../../../main/core/media/still-image.ts';
import { dataPath } from '../../../../helpers/data.ts';

const pic = (file: string) => decodeInProcess(readFileSync(file))!;
const HAPPY = FACE_NET_CLASSES.indexOf('happy');
const NEG = (['angry', 'disgust', 'fear', 'sad'] as const).map((c) => FACE_NET_CLASSES.indexOf(c));
/** s = p(happy) / (p(happy) + sum p(negative)), the happy-vs-negative read of the 7 probabilities */
const happyShare = (p: ArrayLike<number>) => p[HAPPY]! / (p[HAPPY]! + NEG.reduce((a, c) => a + p[c]!, 0));

/** The first n crops of an emotion folder in FER's held-out test part (sha256 first byte < 26): never trained on. */
function heldOutCrops(emotion: string, n: number): string[] {
  const dir = dataPath('fer2013', 'train', emotion);
  const out: string[] = [];
  for (const f of readdirSync(dir).sort()) {
    const file = path.join(dir, f);
    const bytes = readFileSync(file);
    if (createHash('sha256').update(bytes).digest()[0]! < 26 && Math.max(...pic(file).rgb) > 40) out.push(file);
    if (out.length === n) break;
  }
  return out;
}

describe('visual-v3 dimensions', () => {
  it("visual-v2's rows unchanged, then face-net-v1's 7 class probabilities; the app's visual extractor", () => {
    expect(VISUAL_V3_DIM).toBe(VISUAL_V2_DIM + 7);
    expect(VISUAL_V3_DIMS.slice(0, VISUAL_V2_DIM)).toEqual(VISUAL_V2_DIMS);
    expect(VISUAL_V3_DIMS.slice(VISUAL_V2_DIM).map((d) => d.name)).toEqual(FACE_NET_CLASSES.map((c) => `fer_${c}`));
    expect(EXTRACTORS.visual).toEqual({ id: 'visual-v3', version: 1, dim: VISUAL_V3_DIM });
    expect(readFileSync(VISUAL_README, 'utf8')).toContain(visualV3DimsMarkdown());
  });
});

describe('face-net-v1 input', () => {
  it('a 48 px FER crop framed whole is exactly the crop the net was trained on: halved, standardised over 24 px, centre 22 px', () => {
    const frame = pic(dataPath('fer2013/train/happy/Training_10019449.jpg'));
    const luma = Float32Array.from({ length: 48 * 48 }, (_, i) => frame.rgb[3 * i]! / 255);
    const half = standardiseCrop(halve(luma, 48));
    const want = Float32Array.from({ length: 22 * 22 }, (_, i) => half[(Math.floor(i / 22) + 1) * 24 + (i % 22) + 1]!);
    const got = faceNetInput(frame, wholeFraming(48, 48));
    for (let i = 0; i < want.length; i++) expect(got[i]!).toBeCloseTo(want[i]!, 5);
  });

  it("blurs a large face to FER's blur, a crop of FER's size not at all", () => {
    expect(ferBlurFor(48)).toBe(0);
    expect(ferBlurFor(72)).toBeCloseTo(FER_BLUR_SIGMA / 2, 10);
    expect(ferBlurFor(96)).toBe(FER_BLUR_SIGMA);
    expect(ferBlurFor(400)).toBe(FER_BLUR_SIGMA);
    const dot = new Float32Array(15 * 15);
    dot[7 * 15 + 7] = 1;
    const b = gaussianBlur(dot, 15, 2);
    expect(b.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 5);
    expect(b[7 * 15 + 7]!).toBeCloseTo(1 / (2 * Math.PI * 4), 2);
  });
});

describe('face-net-v1 weights', () => {
  let dir: string;
  beforeAll(async () => {
    await initTfWasm();
    dir = mkdtempSync(path.join(tmpdir(), 'face-net-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a damaged weights file is refused, naming the file', () => {
    cpSync(faceNetDir(), dir, { recursive: true });
    const bin = readFileSync(path.join(dir, 'weights.bin'));
    bin[100] = bin[100]! ^ 0xff;
    writeFileSync(path.join(dir, 'weights.bin'), bin);
    expect(() => loadFaceNet(dir)).toThrow(/weights\.bin: sha256 .* does not match face-net\.json .*damaged/);
  });

  it('a missing net says where it was looked for and how to get it back', () => {
    expect(() => loadFaceNet(path.join(dir, 'nowhere'))).toThrow(/face expression net in .*nowhere cannot be read.*scripts\/face-net/);
  });
});

describe('visual-v3 on real faces', () => {
  let ex: VisualExtractor;
  let net: FaceNet;
  beforeAll(async () => {
    ex = await createVisualExtractor('visual-v3');
    net = loadFaceNet();
  });
  afterAll(() => {
    ex.dispose();
    net.dispose();
  });

  it("the first rows are visual-v2's vector of the same face; the last 7 are probabilities", async () => {
    const v2 = await createVisualExtractor('visual-v2');
    try {
      for (const [file, crop] of [[dataPath('images/faces/faceapi_happy.jpg'), 'off'], [dataPath('fer2013/train/happy/Training_10019449.jpg'), 'on']] as const) {
        const a = await ex.extract(pic(file), crop);
        const b = await v2.extract(pic(file), crop);
        expect(a.faceFound).toBe(true);
        expect([...a.vector.subarray(0, VISUAL_V2_DIM)]).toEqual([...b.vector]);
        const p = [...a.vector.subarray(VISUAL_V2_DIM)];
        expect(p.every((v) => v >= 0 && v <= 1)).toBe(true);
        expect(p.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 4);
      }
    } finally {
      v2.dispose();
    }
  });

  it('held-out FER crops (face-crop mode): happy ones read happier than sad and angry ones', async () => {
    const mean = async (files: string[]) => {
      let s = 0;
      for (const f of files) s += happyShare((await ex.extract(pic(f), 'on')).vector.subarray(VISUAL_V2_DIM));
      return s / files.length;
    };
    const happy = await mean(heldOutCrops('happy', 12));
    const negative = await mean([...heldOutCrops('sad', 6), ...heldOutCrops('angry', 6)]);
    expect(happy).toBeGreaterThan(0.5);
    expect(negative).toBeLessThan(0.5);
  });

  it('detected photo faces (blurred to FER before the net): the happy photo reads happier than the sad and the angry one', async () => {
    const share = async (f: string) => happyShare((await ex.extract(pic(dataPath(`images/faces/${f}`)), 'off')).vector.subarray(VISUAL_V2_DIM));
    const happy = await share('faceapi_happy.jpg');
    expect(happy).toBeGreaterThan(await share('faceapi_sad.jpg'));
    expect(happy).toBeGreaterThan(await share('faceapi_angry.jpg'));
  });
});
