import type Database from 'better-sqlite3';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { errorKindSchema, fileStatusSchema, type FileStatus, type StoredError } from './schemas.ts';

/**
 * The `job_files` table: one row per input file of a job, unique on (job_id, path). Every change
 * to a row is a single statement (its own transaction), so a kill at any moment leaves each row in
 * its previous or its next state.
 */
export interface JobFileRecord {
  id: number;
  jobId: number;
  path: string;
  sha256: string | null;
  size: number | null;
  mtimeMs: number | null;
  status: FileStatus;
  resultId: number | null;
  error: StoredError | null;
  attempts: number;
  createdAt: string;
  updatedAt: string;
}

const rowSchema = z.object({
  id: z.number().int(),
  job_id: z.number().int(),
  path: z.string(),
  sha256: z.string().nullable(),
  size: z.number().int().nullable(),
  mtime_ms: z.number().nullable(),
  status: fileStatusSchema,
  result_id: z.number().int().nullable(),
  error_kind: errorKindSchema.nullable(),
  error_message: z.string().nullable(),
  attempts: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});

export function parseJobFileRow(raw: unknown): JobFileRecord {
  const r = rowSchema.parse(raw);
  return {
    id: r.id,
    jobId: r.job_id,
    path: r.path,
    sha256: r.sha256,
    size: r.size,
    mtimeMs: r.mtime_ms,
    status: r.status,
    resultId: r.result_id,
    error: r.error_kind !== null ? { kind: r.error_kind, message: r.error_message ?? '' } : null,
    attempts: r.attempts,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface FileFinish {
  status: Extract<FileStatus, 'succeeded' | 'failed' | 'skipped' | 'interrupted'>;
  sha256?: string | null;
  resultId?: number | null;
  error?: StoredError | null;
}

export class JobFilesRepo {
  private readonly ensureStmt;
  private readonly getStmt;
  private readonly runningStmt;
  private readonly finishStmt;

  constructor(private readonly db: Database.Database) {
    this.ensureStmt = db.prepare(
      `INSERT INTO job_files (job_id, path, size, mtime_ms, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'queued', ?, ?) ON CONFLICT (job_id, path) DO NOTHING`,
    );
    this.getStmt = db.prepare('SELECT * FROM job_files WHERE job_id = ? AND path = ?');
    this.runningStmt = db.prepare(
      `UPDATE job_files SET status = 'running', size = ?, mtime_ms = ?, attempts = attempts + 1,
         error_kind = NULL, error_message = NULL, updated_at = ? WHERE id = ?`,
    );
    this.finishStmt = db.prepare(
      `UPDATE job_files SET status = @status, sha256 = COALESCE(@sha256, sha256), result_id = @resultId,
         error_kind = @errorKind, error_message = @errorMessage, updated_at = @now WHERE id = @id`,
    );
  }

  /** The row for (job, path), created as `queued` if it is new. */
  ensure(jobId: number, path: string, size: number | null, mtimeMs: number | null): JobFileRecord {
    const now = new Date().toISOString();
    this.ensureStmt.run(jobId, path, size, mtimeMs, now, now);
    const row = this.get(jobId, path);
    if (!row) throw new AppError('Internal', `Results store: job_files row for ${path} vanished after insert.`);
    return row;
  }

  get(jobId: number, path: string): JobFileRecord | undefined {
    const row = this.getStmt.get(jobId, path);
    return row === undefined ? undefined : parseJobFileRow(row);
  }

  list(jobId: number): JobFileRecord[] {
    return this.db.prepare('SELECT * FROM job_files WHERE job_id = ? ORDER BY path').all(jobId).map(parseJobFileRow);
  }

  markRunning(id: number, size: number | null, mtimeMs: number | null): void {
    this.runningStmt.run(size, mtimeMs, new Date().toISOString(), id);
  }

  finish(id: number, o: FileFinish): void {
    this.finishStmt.run({
      id,
      status: o.status,
      sha256: o.sha256 ?? null,
      resultId: o.resultId ?? null,
      errorKind: o.error?.kind ?? null,
      errorMessage: o.error?.message ?? null,
      now: new Date().toISOString(),
    });
  }

  /** Rows left `running` by a process that died: they were in flight, so they are `interrupted`. */
  markStaleRunning(jobId: number): number {
    return this.db
      .prepare(`UPDATE job_files SET status = 'interrupted', updated_at = ? WHERE job_id = ? AND status = 'running'`)
      .run(new Date().toISOString(), jobId).changes;
  }

  countByStatus(jobId: number): Record<FileStatus, number> {
    const counts = Object.fromEntries(fileStatusSchema.options.map((s) => [s, 0])) as Record<FileStatus, number>;
    const rows = z
      .array(z.object({ status: fileStatusSchema, n: z.number().int() }))
      .parse(this.db.prepare('SELECT status, COUNT(*) AS n FROM job_files WHERE job_id = ? GROUP BY status').all(jobId));
    for (const r of rows) counts[r.status] = r.n;
    return counts;
  }
}
