import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { countOutcomes, outcomeOfRow } from '../../core/store/file-outcome.ts';
import { JobsRepo } from '../../core/store/jobs-repo.ts';
import { openStore } from '../../core/store/open-store.ts';
import { fileStatusSchema, parseJsonColumn } from '../../core/store/schemas.ts';
import { parseClipResult, type ClipResult } from '../../core/result/schema.ts';
import type { BatchJobSummary, BatchRow, BatchRowsReply, ParsedArg } from '../../../preload/contract.ts';

/**
 * Read side of the results store for the batch view: the same SQLite file `corrkd batch --db`
 * writes, so a batch started in a terminal shows here too, local or over a queue (WAL lets this
 * reader and that writer work at once), with the live progress its process writes into the job
 * record. One reader connection, reopened when the store file changes.
 */
export class BatchStoreView {
  private db: Database.Database | null = null;
  private openFile: string | null = null;

  constructor(private readonly storeFile: () => string) {}

  private conn(): Database.Database | null {
    const file = this.storeFile();
    if (this.db && this.openFile === file) return this.db;
    this.close();
    if (!existsSync(file)) return null; // nothing run yet: an empty list, not a new file
    this.db = openStore(file);
    this.openFile = file;
    return this.db;
  }

  close(): void {
    this.db?.close();
    this.db = null;
    this.openFile = null;
  }

  jobs(): BatchJobSummary[] {
    const db = this.conn();
    if (!db) return [];
    return new JobsRepo(db)
      .list()
      .reverse()
      .map((j) => {
        const c = countOutcomes(db, j.id);
        return {
          id: j.id,
          folder: j.inputs.folder,
          status: j.status,
          model: j.options.model,
          createdAt: j.createdAt,
          finishedAt: j.finishedAt,
          counts: { total: c.total, succeeded: c.succeeded, failed: c.failed, pending: c.pending },
          error: j.error,
          live: j.live,
        };
      });
  }

  rows(q: ParsedArg<'batch:rows'>): BatchRowsReply {
    const db = this.mustConn();
    new JobsRepo(db).mustGet(q.jobId);
    const all: BatchRow[] = db
      .prepare(ROWS_SQL)
      .all(q.jobId)
      .map((raw) => toRow(raw));
    const matched = all.filter((r) => (q.outcome === 'all' || r.outcome === q.outcome) && (q.label === 'all' || r.label === q.label));
    return { matched: matched.length, rows: matched.slice(q.offset, q.offset + q.limit) };
  }

  result(jobId: number, file: string): ClipResult {
    const db = this.mustConn();
    const raw = db.prepare(`SELECT r.id, r.result_json FROM job_files jf JOIN results r ON r.id = jf.result_id WHERE jf.job_id = ? AND jf.path = ?`).get(jobId, file) as
      | { id: number; result_json: string | null }
      | undefined;
    if (!raw || raw.result_json === null) throw new AppError('InvalidArgument', `Job ${jobId} has no result for ${file}.`, { file });
    const json = parseJsonColumn(z.unknown(), raw.result_json, `results row ${raw.id} result_json`);
    try {
      return parseClipResult(json); // schema 1 rows of earlier releases are upgraded
    } catch (e) {
      const detail = e instanceof z.ZodError ? z.prettifyError(e) : (e as Error).message;
      throw new AppError('Internal', `Results store: result ${raw.id} of ${file} is not a result this app can read: ${detail}`, { file });
    }
  }

  private mustConn(): Database.Database {
    const db = this.conn();
    if (!db) throw new AppError('InvalidArgument', `The results store ${this.storeFile()} does not exist yet; start a batch first.`);
    return db;
  }
}

/** job_files joined with its result, with the columns outcomeOfRow reads plus the score and label. */
const ROWS_SQL = `
  SELECT jf.path, jf.status, jf.error_kind, jf.error_message, jf.result_id,
         r.status AS result_status, r.error_kind AS result_error_kind, r.error_message AS result_error_message,
         CASE WHEN r.status = 'succeeded' THEN json_extract(r.result_json, '$.score') END AS score,
         CASE WHEN r.status = 'succeeded' THEN json_extract(r.result_json, '$.label') END AS label
  FROM job_files jf LEFT JOIN results r ON r.id = jf.result_id
  WHERE jf.job_id = ? ORDER BY jf.path`;

const extraSchema = z.object({
  path: z.string(),
  status: fileStatusSchema,
  score: z.number().nullable(),
  label: z.enum(['negative', 'neutral', 'positive']).nullable(),
});

function toRow(raw: unknown): BatchRow {
  const x = extraSchema.parse(raw);
  const o = outcomeOfRow(raw);
  return {
    path: x.path,
    status: x.status,
    outcome: o.outcome,
    score: o.outcome === 'succeeded' ? x.score : null,
    label: o.outcome === 'succeeded' ? x.label : null,
    error: o.outcome === 'failed' ? o.error : null,
  };
}
