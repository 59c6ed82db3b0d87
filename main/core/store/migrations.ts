import type Database from 'better-sqlite3';
import { AppError } from '../errors.ts';
import { FILE_STATUSES, JOB_STATUSES, RESULT_STATUSES } from './schemas.ts';

/**
 * Schema versions of the results store. `PRAGMA user_version` holds the version a database is at;
 * MIGRATIONS[i] takes it from version i to i + 1. Each step runs in its own transaction together with
 * the user_version bump, so a crash or an error mid-migration leaves the database at the previous
 * version, never half-migrated. Append new steps; never edit a released one.
 */
export type Migration = { name: string; up: (db: Database.Database) => void };

const inList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

export const MIGRATIONS: readonly Migration[] = [
  {
    name: 'v1: jobs, results, job_files',
    up: (db) => {
      db.exec(`
        CREATE TABLE jobs (
          id            INTEGER PRIMARY KEY,
          source        TEXT NOT NULL,              -- folder, absolute, symlinks resolved
          inputs_json   TEXT NOT NULL,              -- JobInputs
          options_json  TEXT NOT NULL,              -- JobOptions snapshot
          model_id      TEXT NOT NULL,
          model_version TEXT NOT NULL,
          options_hash  TEXT NOT NULL,
          status        TEXT NOT NULL CHECK (status IN (${inList(JOB_STATUSES)})),
          stage         TEXT,
          progress      REAL NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
          error_kind    TEXT,
          error_message TEXT,
          created_at    TEXT NOT NULL,
          started_at    TEXT,
          finished_at   TEXT,
          updated_at    TEXT NOT NULL
        );
        CREATE TABLE results (
          id            INTEGER PRIMARY KEY,
          sha256        TEXT NOT NULL,
          model_id      TEXT NOT NULL,
          model_version TEXT NOT NULL,
          options_hash  TEXT NOT NULL,
          status        TEXT NOT NULL CHECK (status IN (${inList(RESULT_STATUSES)})),
          result_json   TEXT,
          error_kind    TEXT,
          error_message TEXT,
          timings_json  TEXT NOT NULL DEFAULT '{}',
          created_at    TEXT NOT NULL,
          updated_at    TEXT NOT NULL,
          UNIQUE (sha256, model_id, model_version, options_hash),
          CHECK ((status = 'succeeded' AND result_json IS NOT NULL AND error_kind IS NULL)
              OR (status = 'failed' AND result_json IS NULL AND error_kind IS NOT NULL AND error_message IS NOT NULL))
        );
        CREATE TABLE job_files (
          id            INTEGER PRIMARY KEY,
          job_id        INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
          path          TEXT NOT NULL,
          sha256        TEXT,
          size          INTEGER,
          mtime_ms      REAL,
          status        TEXT NOT NULL CHECK (status IN (${inList(FILE_STATUSES)})),
          result_id     INTEGER REFERENCES results(id),
          error_kind    TEXT,
          error_message TEXT,
          attempts      INTEGER NOT NULL DEFAULT 0,
          created_at    TEXT NOT NULL,
          updated_at    TEXT NOT NULL,
          UNIQUE (job_id, path)
        );
      `);
    },
  },
  {
    name: 'v2: result_paths (every path a result was seen at) + lookup indexes',
    up: (db) => {
      db.exec(`
        CREATE TABLE result_paths (
          result_id     INTEGER NOT NULL REFERENCES results(id) ON DELETE CASCADE,
          path          TEXT NOT NULL,
          first_seen_at TEXT NOT NULL,
          PRIMARY KEY (result_id, path)
        ) WITHOUT ROWID;
        INSERT OR IGNORE INTO result_paths (result_id, path, first_seen_at)
          SELECT result_id, path, updated_at FROM job_files WHERE result_id IS NOT NULL;
        CREATE INDEX job_files_by_status ON job_files (job_id, status);
        CREATE INDEX jobs_by_source ON jobs (source, model_id, model_version, options_hash);
      `);
    },
  },
  {
    name: 'v3: jobs.live_json (the last progress a running batch wrote, for readers of the store)',
    up: (db) => {
      db.exec(`ALTER TABLE jobs ADD COLUMN live_json TEXT;`);
    },
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings `db` up to `migrations.length`. The version is read again inside each write transaction
 * (BEGIN IMMEDIATE), so two processes opening the same new file at once cannot both run a step.
 * A database newer than this build is refused (writing to it could break the newer schema's rules).
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS, file = db.name): number {
  const tooNew = (v: number) =>
    new AppError(
      'InvalidArgument',
      `Results store ${file} has schema version ${v}, newer than this program knows (${migrations.length}); use a newer corrkd or another --db file.`,
      { file },
    );
  if (schemaVersion(db) > migrations.length) throw tooNew(schemaVersion(db));
  for (;;) {
    let ran: { version: number; name: string } | null = null;
    const step = db.transaction(() => {
      const v = schemaVersion(db);
      if (v > migrations.length) throw tooNew(v);
      if (v === migrations.length) return;
      const m = migrations[v]!;
      ran = { version: v + 1, name: m.name };
      m.up(db);
      db.pragma(`user_version = ${v + 1}`);
    });
    try {
      step.immediate();
    } catch (e) {
      if (e instanceof AppError) throw e;
      const at = ran as { version: number; name: string } | null;
      throw new AppError(
        'Internal',
        `Results store ${file}: migration${at ? ` to version ${at.version} (${at.name})` : ''} failed and was rolled back: ${e instanceof Error ? e.message : String(e)}`,
        { file, cause: e },
      );
    }
    if (ran === null) return schemaVersion(db);
  }
}
