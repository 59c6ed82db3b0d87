import { AppError } from '../errors.ts';

/**
 * Turns a Node fs error (errno code) on `file` into an AppError 'FileUnreadable' whose message says
 * what happened in words an analyst understands, e.g. "permission denied" rather than "EACCES".
 */
const REASONS: Record<string, string> = {
  ENOENT: 'does not exist (deleted or moved?)',
  EACCES: 'cannot be read: permission denied',
  EPERM: 'cannot be read: operation not permitted',
  ELOOP: 'is a symbolic link loop (the links point at each other)',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'has a path component that is not a folder',
  EIO: 'cannot be read: I/O error from the disk',
  ENAMETOOLONG: 'has a name too long for the file system',
  EMFILE: 'cannot be opened: too many open files',
};

export function fsErrorToAppError(e: unknown, file: string, doing = 'reading'): AppError {
  if (e instanceof AppError) return e;
  const code = (e as { code?: unknown }).code;
  const reason =
    typeof code === 'string' && REASONS[code] !== undefined
      ? REASONS[code]
      : `failed while ${doing}: ${e instanceof Error ? e.message : String(e)}`;
  return new AppError('FileUnreadable', `${file} ${reason}`, { file, cause: e });
}
