import { constants } from 'node:fs';
import { access, lstat, readlink, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { AppError } from '../errors.ts';
import { fsErrorToAppError } from './fs-error.ts';

/**
 * Checks that `file` is a readable, non-empty regular file before any tool sees it, so the user gets
 * "does not exist" / "is a directory" / "is a broken symbolic link" instead of ffprobe's generic text.
 * Throws FileUnreadable (errno reasons in words: fs-error.ts) or EmptyFile; returns the size in bytes.
 */
export async function checkReadableFile(file: string): Promise<{ sizeBytes: number }> {
  const fail = (why: string, cause?: unknown): never => {
    throw new AppError('FileUnreadable', `${file} ${why}`, { file, ...(cause === undefined ? {} : { cause }) });
  };

  let isLink: boolean;
  try {
    isLink = (await lstat(file)).isSymbolicLink();
  } catch (e) {
    throw fsErrorToAppError(e, file, 'checking the file');
  }

  let st: Stats | undefined;
  try {
    st = await stat(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (isLink && (code === 'ENOENT' || code === 'ENOTDIR')) {
      const target = await readlink(file).catch(() => '?');
      fail(`is a broken symbolic link (its target ${target} does not exist).`, e);
    }
    throw fsErrorToAppError(e, file, 'checking the file');
  }
  if (!st) return fail('cannot be accessed.');
  if (st.isDirectory()) fail('is a directory, not a media file.');
  if (!st.isFile()) fail('is not a regular file (a device, pipe or socket).');

  try {
    await access(file, constants.R_OK);
  } catch (e) {
    fail('cannot be read: permission denied.', e);
  }
  if (st.size === 0) {
    throw new AppError('EmptyFile', `${file} is empty (0 bytes).`, { file });
  }
  return { sizeBytes: st.size };
}
