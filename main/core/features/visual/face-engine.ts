/**
 * Face detection + 68 landmarks + 7 expression probabilities with @vladmandic/face-api on the tfjs
 * wasm backend, for one rgb24 frame at a time. Only the largest face gets landmarks and expressions
 * (visual-v1 describes one person); the others are only counted.
 *
 * Pipeline per frame: (1) the detector runs on the frame, optionally downscaled so its longer side is
 * at most `maxSide` (default cascade: TinyFaceDetector, then SsdMobilenetv1 only if tiny found
 * nothing); (2) the largest box is mapped back to full resolution and cropped; (3) the
 * landmark net runs on that crop; (4) the expression net runs on the landmark-aligned crop (the same
 * steps as face-api's detectAllFaces().withFaceLandmarks().withFaceExpressions(), minus the faces we
 * do not describe). `describeBox` runs (2)-(4) on a box given by the caller instead of a detection:
 * the tracker's step (face-tracker.ts).
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import * as faceapi from '@vladmandic/face-api/dist/face-api.node-wasm.js';
import { AppError } from '../../errors.ts';
import { EXPRESSIONS } from './expressions.ts';
import { initTfWasm, type TfBackendInfo } from './tf-wasm-backend.ts';

const require = createRequire(import.meta.url);

/**
 * 'tiny+ssd' (default): TinyFaceDetector first; SsdMobilenetv1 only on frames where tiny finds no
 * face. 'ssd' / 'tiny': one detector only. README "Detector choice" has the measurements.
 */
export const FACE_DETECTORS = ['tiny+ssd', 'ssd', 'tiny'] as const;
export type FaceDetectorId = (typeof FACE_DETECTORS)[number];

export { EXPRESSIONS, type Expression } from './expressions.ts';

export interface RgbFrame {
  /** width * height * 3 bytes, row-major RGB. */
  rgb: Uint8Array;
  width: number;
  height: number;
}

/** Pixels of the frame that was passed in (not of the downscaled detector input). */
export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DetectedFace {
  /** The detector's box (tiny's boxes are ~1.4x wider than ssd's for the same face). */
  box: FaceBox;
  /** Bounding box of the 68 landmarks (jaw line, brows, chin): the same face gives the same box whichever detector found it. */
  landmarkBox: FaceBox;
  /** Detector confidence in [0, 1]. */
  score: number;
  /** 68 iBUG landmarks as x0, y0, x1, y1, ... in frame pixels. */
  landmarks: Float32Array;
  /** Probabilities in EXPRESSIONS order (softmax, sum 1). */
  expressions: Float32Array;
}

export interface FaceEngineResult {
  /** Faces the detector that answered found above its confidence threshold (1 for a whole-image crop). */
  faces: number;
  largest: DetectedFace | null;
  /** Which network produced the detections ('crop': the whole image was taken as the face; null: no face). */
  detectedBy: FaceSource | null;
}

/** Where the described face's box came from: a detector, or the whole image taken as a face crop. */
export type FaceSource = 'tiny' | 'ssd' | 'crop';

export interface FaceEngineOptions {
  /** Default 'tiny+ssd'. */
  detector?: FaceDetectorId;
  /** Downscale the detector input so its longer side is at most this (px); 0 = never. Default 640. */
  maxSide?: number;
  /** Detector score threshold; default 0.5, face-api's own default for both detectors. */
  minConfidence?: number;
  /**
   * TinyFaceDetector network input (multiple of 32). Default 224: on the shared clips it found more
   * close-up faces than face-api's default 416 and is 2.5x faster; small faces are left to SSD.
   */
  tinyInputSize?: number;
  modelDir?: string;
  wasmDir?: string;
}

