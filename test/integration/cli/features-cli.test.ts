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
