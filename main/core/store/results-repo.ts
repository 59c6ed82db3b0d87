import type Database from 'better-sqlite3';
import { z } from 'zod';
import {
  errorKindSchema,
  parseJsonColumn,
  resultJsonSchema,
  resultStatusSchema,
  timingsSchema,
  type ModelKey,
  type ResultJson,
  type StoredError,
  type Timings,
} from './schemas.ts';
import { AppError } from '../errors.ts';

/**
 * The `results` table: one row per (content sha256, model pack id, model version, options hash).
 * Rows are written with an upsert on that unique key, so a retried or concurrent write of the same
 * content can never create a second row.
 */
export interface ResultKey {
  sha256: string;
  model: ModelKey;
  optionsHash: string;
}

interface StoredResultBase {
  id: number;
  key: ResultKey;
  timings: Timings;
  createdAt: string;
  updatedAt: string;
}
export type StoredResult =
  | (StoredResultBase & { status: 'succeeded'; result: ResultJson })
  | (StoredResultBase & { status: 'failed'; error: StoredError });

const rowSchema = z.object({
  id: z.number().int(),
  sha256: z.string(),
  model_id: z.string(),
  model_version: z.string(),
  options_hash: z.string(),
  status: resultStatusSchema,
  result_json: z.string().nullable(),
  error_kind: errorKindSchema.nullable(),
  error_message: z.string().nullable(),
  timings_json: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});

export function parseResultRow(raw: unknown): StoredResult {
  const r = rowSchema.parse(raw);
  const where = `results row ${r.id}`;
  const base: StoredResultBase = {
    id: r.id,
    key: { sha256: r.sha256, model: { id: r.model_id, version: r.model_version }, optionsHash: r.options_hash },
    timings: parseJsonColumn(timingsSchema, r.timings_json, `${where} timings_json`),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  if (r.status === 'succeeded') {
    if (r.result_json === null) throw new AppError('Internal', `Results store ${where}: succeeded without result_json.`);
    return { ...base, status: 'succeeded', result: parseJsonColumn(resultJsonSchema, r.result_json, `${where} result_json`) };
  }
  if (r.error_kind === null || r.error_message === null) throw new AppError('Internal', `Results store ${where}: failed without an error.`);
  return { ...base, status: 'failed', error: { kind: r.error_kind, message: r.error_message } };
}

export class ResultsRepo {
  private readonly findStmt;
  private readonly byIdStmt;
  private readonly upsertStmt;
  private readonly addPathStmt;
  private readonly pathsStmt;

  constructor(private readonly db: Database.Database) {
    this.findStmt = db.prepare(
      'SELECT * FROM results WHERE sha256 = ? AND model_id = ? AND model_version = ? AND options_hash = ?',
    );
    this.byIdStmt = db.prepare('SELECT * FROM results WHERE id = ?');
    this.upsertStmt = db.prepare(`
      INSERT INTO results (sha256, model_id, model_version, options_hash, status, result_json, error_kind,
                           error_message, timings_json, created_at, updated_at)
      VALUES (@sha256, @modelId, @modelVersion, @optionsHash, @status, @resultJson, @errorKind,
              @errorMessage, @timingsJson, @now, @now)
      ON CONFLICT (sha256, model_id, model_version, options_hash) DO UPDATE SET
        status = excluded.status, result_json = excluded.result_json, error_kind = excluded.error_kind,
        error_message = excluded.error_message, timings_json = excluded.timings_json, updated_at = excluded.updated_at
      RETURNING id`);
    this.addPathStmt = db.prepare('INSERT OR IGNORE INTO result_paths (result_id, path, first_seen_at) VALUES (?, ?, ?)');
    this.pathsStmt = db.prepare('SELECT path FROM result_paths WHERE result_id = ? ORDER BY path').pluck();
  }

  find(key: ResultKey): StoredResult | undefined {
    const row = this.findStmt.get(key.sha256, key.model.id, key.model.version, key.optionsHash);
    return row === undefined ? undefined : parseResultRow(row);
  }

  get(id: number): StoredResult | undefined {
    const row = this.byIdStmt.get(id);
    return row === undefined ? undefined : parseResultRow(row);
  }

  /** Stores a result object (validated as a JSON object first); returns the row id. */
  putSucceeded(key: ResultKey, result: unknown, timings: Timings): number {
    const parsed = resultJsonSchema.safeParse(result);
    if (!parsed.success) {
      throw new AppError('Internal', `The analysis of ${key.sha256} returned ${describe(result)}, not a result object.`);
    }
    return this.upsert(key, 'succeeded', JSON.stringify(parsed.data), null, timings);
  }

  /** Stores an outcome that is a property of the content (e.g. NotMedia): redoing it would not help. */
  putFailed(key: ResultKey, error: StoredError, timings: Timings): number {
    return this.upsert(key, 'failed', null, error, timings);
  }

  addPath(resultId: number, path: string): void {
    this.addPathStmt.run(resultId, path, new Date().toISOString());
  }

  paths(resultId: number): string[] {
    return z.array(z.string()).parse(this.pathsStmt.all(resultId));
  }

  private upsert(key: ResultKey, status: 'succeeded' | 'failed', resultJson: string | null, error: StoredError | null, timings: Timings): number {
    const row = this.upsertStmt.get({
      sha256: key.sha256,
      modelId: key.model.id,
      modelVersion: key.model.version,
      optionsHash: key.optionsHash,
      status,
      resultJson,
      errorKind: error?.kind ?? null,
      errorMessage: error?.message ?? null,
      timingsJson: JSON.stringify(timings),
      now: new Date().toISOString(),
    });
    return z.object({ id: z.number().int() }).parse(row).id;
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}