export interface FaceEngine {
  readonly detector: FaceDetectorId;
  readonly backend: TfBackendInfo;
  detect(frame: RgbFrame): Promise<FaceEngineResult>;
  /**
   * Face-crop mode: no detector; the whole frame is the face box. Landmarks run on the whole frame
   * and expressions on the whole frame too (a face crop is already framed and registered by whoever
   * cut it; re-aligning on landmarks would cut a tight crop further). `score` is 1, `faces` 1.
   */
  describeWhole(frame: RgbFrame): Promise<FaceEngineResult>;
  /**
   * Tracking step (face-tracker.ts): no detector; `box` (frame pixels, clipped to the frame) stands in
   * for the detector's box: the landmark net runs on it and the expression net on the
   * landmark-aligned crop, as after a detection. `score` and `detectedBy` are passed through (the
   * tracker keeps the last detection's); `faces` is 1. No face when the box has no area in the frame.
   */
  describeBox(frame: RgbFrame, box: FaceBox, score: number, detectedBy: FaceSource): Promise<FaceEngineResult>;
  /** Releases this engine's hold on the shared weights (freed when the last engine lets go). */
  dispose(): void;
}

/** face-api's weights, shipped in the npm package. */
export function defaultModelDir(): string {
  return path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
}

type NetName = 'ssdMobilenetv1' | 'tinyFaceDetector' | 'faceLandmark68Net' | 'faceExpressionNet';
const MANIFEST: Record<NetName, string> = {
  ssdMobilenetv1: 'ssd_mobilenetv1_model-weights_manifest.json',
  tinyFaceDetector: 'tiny_face_detector_model-weights_manifest.json',
  faceLandmark68Net: 'face_landmark_68_model-weights_manifest.json',
  faceExpressionNet: 'face_expression_model-weights_manifest.json',
};

/** face-api keeps its nets in module-global singletons; count users so dispose() is safe to share. */
const holders = new Map<NetName, { users: number; loading: Promise<void> }>();

function acquire(name: NetName, modelDir: string): Promise<void> {
  const held = holders.get(name);
  if (held) {
    held.users++;
    return held.loading;
  }
  const file = path.join(modelDir, MANIFEST[name]);
  const loading = existsSync(file)
    ? faceapi.nets[name].loadFromDisk(modelDir).catch((e: unknown) => {
        holders.delete(name);
        throw new AppError('ModelMissing', `Could not load face-api weights ${file}: ${String(e)}`, { file, cause: e });
      })
    : Promise.reject(new AppError('ModelMissing', `face-api weights not found: ${file}`, { file }));
  holders.set(name, { users: 1, loading });
  loading.catch(() => holders.delete(name));
  return loading;
}

function release(name: NetName): void {
  const held = holders.get(name);
  if (!held) return;
  held.users--;
  if (held.users > 0) return;
  holders.delete(name);
  if (faceapi.nets[name].isLoaded) faceapi.nets[name].dispose();
}

function validateFrame(frame: RgbFrame): void {
  const { width, height, rgb } = frame;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new AppError('InvalidArgument', `Frame size must be positive integers, got ${width}x${height}.`);
  }
  if (rgb.length !== width * height * 3) {
    throw new AppError('InvalidArgument', `rgb24 frame ${width}x${height} needs ${width * height * 3} bytes, got ${rgb.length}.`);
  }
}

