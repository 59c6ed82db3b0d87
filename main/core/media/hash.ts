import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { AppError, throwIfAborted } from '../errors.ts';
import type { StageContext } from '../context.ts';
import { fsErrorToAppError } from './fs-error.ts';

/**
 * The one place files are hashed. The content hash keys the feature cache and the batch store
 * (DESIGN 3, 8); a batch hashes each file once and hands the hash down (analyze-locally.ts).
 *
 * Streaming sha256 of a file (constant memory: one 1 MiB buffer), plus the identity of what was
 * hashed (size, mtime, device, inode). After hashing, the path is stat'ed again: a file that grew,
 * shrank, was touched or replaced while we read it is reported as 'FileChanged' (it is probably
 * still being written or copied); one that vanished is 'FileUnreadable'. The same identity is checked
 * again after analysis (checkUnchanged), so a result is stored only for the content that was hashed.
 */
export interface FileIdentity {
  size: number;
  mtimeMs: number;
  dev: number;
  ino: number;
}

export interface HashedFile extends FileIdentity {
  sha256: string;
}

const CHUNK = 1 << 20;

const identityOf = (st: Stats): FileIdentity => ({ size: st.size, mtimeMs: st.mtimeMs, dev: st.dev, ino: st.ino });

export async function hashFile(file: string, signal?: AbortSignal, opts: { allowEmpty?: boolean } = {}): Promise<HashedFile> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    throw fsErrorToAppError(e, file, 'opening the file');
  }
  let before: FileIdentity;
  let sha256: string;
  let bytesRead = 0;
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new AppError('FileUnreadable', `${file} is not a regular file.`, { file });
    if (st.size === 0 && !opts.allowEmpty) throw new AppError('EmptyFile', `${file} is empty (0 bytes).`, { file });
    before = identityOf(st);
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      throwIfAborted(signal, `hashing of ${file}`);
      let n: number;
      try {
        n = (await fh.read(buf, 0, CHUNK, bytesRead)).bytesRead;
      } catch (e) {
        throw fsErrorToAppError(e, file, 'reading the file');
      }
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
      bytesRead += n;
    }
    sha256 = hash.digest('hex');
  } finally {
    await fh.close();
  }
  if (bytesRead !== before.size) {
    throw new AppError('FileChanged', `${file} changed size while it was being read (${before.size} bytes at open, ${bytesRead} read); it is probably still being written.`, { file });
  }
  await checkUnchanged(file, before, 'being hashed');
  return { ...before, sha256 };
}

/** Throws FileChanged / FileUnreadable unless `file` still has the identity `expected`. */
export async function checkUnchanged(file: string, expected: FileIdentity, during: string): Promise<void> {
  let now: FileIdentity;
  try {
    now = identityOf(await stat(file));
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOENT') throw new AppError('FileUnreadable', `${file} was deleted while ${during}.`, { file, cause: e });
    throw fsErrorToAppError(e, file, 'checking the file again');
  }
  if (now.dev !== expected.dev || now.ino !== expected.ino) {
    throw new AppError('FileChanged', `${file} was replaced by another file while ${during}.`, { file });
  }
  if (now.size !== expected.size) {
    throw new AppError('FileChanged', `${file} ${now.size > expected.size ? 'grew' : 'shrank'} from ${expected.size} to ${now.size} bytes while ${during}; it is probably still being written.`, { file });
  }
  if (now.mtimeMs !== expected.mtimeMs) {
    throw new AppError('FileChanged', `${file} was modified while ${during} (its modification time changed).`, { file });
  }
}

/** The sha256 alone (an empty file has one too: the hash of nothing). */
export async function sha256File(file: string, ctx?: Pick<StageContext, 'signal'>): Promise<string> {
  return (await hashFile(file, ctx?.signal, { allowEmpty: true })).sha256;
}
