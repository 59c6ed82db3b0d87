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
      if (result?.status === 'failed') return { outcome: 'failed', error: result.error ?? error ?? UNKNOWN_ERROR, resultId: result.id };
      if (error) return { outcome: 'failed', error, resultId: null };
      return { outcome: 'pending', status };
    case 'failed':
      return { outcome: 'failed', error: error ?? result?.error ?? UNKNOWN_ERROR, resultId: result?.id ?? null };
    case 'queued':
    case 'running':
    case 'interrupted':
    case 'canceled':
      return { outcome: 'pending', status };
  }
}

/** The error a failed file shows when neither its row nor its result recorded one. */
export const UNKNOWN_ERROR: StoredError = { kind: 'Internal', message: 'The file failed without a recorded error.' };

/**
 * outcomeOf in SQL, for the queries that list and count many rows (job-rows-repo.ts): expressions
 * over `job_files jf LEFT JOIN results r ON r.id = jf.result_id`. A test checks that they agree with
 * outcomeOf on every combination of row status, result status and recorded errors.
 *
 * OUTCOME_SQL is 'succeeded', 'failed' or 'pending' (NULL only for a status this build does not know,
 * which the schema's CHECK refuses). `r.status` is NULL when the row points to no result.
 */
export const OUTCOME_SQL = `(CASE
    WHEN jf.status IN ('succeeded', 'skipped') THEN
      CASE WHEN r.status = 'succeeded' THEN 'succeeded'
           WHEN r.status = 'failed' OR jf.error_kind IS NOT NULL THEN 'failed'
           ELSE 'pending' END
    WHEN jf.status = 'failed' THEN 'failed'
    WHEN jf.status IN ('queued', 'running', 'interrupted', 'canceled') THEN 'pending'
  END)`;

/**
 * The error of a failed outcome, kind and message from the same source (meaningless for the other
 * outcomes): a `failed` row shows its own error first, then its result's; a succeeded or skipped row
 * that points to a failed result shows the result's error first, then its own; else UNKNOWN_ERROR.
 */
export const OUTCOME_ERROR_KIND_SQL = `(CASE
    WHEN jf.status = 'failed' AND jf.error_kind IS NOT NULL THEN jf.error_kind
    WHEN r.error_kind IS NOT NULL THEN r.error_kind
    WHEN jf.error_kind IS NOT NULL THEN jf.error_kind
    ELSE ${sqlText(UNKNOWN_ERROR.kind)} END)`;
export const OUTCOME_ERROR_MESSAGE_SQL = `(CASE
    WHEN jf.status = 'failed' AND jf.error_kind IS NOT NULL THEN COALESCE(jf.error_message, '')
    WHEN r.error_kind IS NOT NULL THEN COALESCE(r.error_message, '')
    WHEN jf.error_kind IS NOT NULL THEN COALESCE(jf.error_message, '')
    ELSE ${sqlText(UNKNOWN_ERROR.message)} END)`;

function sqlText(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

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

/** outcomeOf for one row read with these columns of `job_files jf LEFT JOIN results r` (the export reads them). */
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
