import path from 'node:path';
import { existsSync } from 'node:fs';
import { PROJECT_ROOT } from '../../main/core/paths.ts';

/** The shared real-data folder (../shared/data beside the checkout); never copied into the repo. */
export const SHARED_DATA = process.env.CORRKD_SHARED_DATA ?? path.resolve(PROJECT_ROOT, '..', 'shared', 'data');
export const SHARED_VECTORS = path.resolve(SHARED_DATA, '..', 'vectors');

export function dataPath(...parts: string[]): string {
  const p = path.join(SHARED_DATA, ...parts);
  if (!existsSync(p)) throw new Error(`Test data missing: ${p} (set CORRKD_SHARED_DATA to ../shared/data)`);
  return p;
}

export const TALKING_HEADS = [
  'videos/talking_heads/liveportrait_d20.mp4',
  'videos/talking_heads/video-retalking_face_1.mp4',
  'videos/talking_heads/video-retalking_face_2.mp4',
  'videos/talking_heads/video-retalking_face_3.mp4',
  'videos/talking_heads/video-retalking_face_4.mp4',
  'videos/talking_heads/video-retalking_face_5.mp4',
];