export async function loadFaceEngine(opts: FaceEngineOptions = {}): Promise<FaceEngine> {
  const detector = opts.detector ?? 'tiny+ssd';
  if (!FACE_DETECTORS.includes(detector)) {
    throw new AppError('InvalidArgument', `Unknown face detector '${String(detector)}'; valid: ${FACE_DETECTORS.join(', ')}.`);
  }
  const maxSide = opts.maxSide ?? 640;
  const minConfidence = opts.minConfidence ?? 0.5;
  const tinyInputSize = opts.tinyInputSize ?? 224;
  if (tinyInputSize % 32 !== 0 || tinyInputSize < 32) {
    throw new AppError('InvalidArgument', `tinyInputSize must be a positive multiple of 32, got ${tinyInputSize}.`);
  }
  const backend = await initTfWasm(opts.wasmDir === undefined ? {} : { wasmDir: opts.wasmDir });
  const modelDir = opts.modelDir ?? defaultModelDir();
  const stages: Array<'tiny' | 'ssd'> = detector === 'tiny+ssd' ? ['tiny', 'ssd'] : [detector];
  const netNames: NetName[] = [
    ...stages.map((d): NetName => (d === 'ssd' ? 'ssdMobilenetv1' : 'tinyFaceDetector')),
    'faceLandmark68Net',
    'faceExpressionNet',
  ];
  const acquired: NetName[] = [];
  try {
    for (const n of netNames) {
      await acquire(n, modelDir);
      acquired.push(n);
    }
  } catch (e) {
    acquired.forEach(release);
    throw e;
  }
  const cascade: DetectorStage[] = stages.map((d) => ({
    id: d,
    options:
      d === 'ssd'
        ? new faceapi.SsdMobilenetv1Options({ minConfidence })
        : new faceapi.TinyFaceDetectorOptions({ inputSize: tinyInputSize, scoreThreshold: minConfidence }),
  }));

  let disposed = false;
  return {
    detector,
    backend,
    async detect(frame) {
      if (disposed) throw new AppError('Internal', 'detect() called on a disposed face engine.');
      validateFrame(frame);
      return detectLargest(frame, cascade, maxSide);
    },
    async describeWhole(frame) {
      if (disposed) throw new AppError('Internal', 'describeWhole() called on a disposed face engine.');
      validateFrame(frame);
      return describeWholeFrame(frame);
    },
    async describeBox(frame, box, score, detectedBy) {
      if (disposed) throw new AppError('Internal', 'describeBox() called on a disposed face engine.');
      validateFrame(frame);
      return describeInBox(frame, box, score, detectedBy);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      netNames.forEach(release);
    },
  };
}

/** 68 landmarks as x0, y0, ... and the box around them. */
function landmarkArrays(lm: faceapi.FaceLandmarks68): { landmarks: Float32Array; landmarkBox: FaceBox } {
  const landmarks = new Float32Array(136);
  lm.positions.forEach((p, i) => {
    landmarks[2 * i] = p.x;
    landmarks[2 * i + 1] = p.y;
  });
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < 68; i++) {
    x0 = Math.min(x0, landmarks[2 * i]!);
    x1 = Math.max(x1, landmarks[2 * i]!);
    y0 = Math.min(y0, landmarks[2 * i + 1]!);
    y1 = Math.max(y1, landmarks[2 * i + 1]!);
  }
  return { landmarks, landmarkBox: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } };
}

async function describeWholeFrame(frame: RgbFrame): Promise<FaceEngineResult> {
  const { width, height } = frame;
  const image = tf.tensor3d(frame.rgb, [height, width, 3], 'int32');
  try {
    const input = image as unknown as faceapi.tf.Tensor3D;
    const lm = (await faceapi.nets.faceLandmark68Net.detectLandmarks(input)) as faceapi.FaceLandmarks68;
    const ex = (await faceapi.nets.faceExpressionNet.predictExpressions(input)) as faceapi.FaceExpressions;
    const { landmarks, landmarkBox } = landmarkArrays(lm);
    return {
      faces: 1,
      detectedBy: 'crop',
      largest: {
        box: { x: 0, y: 0, width, height },
        landmarkBox,
        score: 1,
        landmarks,
        expressions: Float32Array.from(EXPRESSIONS, (k) => ex[k]),
      },
    };
  } finally {
    image.dispose();
  }
}

interface DetectorStage {
  id: 'tiny' | 'ssd';
  options: faceapi.FaceDetectionOptions;
}

