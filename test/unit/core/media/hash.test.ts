import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256File } from '../../../../main/core/media/hash.ts';
import { dataPath } from '../../../helpers/data.ts';
import { tempDir } from './make-media.ts';

let dir = '';
let cleanup: () => Promise<void> = async () => {};
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('hash'));
  await writeFile(path.join(dir, 'empty.bin'), '');
});
afterAll(() => cleanup());

describe('sha256File', () => {
  it('matches a one-shot hash of the bytes of a multi-megabyte file', async () => {
    const f = dataPath('videos/face_no_speech/liveportrait_d9.mp4');
    const expected = createHash('sha256').update(await readFile(f)).digest('hex');
    expect(await sha256File(f)).toBe(expected);
  });

  it('hashes an empty file (SHA-256 of nothing)', async () => {
    expect(await sha256File(path.join(dir, 'empty.bin'))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('a missing file -> FileUnreadable naming it', async () => {
    await expect(sha256File(path.join(dir, 'gone.mp4'))).rejects.toMatchObject({ kind: 'FileUnreadable', message: expect.stringContaining('gone.mp4') });
  });

  it('an aborted signal -> Canceled', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(sha256File(dataPath('videos/face_no_speech/liveportrait_d9.mp4'), { signal: ac.signal })).rejects.toMatchObject({ kind: 'Canceled' });
  });
});
