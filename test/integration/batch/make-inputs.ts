import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorKind } from '../../../main/core/errors.ts';
import { ffmpegPath } from '../../../main/core/media/ffmpeg-paths.ts';
import { dataPath, TALKING_HEADS } from '../../helpers/data.ts';

/**
 * Builds, at test time, a batch folder of real clips from ../shared/data and broken inputs made from
 * them, and says what each input must end as: 'ok' (a result) or the error kind of its row.
 * Files that are not inputs (a text file, a .jpg photo, a folder symlink loop) are listed in `ignored`.
 */
export interface InputSpec {
  rel: string;
  expect: 'ok' | ErrorKind;
}

export interface InputsFolder {
  root: string;
  inputs: InputSpec[];
  ignored: string[];
}

const ffmpeg = (args: string[]) => execFileSync(ffmpegPath(), ['-v', 'error', '-nostdin', '-y', ...args], { stdio: 'pipe' });

export function makeBadInputsFolder(root: string): InputsFolder {
  mkdirSync(path.join(root, 'sub', 'deeper'), { recursive: true });
  mkdirSync(path.join(root, 'x.mp4'));
  const inputs: InputSpec[] = [];
  const put = (rel: string, expect: InputSpec['expect']) => inputs.push({ rel, expect });
  const abs = (rel: string) => path.join(root, rel);

  /** A copy of a shared clip at `rel` that must give a result. */
  const putClip = (shared: string, rel: string) => {
    copyFileSync(dataPath(shared), abs(rel));
    put(rel, 'ok');
  };

  // Real clips, with awkward names.
  putClip('videos/talking_heads/liveportrait_d20.mp4', 'clip one.mp4');
  putClip('videos/talking_heads/video-retalking_face_2.mp4', 'ünïcødé 映像.mp4');
  putClip('videos/talking_heads/video-retalking_face_3.mp4', 'new\nline.mp4');
  // Same bytes as ünïcødé 映像.mp4 under another name: one result, two rows.
  putClip('videos/talking_heads/video-retalking_face_2.mp4', 'sub/same content.MP4');
  // Media without a media extension: found by its bytes.
  putClip('mosi/raw/03bSnISJMiM_1.wav', 'sub/deeper/recording');
  // A folder named x.mp4 (a row saying so) whose content is walked.
  put('x.mp4', 'FileUnreadable');
  putClip('videos/face_no_speech/pyfeat_single_face.mp4', 'x.mp4/inside.mov');

  // Streams stripped (stream copy: fast).
  const face5 = dataPath('videos/talking_heads/video-retalking_face_5.mp4');
  ffmpeg(['-i', face5, '-vn', '-c:a', 'copy', abs('audio only.m4a')]);
  put('audio only.m4a', 'ok');
  ffmpeg(['-i', face5, '-an', '-c:v', 'copy', abs('sub/video only.mp4')]);
  put('sub/video only.mp4', 'ok');

  // Broken inputs.
  writeFileSync(abs('empty.mp4'), '');
  put('empty.mp4', 'EmptyFile');
  writeFileSync(abs('random.mp4'), randomBytes(8192));
  put('random.mp4', 'NotMedia');
  // A face photo under a video's name: content decides, and still images are clips (a face, no audio).
  copyFileSync(dataPath('images/faces/faceapi_happy.jpg'), abs('photo.mp4'));
  put('photo.mp4', 'ok');
  // Cut before its moov index (at the end of this file): the container cannot be opened.
  const face1 = readFileSync(dataPath('videos/talking_heads/video-retalking_face_1.mp4'));
  writeFileSync(abs('truncated.mp4'), face1.subarray(0, Math.floor(face1.length * 0.4)));
  put('truncated.mp4', 'MediaTruncated');
  // Index first (faststart), data cut: opens, but decoding stops early.
  const fast = abs('faststart.tmp.mp4');
  ffmpeg(['-i', dataPath('videos/talking_heads/video-retalking_face_4.mp4'), '-c', 'copy', '-movflags', '+faststart', '-f', 'mp4', fast]);
  const fastBytes = readFileSync(fast);
  writeFileSync(abs('sub/cut after index.mp4'), fastBytes.subarray(0, Math.floor(fastBytes.length * 0.5)));
  rmSync(fast, { force: true });
  put('sub/cut after index.mp4', 'MediaTruncated');
  symlinkSync(abs('does-not-exist.mp4'), abs('broken link.mp4'));
  put('broken link.mp4', 'FileUnreadable');
  symlinkSync('loop.mp4', abs('loop.mp4'));
  put('loop.mp4', 'FileUnreadable');
  execFileSync('mkfifo', [abs('pipe.mp4')]);
  put('pipe.mp4', 'FileUnreadable');

  // Not inputs: a document, a photo with its own extension, a folder link back to the root.
  writeFileSync(abs('notes.txt'), 'not media\n');
  copyFileSync(dataPath('images/faces/faceapi_sad.jpg'), abs('sub/cover.jpg'));
  symlinkSync('..', abs('sub/back to root'));
  return { root, inputs, ignored: ['notes.txt', 'sub/cover.jpg', 'sub/back to root'] };
}

/** Distinct real clips (no two with the same bytes), for batches that must do real work per file. */
export const REAL_CLIPS = [...TALKING_HEADS, 'videos/face_no_speech/pyfeat_single_face.mp4', 'mosi/raw/Oz06ZWiO20M_6.mp4'];

export function makeRealClipsFolder(root: string, count = REAL_CLIPS.length): string[] {
  mkdirSync(root, { recursive: true });
  return REAL_CLIPS.slice(0, count).map((rel, i) => {
    const dest = path.join(root, `${String(i).padStart(2, '0')} ${path.basename(rel)}`);
    copyFileSync(dataPath(rel), dest);
    return dest;
  });
}
