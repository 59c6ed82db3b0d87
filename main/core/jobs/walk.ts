import { lstat, open, readdir, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Stats } from 'node:fs';
import { AppError, throwIfAborted } from '../errors.ts';
import type { StageContext } from '../context.ts';
import { fsErrorToAppError } from '../media/fs-error.ts';
import { hasMediaExtension, sniffContainer, SNIFF_BYTES } from './media-sniff.ts';

/**
 * The recursive walk of a batch folder. It never throws for one bad entry: an entry that cannot be
 * read becomes an `error` entry (a row in the store), so one broken link cannot stop an archive.
 *
 * - Symbolic links are followed, but each directory (by device + inode) is entered once: a link
 *   back to an ancestor (a loop) or to a folder already walked is skipped and logged.
 * - Broken links and link loops become error entries (they are inputs that cannot be read).
 * - Only regular files are opened. A named pipe or device file named like media becomes an error
 *   entry without being opened (opening a FIFO would block forever).
 * - A folder named like a media file (x.mp4/) is walked like any folder AND gets an error entry, so
 *   the analyst sees why "x.mp4" has no result.
 * - Other files are candidates when their extension or their first bytes say media (media-sniff.ts);
 *   the rest are counted as ignored.
 */
export type WalkEntry =
  | { kind: 'file'; path: string; size: number; mtimeMs: number; container: string | null }
  | { kind: 'error'; path: string; error: AppError };

export interface WalkResult {
  root: string;
  entries: WalkEntry[];
  /** Files that are neither named nor shaped like media (documents, images, ...). */
  ignored: number;
}

export async function resolveFolder(folder: string): Promise<string> {
  const abs = path.resolve(folder);
  let st: Stats;
  try {
    st = await stat(abs);
  } catch (e) {
    throw fsErrorToAppError(e, abs, 'opening the batch folder');
  }
  if (!st.isDirectory()) throw new AppError('InvalidArgument', `${abs} is not a folder; batch takes a folder of clips.`, { file: abs });
  return realpath(abs);
}

async function readHead(file: string): Promise<Uint8Array> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function nonRegularKind(st: Stats): string {
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device file';
  return 'not a regular file';
}

export async function walkFolder(folder: string, ctx: Pick<StageContext, 'signal' | 'log'>): Promise<WalkResult> {
  const root = await resolveFolder(folder);
  const entries: WalkEntry[] = [];
  let ignored = 0;
  const visited = new Set<string>();
  const pending: string[] = [root];
  const rootSt = await stat(root);
  visited.add(`${rootSt.dev}:${rootSt.ino}`);

  while (pending.length > 0) {
    throwIfAborted(ctx.signal, 'folder scan');
    const dir = pending.pop()!;
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch (e) {
      entries.push({ kind: 'error', path: dir, error: fsErrorToAppError(e, dir, 'listing the folder') });
      continue;
    }
    const subdirs: string[] = [];
    for (const name of names) {
      const full = path.join(dir, name);
      let st: Stats;
      try {
        const lst = await lstat(full);
        st = lst.isSymbolicLink() ? await stat(full) : lst;
      } catch (e) {
        entries.push({ kind: 'error', path: full, error: await linkError(e, full) });
        continue;
      }
      if (st.isDirectory()) {
        const id = `${st.dev}:${st.ino}`;
        if (hasMediaExtension(name)) {
          entries.push({
            kind: 'error',
            path: full,
            error: new AppError('FileUnreadable', `${full} is a folder named like a media file; its contents were scanned as a folder.`, { file: full }),
          });
        }
        if (visited.has(id)) {
          ctx.log('warn', `batch: ${full} leads to a folder already scanned (a symbolic link loop or a second link); skipped.`);
          continue;
        }
        visited.add(id);
        subdirs.push(full);
        continue;
      }
      if (!st.isFile()) {
        if (hasMediaExtension(name)) {
          entries.push({ kind: 'error', path: full, error: new AppError('FileUnreadable', `${full} is ${nonRegularKind(st)}, not a media file.`, { file: full }) });
        } else ignored++;
        continue;
      }
      let container: string | null;
      try {
        container = st.size > 0 ? sniffContainer(await readHead(full)) : null;
      } catch (e) {
        // Unreadable: we cannot tell whether it is media, so it is reported rather than ignored.
        entries.push({ kind: 'error', path: full, error: fsErrorToAppError(e, full, 'reading the file head') });
        continue;
      }
      if (container !== null || hasMediaExtension(name)) {
        entries.push({ kind: 'file', path: full, size: st.size, mtimeMs: st.mtimeMs, container });
      } else ignored++;
    }
    // Depth-first in name order: push in reverse so the first name is walked first.
    for (let i = subdirs.length - 1; i >= 0; i--) pending.push(subdirs[i]!);
  }
  return { root, entries, ignored };
}

async function linkError(e: unknown, full: string): Promise<AppError> {
  const code = (e as { code?: unknown }).code;
  if (code === 'ENOENT' || code === 'ELOOP') {
    let target: string;
    try {
      target = await readlink(full);
    } catch {
      // not a link after all (deleted meanwhile): fall through to the generic message
      return fsErrorToAppError(e, full, 'reading the folder entry');
    }
    const what = code === 'ENOENT' ? `is a broken symbolic link (its target ${target} does not exist)` : `is a symbolic link loop (via ${target})`;
    return new AppError('FileUnreadable', `${full} ${what}.`, { file: full, cause: e });
  }
  return fsErrorToAppError(e, full, 'reading the folder entry');
}
