/**
 * Face tracking over consecutive sampled frames of one video (issue 11): the detector runs on the
 * first frame of a run and whenever the track is in doubt; on the other frames the landmark net runs
 * on a box placed from the previous frame's landmarks, as if the detector had found the face there,
 * and the expression net on the landmark-aligned crop as usual. Saves the detector (TinyFaceDetector
 * at 224: ~35 % of a frame's engine time on the talking heads), nothing else. The rules' measurements:
 * README "Tracking, sampling rate and face workers".
 *
 * Re-detect (FaceLocate says which rule fired):
 * - `detect-first`: the run's first frame, and every frame after one without a tracked face;
 * - `detect-interval`: `redetectEvery` frames after the last detection (TRACKING.redetectEvery);
 * - `detect-cut`: the frame's 16 x 16 luma thumbnail differs from the previous frame's by more than
 *   TRACKING.cutMad (mean absolute difference, luma 0..1): a hard cut;
 * - `detect-lost`: tracking ran but its landmark box moved by more than TRACKING.maxShift of its size
 *   or changed size by more than TRACKING.maxScale since the previous frame, or no face came back.
 * - `detect`: no tracking at all (a single picture, or `detectEveryFrame`).
 * Face-crop mode ('on', or the 'fallback' that answered) is never tracked: every frame is taken whole.
 */
import type { CropPolicy } from './face-crop.ts';
import type { FaceBox, FaceEngine, FaceEngineResult, FaceSource, RgbFrame } from './face-engine.ts';
import { facePatch } from './face-quality.ts';

export const TRACKING = {
  /** Re-detect at least every this many frames: 2 s at the default 5 fps. */
  redetectEvery: 10,
  /** Largest landmark-box centre move between two sampled frames, as a fraction of the box's mean side. */
  maxShift: 0.25,
  /** Largest landmark-box size change between two sampled frames (ratio of sqrt areas, either way). */
  maxScale: 1.25,
  /** Mean absolute difference of 16 x 16 luma thumbnails (0..1) above which two frames are a cut. */
  cutMad: 0.08,
} as const;

/** Bump when a rule or threshold above changes what the tracker outputs (part of the feature-cache key). */
export const TRACKER_VERSION = 1;

/** The feature-cache key part for these options (cached-branches.ts). */
export function trackerKey(opts: TrackOptions = {}): string {
  return opts.detectEveryFrame ? 'detect-every-frame' : `track@${TRACKER_VERSION}/${opts.redetectEvery ?? TRACKING.redetectEvery}`;
}

export const FACE_LOCATES = ['detect', 'detect-first', 'detect-interval', 'detect-cut', 'detect-lost', 'tracked'] as const;
/** How a frame's face was looked for: a detector (and why it ran), or tracked from the previous frame. */
export type FaceLocate = (typeof FACE_LOCATES)[number];

export interface TrackOptions {
  /** Detect on every frame, never track (the reference the tracker is measured against). Default false. */
  detectEveryFrame?: boolean;
  /** Default TRACKING.redetectEvery. */
  redetectEvery?: number;
}

export interface LocatedFace extends FaceEngineResult {
  located: FaceLocate;
}

/** How a frame's face is found without tracking (face-observer.ts: detectors, face-crop mode). */
export type Locate = (frame: RgbFrame, crop: CropPolicy) => Promise<FaceEngineResult>;

export interface FaceTrack {
  /** The run's next frame (frames must be consecutive samples of one video). */
  next(frame: RgbFrame, crop: CropPolicy): Promise<LocatedFace>;
}

interface TrackState {
  /** Landmark box of the previous frame. */
  lmBox: FaceBox;
  /** The last detection's box relative to its landmark box (centre offset in box sides, size ratio). */
  rel: { dx: number; dy: number; sw: number; sh: number };
  score: number;
  detectedBy: FaceSource;
  sinceDetect: number;
}

const THUMB = 16;

