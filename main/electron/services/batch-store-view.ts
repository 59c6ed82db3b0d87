import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { JobRowsRepo, type JobRow } from '../../core/store/job-rows-repo.ts';
import { JobsRepo } from '../../core/store/jobs-repo.ts';
import { openStore } from '../../core/store/open-store.ts';
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
    const rows = new JobRowsRepo(db);
    return new JobsRepo(db)
      .list()
      .reverse()
      .map((j) => {
        const c = rows.counts(j.id);
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
    const page = new JobRowsRepo(db).page(q.jobId, { outcome: q.outcome, label: q.label, offset: q.offset, limit: q.limit });
    return { matched: page.matched, rows: page.rows.map(toBatchRow) };
  }

  result(jobId: number, file: string): ClipResult {
    const db = this.mustConn();
    const stored = new JobRowsRepo(db).resultJson(jobId, file);
    if (!stored) throw new AppError('InvalidArgument', `Job ${jobId} has no result for ${file}.`, { file });
    try {
      return parseClipResult(stored.json); // schema 1 rows of earlier releases are upgraded
    } catch (e) {
      const detail = e instanceof z.ZodError ? z.prettifyError(e) : (e as Error).message;
      throw new AppError('Internal', `Results store: result ${stored.resultId} of ${file} is not a result this app can read: ${detail}`, { file });
    }
  }

  private mustConn(): Database.Database {
    const db = this.conn();
    if (!db) throw new AppError('InvalidArgument', `The results store ${this.storeFile()} does not exist yet; start a batch first.`);
    return db;
  }
}

function toBatchRow(r: JobRow): BatchRow {
  return { path: r.path, status: r.status, outcome: r.outcome, score: r.score, label: r.label, error: r.error };
}
