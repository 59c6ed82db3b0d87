import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as faceapi from '@vladmandic/face-api/dist/face-api.node-wasm.js';
import { type VisualV1Extractor, createVisualV1 } from '../../../../../main/core/features/visual/visual-v1.ts';
import { VISUAL_V1_DIM, VISUAL_V1_DIMS } from '../../../../../main/core/features/visual/visual-v1-dims.ts';
import { EXPRESSIONS } from '../../../../../main/core/features/visual/face-engine.ts';
import { dataPath } from '../../../../helpers/data.ts';
import { type RgbFrame, decodeImageRgb } from './decode-helper.ts';

const dim = (name: (typeof VISUAL_V1_DIMS)[number]['name']): number => VISUAL_V1_DIMS.findIndex((d) => d.name === name);
const face = (name: string): Promise<RgbFrame> => decodeImageRgb(dataPath('images/faces', name));

function topExpression(v: Float32Array): string {
  let best = 0;
  for (let i = 1; i < EXPRESSIONS.length; i++) if (v[i]! > v[best]!) best = i;
  return EXPRESSIONS[best]!;
}

function mirror(f: RgbFrame): RgbFrame {
  const rgb = new Uint8Array(f.rgb.length);
  for (let y = 0; y < f.height; y++)
    for (let x = 0; x < f.width; x++) rgb.set(f.rgb.subarray((y * f.width + f.width - 1 - x) * 3, (y * f.width + f.width - x) * 3), (y * f.width + x) * 3);
  return { ...f, rgb };
}

describe('visual-v1 on face photos', () => {
  let ex: VisualV1Extractor;
  beforeAll(async () => {
    ex = await createVisualV1();
  });
  afterAll(() => ex.dispose());

  it.each([
    ['faceapi_happy.jpg', 'happy'],
    ['faceapi_surprised.jpg', 'surprised'],
    ['faceapi_sad.jpg', 'sad'],
  ])('%s has %s as its top expression', async (file, expected) => {
    const r = await ex.extract(await face(file));
    expect(r.faceFound).toBe(true);
    expect(r.vector.length).toBe(VISUAL_V1_DIM);
    expect(topExpression(r.vector)).toBe(expected);
    const probs = r.vector.subarray(0, EXPRESSIONS.length).reduce((a, b) => a + b, 0);
    expect(probs).toBeCloseTo(1, 3);
  });

  it('fills the documented fields consistently for a found face', async () => {
    const f = await face('faceapi_neutral.jpg');
    const r = await ex.extract(f);
    expect(r.faces).toBe(1);
    expect(r.faceBox).not.toBeNull();
    const b = r.faceBox!;
    expect(b.x).toBeGreaterThanOrEqual(0);
    expect(b.x + b.width).toBeLessThanOrEqual(f.width);
    expect(r.faceRelSize).toBeCloseTo((b.width * b.height) / (f.width * f.height), 6);
    expect(r.vector[dim('face_size')]).toBeCloseTo(r.faceRelSize, 6);
    expect(r.vector[dim('det_confidence')]).toBeCloseTo(r.confidence, 6);
    expect(r.confidence).toBeGreaterThanOrEqual(0.5); // the detector threshold
    expect(r.brightness).toBeGreaterThan(0);
    expect(r.brightness).toBeLessThan(1);
    expect(r.sharpness).toBeGreaterThan(0);
    // Open eyes: eye aspect ratio well above the ~0.15 of closed eyes.
    expect(r.vector[dim('eye_open')]).toBeGreaterThan(0.2);
    expect(r.vector.every(Number.isFinite)).toBe(true);
  });

  it('counts every face in a group photo and describes the largest one', async () => {
    const f = await face('pyfeat_multi_face.jpg');
    const r = await ex.extract(f);
    expect(r.faces).toBeGreaterThanOrEqual(2);
    // Re-run the detector that answered, with the engine's settings (tiny 224 / ssd, threshold 0.5,
    // detector input scaled to 640 px), and check the described face is the largest detection.
    const s = 640 / Math.max(f.width, f.height);
    const all = tf.tidy(() => tf.image.resizeBilinear(tf.tensor3d(f.rgb, [f.height, f.width, 3], 'int32'), [Math.round(f.height * s), Math.round(f.width * s)]));
    const options =
      r.detectedBy === 'tiny' ? new faceapi.TinyFaceDetectorOptions({ inputSize: 224, scoreThreshold: 0.5 }) : new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5 });
    const dets = (await faceapi.detectAllFaces(all as unknown as faceapi.tf.Tensor3D, options)).map((d) => d.forSize(f.width, f.height).box);
    all.dispose();
    expect(dets.length).toBe(r.faces);
    const largest = dets.reduce((a, b) => (b.area > a.area ? b : a));
    expect(Math.max(...dets.map((d) => d.area))).toBeGreaterThan(Math.min(...dets.map((d) => d.area)));
    const cx = r.faceBox!.x + r.faceBox!.width / 2;
    const cy = r.faceBox!.y + r.faceBox!.height / 2;
    expect(cx).toBeGreaterThan(largest.x);
    expect(cx).toBeLessThan(largest.x + largest.width);
    expect(cy).toBeGreaterThan(largest.y);
    expect(cy).toBeLessThan(largest.y + largest.height);
    // No other detection contains the described face's centre (the faces do not overlap).
    const containing = dets.filter((d) => cx > d.x && cx < d.x + d.width && cy > d.y && cy < d.y + d.height);
    expect(containing).toHaveLength(1);
  });

  it('gives faceFound=false and a zero vector for a frame without a face', async () => {
    const width = 320;
    const height = 240;
    const r = await ex.extract({ rgb: new Uint8Array(width * height * 3).fill(128), width, height });
    expect(r.faceFound).toBe(false);
    expect(r.faces).toBe(0);
    expect(r.faceBox).toBeNull();
    expect(r.confidence).toBe(0);
    expect(r.faceRelSize).toBe(0);
    expect(Number.isNaN(r.brightness)).toBe(true);
    expect(r.vector).toEqual(new Float32Array(VISUAL_V1_DIM));
  });

  it('gives a small yaw for a frontal face (within the +-10 degree accuracy the README states)', async () => {
    const r = await ex.extract(await face('faceapi_sad.jpg'));
    expect(Math.abs(r.vector[dim('head_yaw')]!)).toBeLessThan(10);
    expect(Math.abs(r.vector[dim('head_roll')]!)).toBeLessThan(10);
  });

  it('flips the sign of yaw (and roll) for a mirrored face', async () => {
    const f = await face('pyfeat_single_face.jpg');
    const a = await ex.extract(f);
    const b = await ex.extract(mirror(f));
    const yaw = dim('head_yaw');
    expect(Math.abs(a.vector[yaw]!)).toBeGreaterThan(5); // this face is turned, so the sign means something
    expect(Math.sign(b.vector[yaw]!)).toBe(-Math.sign(a.vector[yaw]!));
    expect(Math.abs(a.vector[yaw]! + b.vector[yaw]!)).toBeLessThan(5);
    const roll = dim('head_roll');
    expect(Math.abs(a.vector[roll]! + b.vector[roll]!)).toBeLessThan(5);
    // Mirroring does not change the expression or the mouth.
    expect(topExpression(b.vector)).toBe(topExpression(a.vector));
    expect(b.vector[dim('mouth_width')]).toBeCloseTo(a.vector[dim('mouth_width')]!, 1);
  });

  it('leaves no tensors behind per frame', async () => {
    const f = await face('faceapi_happy.jpg');
    await ex.extract(f);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await ex.extract(f);
    await ex.extract({ rgb: new Uint8Array(64 * 64 * 3), width: 64, height: 64 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a frame whose byte count does not match its size', async () => {
    await expect(ex.extract({ rgb: new Uint8Array(10), width: 4, height: 4 })).rejects.toMatchObject({ kind: 'InvalidArgument' });
  });
});