/** 16 x 16 luma thumbnail of the whole frame (area average, 0..1). */
export function thumbnail(frame: RgbFrame): Float32Array {
  return facePatch(frame.rgb, frame.width, frame.height, { x: 0, y: 0, width: frame.width, height: frame.height }, THUMB);
}

/** Mean absolute difference of two thumbnails; Infinity when either is missing. */
export function thumbnailMad(a: Float32Array | null, b: Float32Array | null): number {
  if (!a || !b || a.length !== b.length) return Number.POSITIVE_INFINITY;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return s / a.length;
}

const centre = (b: FaceBox) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

/** True when `now` is not a plausible next position of `before` (TRACKING.maxShift, maxScale). */
export function boxJumped(before: FaceBox, now: FaceBox): boolean {
  const side = (before.width + before.height) / 2;
  const c0 = centre(before);
  const c1 = centre(now);
  const shift = Math.hypot(c1.x - c0.x, c1.y - c0.y) / side;
  const scale = Math.sqrt((now.width * now.height) / Math.max(1e-9, before.width * before.height));
  return !(shift <= TRACKING.maxShift && scale <= TRACKING.maxScale && scale >= 1 / TRACKING.maxScale);
}

/** The box the detector would give for a face whose landmarks span `lm`, from the last detection's relation. */
function cropBox(lm: FaceBox, rel: TrackState['rel']): FaceBox {
  const c = centre(lm);
  const width = lm.width * rel.sw;
  const height = lm.height * rel.sh;
  return { x: c.x + rel.dx * lm.width - width / 2, y: c.y + rel.dy * lm.height - height / 2, width, height };
}

function stateAfterDetection(r: FaceEngineResult): TrackState | null {
  const f = r.largest;
  if (!f || (r.detectedBy !== 'tiny' && r.detectedBy !== 'ssd') || !(f.landmarkBox.width > 0 && f.landmarkBox.height > 0)) return null;
  const lc = centre(f.landmarkBox);
  const bc = centre(f.box);
  return {
    lmBox: f.landmarkBox,
    rel: { dx: (bc.x - lc.x) / f.landmarkBox.width, dy: (bc.y - lc.y) / f.landmarkBox.height, sw: f.box.width / f.landmarkBox.width, sh: f.box.height / f.landmarkBox.height },
    score: f.score,
    detectedBy: r.detectedBy,
    sinceDetect: 0,
  };
}

export function createFaceTrack(engine: FaceEngine, locate: Locate, opts: TrackOptions = {}): FaceTrack {
  const every = opts.redetectEvery ?? TRACKING.redetectEvery;
  let state: TrackState | null = null;
  let prevThumb: Float32Array | null = null;

  const detect = async (frame: RgbFrame, crop: CropPolicy, located: FaceLocate): Promise<LocatedFace> => {
    const r = await locate(frame, crop);
    state = stateAfterDetection(r);
    return { ...r, located };
  };

  return {
    async next(frame, crop) {
      if (opts.detectEveryFrame) return { ...(await locate(frame, crop)), located: 'detect' };
      const thumb = thumbnail(frame);
      const before = prevThumb;
      prevThumb = thumb;
      if (crop === 'on') return detect(frame, crop, 'detect');
      if (!state) return detect(frame, crop, 'detect-first');
      if (state.sinceDetect + 1 >= every) return detect(frame, crop, 'detect-interval');
      if (thumbnailMad(before, thumb) > TRACKING.cutMad) return detect(frame, crop, 'detect-cut');
      const s: TrackState = state;
      const r = await engine.describeBox(frame, cropBox(s.lmBox, s.rel), s.score, s.detectedBy);
      if (!r.largest || boxJumped(s.lmBox, r.largest.landmarkBox)) return detect(frame, crop, 'detect-lost');
      state = { ...s, lmBox: r.largest.landmarkBox, sinceDetect: s.sinceDetect + 1 };
      return { ...r, located: 'tracked' };
    },
  };
}