async function detectLargest(frame: RgbFrame, cascade: DetectorStage[], maxSide: number): Promise<FaceEngineResult> {
  const { width, height } = frame;
  const image = tf.tensor3d(frame.rgb, [height, width, 3], 'int32');
  const tensors: tf.Tensor[] = [image];
  try {
    const scale = maxSide > 0 && Math.max(width, height) > maxSide ? maxSide / Math.max(width, height) : 1;
    let detInput: tf.Tensor3D = image;
    if (scale < 1) {
      detInput = tf.image.resizeBilinear(image, [Math.max(1, Math.round(height * scale)), Math.max(1, Math.round(width * scale))]);
      tensors.push(detInput);
    }
    // face-api declares its own copy of the tfjs types; the runtime class is the same one.
    let found: faceapi.FaceDetection[] = [];
    let detectedBy: FaceSource | null = null;
    for (const stage of cascade) {
      found = await faceapi.detectAllFaces(detInput as unknown as faceapi.tf.Tensor3D, stage.options);
      if (found.length > 0) {
        detectedBy = stage.id;
        break;
      }
    }
    if (found.length === 0) return { faces: 0, largest: null, detectedBy: null };
    const dets = found.map((d) => d.forSize(width, height));
    const best = dets.reduce((a, b) => (b.box.area > a.box.area ? b : a));
    return { faces: found.length, detectedBy, largest: await describeDetection(image, best, tensors) };
  } finally {
    tf.dispose(tensors);
  }
}

async function describeInBox(frame: RgbFrame, box: FaceBox, score: number, detectedBy: FaceSource): Promise<FaceEngineResult> {
  const { width, height } = frame;
  // whole pixels inside the frame, so the crop and the landmark shift agree (extractFaceTensors floors and clips)
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(width, Math.floor(box.x + box.width));
  const y1 = Math.min(height, Math.floor(box.y + box.height));
  if (x1 - x0 < 2 || y1 - y0 < 2) return { faces: 0, largest: null, detectedBy: null };
  const image = tf.tensor3d(frame.rgb, [height, width, 3], 'int32');
  const tensors: tf.Tensor[] = [image];
  try {
    const rel = new faceapi.Rect(x0 / width, y0 / height, (x1 - x0) / width, (y1 - y0) / height);
    const det = new faceapi.FaceDetection(score, rel, { width, height });
    const largest = await describeDetection(image, det, tensors);
    return largest ? { faces: 1, detectedBy, largest } : { faces: 0, largest: null, detectedBy: null };
  } finally {
    tf.dispose(tensors);
  }
}

/** Landmarks on the detection's crop, expressions on the landmark-aligned crop; crops are added to `tensors` for the caller to free. */
async function describeDetection(image: tf.Tensor3D, best: faceapi.FaceDetection, tensors: tf.Tensor[]): Promise<DetectedFace | null> {
  const imageArg = image as unknown as faceapi.tf.Tensor3D;
  const [crop] = await faceapi.extractFaceTensors(imageArg, [best]);
  if (!crop) return null;
  tensors.push(crop as unknown as tf.Tensor);
  const lm = (await faceapi.nets.faceLandmark68Net.detectLandmarks(crop)) as faceapi.FaceLandmarks68;
  const withLm = faceapi.extendWithFaceLandmarks(faceapi.extendWithFaceDetection({}, best), lm);

  const [aligned] = await faceapi.extractFaceTensors(imageArg, [withLm.alignedRect]);
  if (!aligned) return null;
  tensors.push(aligned as unknown as tf.Tensor);
  const ex = (await faceapi.nets.faceExpressionNet.predictExpressions(aligned)) as faceapi.FaceExpressions;

  const { landmarks, landmarkBox } = landmarkArrays(withLm.landmarks as faceapi.FaceLandmarks68);
  const b = best.box;
  return {
    box: { x: b.x, y: b.y, width: b.width, height: b.height },
    landmarkBox,
    score: best.score,
    landmarks,
    expressions: Float32Array.from(EXPRESSIONS, (k) => ex[k]),
  };
}
