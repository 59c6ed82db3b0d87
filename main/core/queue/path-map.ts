import path from 'node:path';
import { AppError } from '../errors.ts';

/**
 * `corrkd worker --path-map FROM=TO` (repeatable): the coordinator names files as it sees them;
 * a worker that mounts the same storage elsewhere maps the leading folder FROM to TO. The longest
 * matching FROM wins; a path under no FROM is used as it is. Messages a worker sends back name the
 * coordinator's path again (`toCoordinator`), so a queued batch's rows read like a local batch's.
 */
export interface PathMapping {
  from: string;
  to: string;
}

export function parsePathMapping(arg: string): PathMapping {
  const at = arg.indexOf('=');
  const from = at < 0 ? '' : arg.slice(0, at);
  const to = at < 0 ? '' : arg.slice(at + 1);
  if (!path.isAbsolute(from) || !path.isAbsolute(to)) {
    throw new AppError('InvalidArgument', `--path-map ${arg}: expected FROM=TO with two absolute folders, e.g. /mnt/archive=/Volumes/archive.`);
  }
  return { from: trimSep(path.normalize(from)), to: trimSep(path.normalize(to)) };
}

function trimSep(p: string): string {
  return p.length > 1 && p.endsWith(path.sep) ? p.slice(0, -1) : p;
}

function under(p: string, folder: string): boolean {
  return folder === path.sep ? p.startsWith(path.sep) : p === folder || p.startsWith(folder + path.sep);
}

function swap(p: string, a: string, b: string): string {
  if (a === path.sep) return path.join(b, p);
  return b + p.slice(a.length);
}

export class PathMap {
  private readonly byFrom: PathMapping[];

  constructor(mappings: PathMapping[] = []) {
    this.byFrom = [...mappings].sort((x, y) => y.from.length - x.from.length);
  }

  /** The coordinator's path as this worker sees it. */
  toLocal(p: string): string {
    const m = this.byFrom.find((x) => under(p, x.from));
    return m ? swap(p, m.from, m.to) : p;
  }

  /** A message about `local` with the coordinator's name `original` in its place. */
  toCoordinator(message: string, local: string, original: string): string {
    return local === original ? message : message.split(local).join(original);
  }

  get size(): number {
    return this.byFrom.length;
  }
}
