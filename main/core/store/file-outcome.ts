import type Database from 'better-sqlite3';
import { z } from 'zod';
import { errorKindSchema, fileStatusSchema, resultStatusSchema, type FileStatus, type StoredError } from './schemas.ts';
import type { ErrorKind } from '../errors.ts';

/**
 * What one input file of a job came to, as the analyst sees it: a result, an error, or not done yet
 * (the batch was canceled or crashed before it; `corrkd batch --resume` finishes it). A file whose
 * content was already known is `skipped` in job_files (no work was done) but its outcome is that of
 * the stored result it reused.
 */
export type FileOutcome =
  | { outcome: 'succeeded'; resultId: number }
  | { outcome: 'failed'; error: StoredError; resultId: number | null }
  | { outcome: 'pending'; status: FileStatus };

export function outcomeOf(
  status: FileStatus,
  error: StoredError | null,
  result: { id: number; status: 'succeeded' | 'failed'; error: StoredError | null } | null,
): FileOutcome {
  switch (status) {
    case 'succeeded':
    case 'skipped':
      if (result?.status === 'succeeded') return { outcome: 'succeeded', resultId: result.id };
      if (result?.status === 'failed') return { outcome: 'failed', error: result.error ?? error ?? unknownError, resultId: result.id };
      if (error) return { outcome: 'failed', error, resultId: null };
      return { outcome: 'pending', status };
    case 'failed':
      return { outcome: 'failed', error: error ?? result?.error ?? unknownError, resultId: result?.id ?? null };
    case 'queued':
    case 'running':
    case 'interrupted':
    case 'canceled':
      return { outcome: 'pending', status };
  }
}

const unknownError: StoredError = { kind: 'Internal', message: 'The file failed without a recorded error.' };

export interface OutcomeCounts {
  total: number;
  succeeded: number;
  failed: number;
  pending: number;
  errorsByKind: Partial<Record<ErrorKind, number>>;
}

const rowSchema = z.object({
  status: fileStatusSchema,
  error_kind: errorKindSchema.nullable(),
  error_message: z.string().nullable(),
  result_id: z.number().int().nullable(),
  result_status: resultStatusSchema.nullable(),
  result_error_kind: errorKindSchema.nullable(),
  result_error_message: z.string().nullable(),
});

/** SQL that every reader of outcomes uses: job_files joined with the result each row points to. */
export const OUTCOME_SELECT = `
  SELECT jf.status, jf.error_kind, jf.error_message, jf.result_id,
         r.status AS result_status, r.error_kind AS result_error_kind, r.error_message AS result_error_message
  FROM job_files jf LEFT JOIN results r ON r.id = jf.result_id`;

export function outcomeOfRow(raw: unknown): FileOutcome {
  const r = rowSchema.parse(raw);
  const err = r.error_kind !== null ? { kind: r.error_kind, message: r.error_message ?? '' } : null;
  const result =
    r.result_id !== null && r.result_status !== null
      ? {
          id: r.result_id,
          status: r.result_status,
          error: r.result_error_kind !== null ? { kind: r.result_error_kind, message: r.result_error_message ?? '' } : null,
        }
      : null;
  return outcomeOf(r.status, err, result);
}

export function countOutcomes(db: Database.Database, jobId: number): OutcomeCounts {
  const counts: OutcomeCounts = { total: 0, succeeded: 0, failed: 0, pending: 0, errorsByKind: {} };
  for (const raw of db.prepare(`${OUTCOME_SELECT} WHERE jf.job_id = ?`).iterate(jobId)) {
    const o = outcomeOfRow(raw);
    counts.total++;
    counts[o.outcome]++;
    if (o.outcome === 'failed') counts.errorsByKind[o.error.kind] = (counts.errorsByKind[o.error.kind] ?? 0) + 1;
  }
  return counts;
}
