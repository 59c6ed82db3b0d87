import type Database from 'better-sqlite3';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { outcomeOfRow } from './file-outcome.ts';
import { JobsRepo } from './jobs-repo.ts';
import { parseJsonColumn, resultJsonSchema } from './schemas.ts';
import { CSV_COLUMNS, toCsvRecord, type ExportRowBase } from './export-columns.ts';

/**
 * `corrkd export`: one row per input file of a batch job (EXPORT.md), as JSON Lines (the result
 * object, or `{file, error:{kind, message}}`) or CSV (CSV_COLUMNS). Rows come out as a generator of
 * text chunks, read from SQLite with one streaming query, so memory does not grow with the archive.
 */
export type ExportFormat = 'csv' | 'jsonl';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'jsonl'];

export interface ExportOptions {
  format: ExportFormat;
  /** Which batch job; default: the newest. */
  jobId?: number;
  /** CSV only: start with a UTF-8 byte order mark (what Excel needs to read UTF-8). Default false. */
  bom?: boolean;
}

const rowSchema = z.object({
  path: z.string(),
  sha256: z.string().nullable(),
  status: z.string(),
  result_json: z.string().nullable(),
});

/**
 * RFC 4180: CRLF record ends, quotes where needed; formula-looking TEXT cells get a leading '.
 * quote_record_delimiter must be explicit: with a custom record_delimiter csv-stringify would
 * otherwise leave a lone \n inside a cell (a file name with a newline) unquoted.
 */
const CSV_OPTIONS = {
  record_delimiter: 'windows',
  quote_record_delimiter: true,
  escape_formulas: true,
  cast: { boolean: (v: boolean) => (v ? 'true' : 'false') },
} as const;

export function resolveExportJob(db: Database.Database, jobId?: number): number {
  const jobs = new JobsRepo(db);
  if (jobId !== undefined) return jobs.mustGet(jobId).id;
  const latest = jobs.latest();
  if (!latest) throw new AppError('InvalidArgument', `The results store ${db.name} holds no batch job yet; run corrkd batch first.`);
  return latest.id;
}

export function* exportChunks(db: Database.Database, opts: ExportOptions): Generator<string> {
  const jobId = resolveExportJob(db, opts.jobId);
  if (opts.format === 'csv') {
    yield stringify([CSV_COLUMNS as string[]], { ...CSV_OPTIONS, bom: opts.bom ?? false });
  }
  const stmt = db.prepare(`
    SELECT jf.path, jf.sha256, jf.status, jf.error_kind, jf.error_message, jf.result_id,
           r.status AS result_status, r.error_kind AS result_error_kind,
           r.error_message AS result_error_message, r.result_json
    FROM job_files jf LEFT JOIN results r ON r.id = jf.result_id
    WHERE jf.job_id = ? ORDER BY jf.path`);
  for (const raw of stmt.iterate(jobId)) {
    const row = toExportRow(raw);
    if (opts.format === 'csv') yield stringify([toCsvRecord(row)], CSV_OPTIONS);
    else yield `${JSON.stringify(toJsonlObject(row))}\n`;
  }
}

function toExportRow(raw: unknown): ExportRowBase {
  const r = rowSchema.parse(raw);
  const o = outcomeOfRow(raw);
  switch (o.outcome) {
    case 'succeeded': {
      if (r.result_json === null) throw new AppError('Internal', `Results store: result ${o.resultId} of ${r.path} has no JSON.`);
      const result = parseJsonColumn(resultJsonSchema, r.result_json, `results row ${o.resultId} result_json`);
      return { file: r.path, sha256: r.sha256, status: 'succeeded', error: null, result };
    }
    case 'failed':
      return { file: r.path, sha256: r.sha256, status: 'failed', error: o.error, result: null };
    case 'pending':
      return {
        file: r.path,
        sha256: r.sha256,
        status: o.status,
        error: {
          kind: 'Canceled',
          message: `Not analysed: the batch stopped before this file finished (status ${o.status}); run corrkd batch --resume to finish it.`,
        },
        result: null,
      };
  }
}

function toJsonlObject(row: ExportRowBase): Record<string, unknown> {
  if (row.result) return { ...row.result, file: row.file, sha256: row.sha256 };
  return { file: row.file, ...(row.sha256 ? { sha256: row.sha256 } : {}), error: row.error };
}
