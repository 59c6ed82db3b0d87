import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../../main/core/errors.ts';
import { MIGRATIONS, SCHEMA_VERSION, migrate, schemaVersion, type Migration } from '../../../../main/core/store/migrations.ts';
import { integrityCheck, openStore } from '../../../../main/core/store/open-store.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'corrkd-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const tables = (db: Database.Database) =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all() as string[]).filter((n) => !n.startsWith('sqlite_'));

describe('openStore', () => {
  it('creates a WAL store at the current schema version with NORMAL sync, busy timeout and foreign keys', () => {
    const file = path.join(dir, 'r.db');
    const db = openStore(file);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(1000);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(tables(db)).toEqual(['job_files', 'jobs', 'result_paths', 'results']);
    expect(integrityCheck(db)).toEqual(['ok']);
    db.close();
    // Reopening is a no-op migration.
    const again = openStore(file);
    expect(schemaVersion(again)).toBe(SCHEMA_VERSION);
    again.close();
  });

  it('refuses a file that is not a SQLite database, naming it', () => {
    const file = path.join(dir, 'notes.db');
    writeFileSync(file, 'this is a text file, not a database\n'.repeat(100));
    expect(() => openStore(file)).toThrow(AppError);
    try {
      openStore(file);
    } catch (e) {
      expect((e as AppError).kind).toBe('FileUnreadable');
      expect((e as AppError).message).toContain(file);
    }
  });

  it('with mustExist, does not create a missing store', () => {
    const file = path.join(dir, 'missing.db');
    expect(() => openStore(file, { mustExist: true })).toThrow(/does not exist/);
  });
});

describe('migrate', () => {
  it('migrates a version-1 store with data to the current version, backfilling result_paths', () => {
    const file = path.join(dir, 'old.db');
    const old = new Database(file);
    migrate(old, MIGRATIONS.slice(0, 1));
    expect(schemaVersion(old)).toBe(1);
    expect(tables(old)).toEqual(['job_files', 'jobs', 'results']);
    const now = '2024-01-01T00:00:00.000Z';
    old.prepare(
      `INSERT INTO jobs (id, source, inputs_json, options_json, model_id, model_version, options_hash, status, created_at, updated_at)
       VALUES (1, '/in', '{"folder":"/in","realpath":"/in"}', '{"model":{"id":"m","version":"1"},"optionsHash":"o","concurrency":1,"perFileTimeoutMs":"auto"}', 'm', '1', 'o', 'succeeded', ?, ?)`,
    ).run(now, now);
    old.prepare(
      `INSERT INTO results (id, sha256, model_id, model_version, options_hash, status, result_json, created_at, updated_at)
       VALUES (7, 'abc', 'm', '1', 'o', 'succeeded', '{"score":0.5}', ?, ?)`,
    ).run(now, now);
    old.prepare(
      `INSERT INTO job_files (job_id, path, sha256, status, result_id, created_at, updated_at) VALUES (1, '/in/a.mp4', 'abc', 'succeeded', 7, ?, ?)`,
    ).run(now, now);
    old.close();

    const db = openStore(file);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.prepare('SELECT result_id, path FROM result_paths').all()).toEqual([{ result_id: 7, path: '/in/a.mp4' }]);
    expect(db.prepare('SELECT COUNT(*) FROM job_files').pluck().get()).toBe(1);
    expect(integrityCheck(db)).toEqual(['ok']);
    db.close();
  });

  it('rolls a failing step back entirely and reports which step failed', () => {
    const db = new Database(path.join(dir, 'bad.db'));
    const broken: Migration[] = [
      ...MIGRATIONS.slice(0, 1),
      {
        name: 'v2: half-done on purpose',
        up: (d) => {
          d.exec('CREATE TABLE half_done (x INTEGER)');
          d.exec('INSERT INTO no_such_table VALUES (1)');
        },
      },
    ];
    expect(() => migrate(db, broken)).toThrow(/migration to version 2 \(v2: half-done on purpose\) failed and was rolled back/);
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).not.toContain('half_done');
    db.close();
  });

  it('refuses a store written by a newer program', () => {
    const file = path.join(dir, 'future.db');
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openStore(file)).toThrow(/newer than this program knows/);
  });
});
