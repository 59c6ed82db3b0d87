import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { AppError } from '../errors.ts';
import { migrate } from './migrations.ts';

/**
 * Opens (creating if needed) a results store and brings its schema up to date.
 *
 * Durability: journal_mode=WAL with synchronous=NORMAL. In WAL mode a commit appends checksummed
 * frames to the -wal file; NORMAL skips the fsync at each commit and syncs only at checkpoints. A
 * killed process loses nothing (the frames are in the OS page cache); a power cut or OS crash can
 * lose the last few committed transactions, but never corrupts the database, because recovery
 * replays only WAL frames whose checksums are intact and the WAL is synced before it is copied into
 * the database. For a batch that is acceptable: a lost transaction is a file that is redone on
 * --resume. busy_timeout lets a second reader (the UI, `corrkd export`) wait for a writer's lock
 * instead of failing at once.
 */
export const BUSY_TIMEOUT_MS = 5000;

export interface OpenStoreOptions {
  /** Fail instead of creating a new database file (for readers such as export). */
  mustExist?: boolean;
}

export function openStore(file: string, opts: OpenStoreOptions = {}): Database.Database {
  if (opts.mustExist && !existsSync(file)) {
    throw new AppError('FileUnreadable', `Results store ${file} does not exist.`, { file });
  }
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  } catch (e) {
    throw new AppError('FileUnreadable', `Cannot open results store ${file}: ${e instanceof Error ? e.message : String(e)}`, {
      file,
      cause: e,
    });
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new AppError('Internal', `Results store ${file}: could not switch to WAL (journal_mode is ${String(mode)}).`);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, undefined, file);
    return db;
  } catch (e) {
    db.close();
    if (e instanceof AppError) throw e;
    // SQLITE_NOTADB and friends: the file exists but is not a SQLite database.
    throw new AppError('FileUnreadable', `Results store ${file} is not a usable SQLite database: ${e instanceof Error ? e.message : String(e)}`, {
      file,
      cause: e,
    });
  }
}

/** `PRAGMA integrity_check`: 'ok' or the list of problems SQLite found. */
export function integrityCheck(db: Database.Database): string[] {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  return rows.map((r) => r.integrity_check);
}
