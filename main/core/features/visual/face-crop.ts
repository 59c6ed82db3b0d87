/**
 * `--face-crop auto|on|off`: whether a picture is taken as a face crop (the whole image is the face
 * box: no detector) when the detectors cannot find a face in it. FER2013's 48x48 crops, for example,
 * are cut so tightly around the face (chin on the bottom edge, no forehead, no background) that
 * neither detector fires on them.
 *
 * - off: detectors only.
 * - on: every picture or frame is a face crop (a folder of crops; a video of a cropped face).
 * - auto (default): videos 'off'; a still image is searched by the detectors first, and only when they
 *   find nothing AND the image looks like a tight crop (isTightCrop) is the whole image the face.
 *
 * Nothing can confirm that a tight crop shows a face when the detectors do not (the landmark and
 * expression nets always answer), so in 'on' and in the auto fallback a small square picture of
 * something else is read as a face; only the quality gates (too small, too dark) still apply. A
 * large picture without a detectable face stays "no face" in auto mode.
 */
import { AppError } from '../../errors.ts';

/**
 * How one picture's or frame's face is found (a mode resolved per input by cropPolicyFor):
 * - 'off': detectors only (video frames, photos);
 * - 'on': no detector, the whole frame is the face (a tight face crop such as FER's 48x48);
 * - 'fallback': detectors first, the whole frame when they find nothing (auto mode for a still
 *   that looks like a tight crop).
 */
export const CROP_POLICIES = ['off', 'on', 'fallback'] as const;
export type CropPolicy = (typeof CROP_POLICIES)[number];

export const FACE_CROP_MODES = ['auto', 'on', 'off'] as const;
export type FaceCropMode = (typeof FACE_CROP_MODES)[number];

/**
 * What "small and near-square" means for a face crop:
 * - maxSidePx 256: face-crop corpora ship crops of 48 px (FER2013), 100 px (RAF-DB aligned), 224 px
 *   (AffectNet's resized faces), 256 px (JAFFE); face-api's own landmark/expression nets read 112 px.
 *   A camera photo or video frame is 640 px or more on its longer side.
 * - maxAspect 1.25: crops are cut square (FER2013, RAF-DB, AffectNet) or at a face box's height/width
 *   of about 1.2; pictures of scenes are 4:3 (1.33) or wider.
 */
export const TIGHT_CROP = { maxSidePx: 256, maxAspect: 1.25 } as const;

export function isTightCrop(width: number, height: number): boolean {
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  return short > 0 && long <= TIGHT_CROP.maxSidePx && long / short <= TIGHT_CROP.maxAspect;
}

/** The per-picture policy for a mode; `width`/`height` are the picture's size in the file. */
export function cropPolicyFor(mode: FaceCropMode, pic: { still: boolean; width: number; height: number }): CropPolicy {
  if (mode === 'on') return 'on';
  if (mode === 'off' || !pic.still) return 'off';
  return isTightCrop(pic.width, pic.height) ? 'fallback' : 'off';
}

/** A `--face-crop` value, or InvalidArgument naming the allowed ones. */
export function parseFaceCropMode(raw: string): FaceCropMode {
  const v = raw.trim().toLowerCase();
  if ((FACE_CROP_MODES as readonly string[]).includes(v)) return v as FaceCropMode;
  throw new AppError('InvalidArgument', `--face-crop ${raw} is not allowed; use one of ${FACE_CROP_MODES.join(', ')}.`);
}

export const FACE_CROP_HELP =
  'auto (default): a still image is searched for a face, and when none is found and it is a tight crop (at most 256 px, near-square) the whole image is the face; videos: detectors only. on: every picture/frame is a face crop. off: detectors only';
