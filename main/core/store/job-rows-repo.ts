import type Database from 'better-sqlite3';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { LABELS } from '../result/schema.ts';
import { OUTCOME_ERROR_KIND_SQL, OUTCOME_ERROR_MESSAGE_SQL, OUTCOME_SQL, type FileOutcome, type OutcomeCounts } from './file-outcome.ts';
import { errorKindSchema, fileStatusSchema, parseJsonColumn, type FileStatus, type StoredError } from './schemas.ts';

/**
 * The input files of a job as a list of outcomes (file-outcome.ts, OUTCOME_SQL), read by a window
 * that asks about once a second while a batch runs. SQL filters by outcome and label, counts and
 * pages: the page query walks the (job_id, path) index of UNIQUE (job_id, path) in path order and
 * stops once it has `limit` rows; the count reads the job's rows without building them. No index
 * beyond that one is needed (the outcome is computed per row, so no index could serve it).
 */
export type Outcome = FileOutcome['outcome'];
export type Label = (typeof LABELS)[number];

export interface JobRowsQuery {
  outcome: 'all' | Outcome;
  label: 'all' | Label;
  offset: number;
  limit: number;
}

export interface JobRow {
  path: string;
  status: FileStatus;
  outcome: Outcome;
  /** the result's score and label when the outcome is succeeded (both null: no evidence in the clip) */
  score: number | null;
  label: Label | null;
  /** set when the outcome is failed */
  error: StoredError | null;
}

export interface JobRowsPage {
  /** rows that match the filter, before paging */
  matched: number;
  rows: JobRow[];
}

/** One row per file of job @jobId with its outcome, the score and label of a success, the error of a failure. */
const OUTCOMES_CTE = `
  WITH o AS (
    SELECT jf.path, jf.status, ${OUTCOME_SQL} AS outcome,
           ${OUTCOME_ERROR_KIND_SQL} AS failed_error_kind, ${OUTCOME_ERROR_MESSAGE_SQL} AS failed_error_message,
           r.result_json
    FROM job_files jf LEFT JOIN results r ON r.id = jf.result_id
    WHERE jf.job_id = @jobId
  ),
  v AS (
    SELECT path, status, outcome,
           CASE WHEN outcome = 'succeeded' THEN json_extract(result_json, '$.score') END AS score,
           CASE WHEN outcome = 'succeeded' THEN json_extract(result_json, '$.label') END AS label,
           CASE WHEN outcome = 'failed' THEN failed_error_kind END AS error_kind,
           CASE WHEN outcome = 'failed' THEN failed_error_message END AS error_message
    FROM o
  )`;

const MATCH = `(@outcome = 'all' OR outcome = @outcome) AND (@label = 'all' OR label = @label)`;

/** Exported for the test that checks the query plan (no full scan, no sort). */
export const PAGE_SQL = `${OUTCOMES_CTE}
  SELECT path, status, outcome, score, label, error_kind, error_message FROM v
  WHERE ${MATCH} ORDER BY path LIMIT @limit OFFSET @offset`;
const MATCHED_SQL = `${OUTCOMES_CTE} SELECT COUNT(*) FROM v WHERE ${MATCH}`;
const COUNTS_SQL = `${OUTCOMES_CTE} SELECT outcome, error_kind, COUNT(*) AS n FROM v GROUP BY outcome, error_kind`;

const RESULT_JSON_SQL = `SELECT r.id, r.result_json FROM job_files jf JOIN results r ON r.id = jf.result_id WHERE jf.job_id = ? AND jf.path = ?`;

const outcomeSchema = z.enum(['succeeded', 'failed', 'pending']);

const pageRowSchema = z.object({
  path: z.string(),
  status: fileStatusSchema,
  outcome: outcomeSchema,
  score: z.number().nullable(),
  label: z.enum(LABELS).nullable(),
  error_kind: errorKindSchema.nullable(),
  error_message: z.string().nullable(),
});

const countRowSchema = z.object({ outcome: outcomeSchema, error_kind: errorKindSchema.nullable(), n: z.number().int() });

export class JobRowsRepo {
  private readonly pageStmt;
  private readonly matchedStmt;
  private readonly countsStmt;
  private readonly resultJsonStmt;

  constructor(private readonly db: Database.Database) {
    this.pageStmt = db.prepare(PAGE_SQL);
    this.matchedStmt = db.prepare(MATCHED_SQL).pluck();
    this.countsStmt = db.prepare(COUNTS_SQL);
    this.resultJsonStmt = db.prepare(RESULT_JSON_SQL);
  }

  /** The rows of `jobId` that match the filter, in path order, from `offset`, at most `limit`; both reads see one snapshot. */
  page(jobId: number, q: JobRowsQuery): JobRowsPage {
    if (!Number.isInteger(q.offset) || q.offset < 0 || !Number.isInteger(q.limit) || q.limit < 1) {
      throw new AppError('InvalidArgument', `Rows of job ${jobId}: offset must be an integer >= 0 and limit one >= 1 (got offset ${q.offset}, limit ${q.limit}).`);
    }
    const params = { jobId, outcome: q.outcome, label: q.label };
    return this.db.transaction(() => ({
      matched: z.number().int().parse(this.matchedStmt.get(params)),
      rows: this.pageStmt.all({ ...params, offset: q.offset, limit: q.limit }).map((raw) => toJobRow(raw)),
    }))();
  }

  /** How many files of `jobId` succeeded, failed (by error kind) or are still pending. */
  counts(jobId: number): OutcomeCounts {
    const counts: OutcomeCounts = { total: 0, succeeded: 0, failed: 0, pending: 0, errorsByKind: {} };
    for (const raw of this.countsStmt.all({ jobId })) {
      const r = countRowSchema.parse(raw);
      counts.total += r.n;
      counts[r.outcome] += r.n;
      if (r.outcome === 'failed' && r.error_kind !== null) counts.errorsByKind[r.error_kind] = (counts.errorsByKind[r.error_kind] ?? 0) + r.n;
    }
    return counts;
  }

  /**
   * The result JSON that the row (jobId, path) points to, parsed as JSON but not checked against the
   * result schema (the caller upgrades and checks it); undefined when the row has no result or its
   * result is an error.
   */
  resultJson(jobId: number, path: string): { resultId: number; json: unknown } | undefined {
    const r = z.object({ id: z.number().int(), result_json: z.string().nullable() }).optional().parse(this.resultJsonStmt.get(jobId, path));
    if (!r || r.result_json === null) return undefined;
    return { resultId: r.id, json: parseJsonColumn(z.unknown(), r.result_json, `results row ${r.id} result_json`) };
  }
}

function toJobRow(raw: unknown): JobRow {
  const r = pageRowSchema.parse(raw);
  return {
    path: r.path,
    status: r.status,
    outcome: r.outcome,
    score: r.score,
    label: r.label,
    error: r.error_kind !== null ? { kind: r.error_kind, message: r.error_message ?? '' } : null,
  };
}
