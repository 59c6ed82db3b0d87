import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkUnchanged, hashFile } from '../../../../main/core/media/hash.ts';
import { dataPath } from '../../../helpers/data.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'corrkd-hash-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('hashFile', () => {
  it('streams the sha256 of a real clip (multi-chunk) and returns what it hashed', async () => {
    const src = dataPath('videos/sample/pyfeat_WolfgangLanger_Pexels.mp4'); // 1.6 MB: two 1 MiB chunks
    const h = await hashFile(src);
    expect(h.sha256).toBe(createHash('sha256').update(readFileSync(src)).digest('hex'));
    expect(h.size).toBe(readFileSync(src).length);
  });

  it('reports an empty file as EmptyFile and a missing one as FileUnreadable, naming them', async () => {
    const empty = path.join(dir, 'empty.mp4');
    writeFileSync(empty, '');
    await expect(hashFile(empty)).rejects.toMatchObject({ kind: 'EmptyFile', message: `${empty} is empty (0 bytes).` });
    const missing = path.join(dir, 'missing.mp4');
    await expect(hashFile(missing)).rejects.toMatchObject({ kind: 'FileUnreadable', message: expect.stringContaining(missing) });
  });

  it('stops with Canceled when its signal is aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(hashFile(dataPath('videos/talking_heads/liveportrait_d20.mp4'), ac.signal)).rejects.toMatchObject({ kind: 'Canceled' });
  });
});

describe('checkUnchanged', () => {
  it('passes for an untouched file and names what changed otherwise', async () => {
    const f = path.join(dir, 'clip.mp4');
    copyFileSync(dataPath('videos/talking_heads/video-retalking_face_5.mp4'), f);
    const h = await hashFile(f);
    await expect(checkUnchanged(f, h, 'being analysed')).resolves.toBeUndefined();

    appendFileSync(f, Buffer.alloc(1000));
    await expect(checkUnchanged(f, h, 'being analysed')).rejects.toMatchObject({
      kind: 'FileChanged',
      message: expect.stringMatching(/grew from \d+ to \d+ bytes while being analysed/),
    });

    const other = path.join(dir, 'other.mp4');
    copyFileSync(dataPath('videos/talking_heads/video-retalking_face_5.mp4'), other);
    const h2 = await hashFile(f);
    renameSync(other, f);
    await expect(checkUnchanged(f, h2, 'being analysed')).rejects.toMatchObject({ kind: 'FileChanged', message: expect.stringMatching(/replaced/) });

    const h3 = await hashFile(f);
    unlinkSync(f);
    await expect(checkUnchanged(f, h3, 'being analysed')).rejects.toMatchObject({ kind: 'FileUnreadable', message: expect.stringMatching(/was deleted/) });
  });
});
