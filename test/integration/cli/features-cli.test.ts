import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ffmpegPath } from '../../../main/core/media/ffmpeg-paths.ts';
import { dataPath } from '../../helpers/data.ts';
import { corrkd } from '../training-cli/run-cli.ts';

/** `corrkd features`: one JSON document on stdout; bad inputs exit 2 naming the file. */
describe('corrkd features (real CLI)', () => {
  let dir: string;
  const clip = dataPath('videos/talking_heads/video-retalking_face_2.mp4');
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'corrkd-features-'));
    await writeFile(path.join(dir, 'zero.mp4'), '');
    await writeFile(path.join(dir, 'random.mp4'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
    const bytes = readFileSync(clip);
    await writeFile(path.join(dir, 'truncated.mp4'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    await mkdir(path.join(dir, 'folder.mp4'));
    execFileSync(ffmpegPath(), ['-v', 'error', '-i', clip, '-an', '-c', 'copy', '-y', path.join(dir, 'video-only.mp4')]);
    // a real picture without a face: one frame of ffmpeg's mandelbrot source, photo-sized (not a tight crop)
    execFileSync(ffmpegPath(), ['-v', 'error', '-f', 'lavfi', '-i', 'mandelbrot=size=320x240', '-frames:v', '1', '-y', path.join(dir, 'mandelbrot.png')]);
  });

  describe('still images', () => {
    const fer = dataPath('fer2013/train/happy/Training_10019449.jpg');
    const black = dataPath('fer2013/train/angry/Training_10131352.jpg'); // all-black, 48x48
    const features = async (file: string, ...extra: string[]) => {
      const r = await corrkd(['features', file, '--json', '--no-cache', ...extra]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout);
    };

    it('a FER crop: the whole crop is the face (auto mode), one still utterance; no audio stream, no transcript', async () => {
      const f = await features(fer);
      expect(f.modalities.visual).toMatchObject({ present: true, usable: true, coverage: 1, reason: null });
      expect(f.modalities.audio).toMatchObject({ present: false, usable: false, reason: 'no audio stream in the file' });
      expect(f.modalities.text).toMatchObject({ usable: false });
      expect(f.modalities.text.reason).toMatch(/no transcript source/);
      expect(f.durationSec).toBe(3);
      expect(f.utterances).toEqual([{ start: 0, end: 3, text: '', words: 0, steps: { text: 0, audio: 0, visual: 10 } }]);
      expect(f.warnings.join(' ')).toMatch(/Still image: .* 3\.0 s of unchanging video .*Face-crop mode: the whole picture was read as the face/);
    });

    it('with --face-crop off the same crop has no face (the detectors do not fire on tight crops)', async () => {
      const f = await features(fer, '--face-crop', 'off');
      expect(f.modalities.visual).toMatchObject({ present: true, usable: false, reason: 'no face found in the picture' });
    });

    it('a picture without a face is unusable with its reason; an all-black crop is too dark', async () => {
      expect((await features(path.join(dir, 'mandelbrot.png'))).modalities.visual).toMatchObject({ usable: false, reason: 'no face found in the picture' });
      const b = await features(black);
      expect(b.modalities.visual.usable).toBe(false);
      expect(b.modalities.visual.reason).toMatch(/^face too dark \(mean brightness 0\.00/);
    });

    it('rejects an unknown --face-crop value (exit 2, names the allowed ones)', async () => {
      const r = await corrkd(['features', fer, '--face-crop', 'maybe']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--face-crop maybe is not allowed; use one of auto, on, off/);
    });
  });

  it('prints what the model sees as one JSON document', async () => {
    const r = await corrkd(['features', path.resolve('assets/sample/pexels-face.mp4'), '--json', '--fps', '1']);
    expect(r.code, r.stderr).toBe(0);
    const f = JSON.parse(r.stdout);
    expect(Object.keys(f)).toEqual(expect.arrayContaining(['file', 'durationSec', 'modalities', 'transcript', 'utterances']));
    expect(f.modalities.audio).toMatchObject({ present: true, usable: false });
    expect(f.modalities.audio.reason).toMatch(/digital silence/);
    expect(f.transcript.source).toBe('sidecar-srt');
  });

  it.each([
    ['zero.mp4', 'EmptyFile'],
    ['random.mp4', 'NotMedia'],
    ['truncated.mp4', 'MediaTruncated'],
    ['folder.mp4', 'FileUnreadable'],
    ['missing.mp4', 'FileUnreadable'],
  ])('exits 2 for %s with %s and the file name', async (name, kind) => {
    const r = await corrkd(['features', path.join(dir, name), '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(kind);
    expect(r.stderr).toContain(name);
  });

  it('treats a video without audio as a missing modality, not an error', async () => {
    const r = await corrkd(['features', path.join(dir, 'video-only.mp4'), '--json', '--fps', '1']);
    expect(r.code, r.stderr).toBe(0);
    const f = JSON.parse(r.stdout);
    expect(f.modalities.audio).toMatchObject({ present: false, usable: false, reason: 'no audio stream in the file' });
  });
});