describe('createVisualV1 options and sharing', () => {
  it('rejects an unknown detector and a missing model folder', async () => {
    await expect(createVisualV1({ detector: 'yolo' as never })).rejects.toMatchObject({ kind: 'InvalidArgument' });
    await expect(createVisualV1({ detector: 'ssd', modelDir: '/nonexistent/face-models' })).rejects.toMatchObject({ kind: 'ModelMissing' });
    await expect(createVisualV1({ tinyInputSize: 100 })).rejects.toMatchObject({ kind: 'InvalidArgument' });
  });

  it('the default cascade falls back to ssd where tiny finds no face (small faces in a group photo)', async () => {
    const f = await face('pyfeat_multi_face.jpg');
    const tiny = await createVisualV1({ detector: 'tiny' });
    const cascade = await createVisualV1();
    try {
      const a = await tiny.extract(f);
      const b = await cascade.extract(f);
      expect(a.faceFound).toBe(false); // faces of ~64 px at 640 px become ~22 px in tiny's 224 input
      expect(b.detectedBy).toBe('ssd');
      expect(b.faces).toBeGreaterThanOrEqual(2);
      const c = await cascade.extract(await face('faceapi_happy.jpg'));
      expect(c.detectedBy).toBe('tiny');
    } finally {
      tiny.dispose();
      cascade.dispose();
    }
  });

  it('keeps shared weights loaded until the last extractor is disposed (ssd detector)', async () => {
    const f = await face('faceapi_surprised.jpg');
    const a = await createVisualV1({ detector: 'ssd' });
    const b = await createVisualV1({ detector: 'ssd' });
    const ra = await a.extract(f);
    a.dispose();
    const rb = await b.extract(f);
    expect(rb.faceFound).toBe(true);
    expect(rb.vector).toEqual(ra.vector);
    expect(topExpression(rb.vector)).toBe('surprised');
    b.dispose();
    await expect(b.extract(f)).rejects.toMatchObject({ kind: 'Internal' });
  });
});
