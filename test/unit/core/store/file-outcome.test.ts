import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../../../main/core/store/open-store.ts';
import { JobsRepo } from '../../../../main/core/store/jobs-repo.ts';
import { JobFilesRepo } from '../../../../main/core/store/job-files-repo.ts';
import { ResultsRepo } from '../../../../main/core/store/results-repo.ts';
import { JobRowsRepo } from '../../../../main/core/store/job-rows-repo.ts';
import {
  OUTCOME_ERROR_KIND_SQL,
  OUTCOME_ERROR_MESSAGE_SQL,
  OUTCOME_SQL,
  outcomeOfRow,
  type FileOutcome,
  type OutcomeCounts,
} from '../../../../main/core/store/file-outcome.ts';
import { FILE_STATUSES } from '../../../../main/core/store/schemas.ts';

let dir: string;
let db: Database.Database;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'corrkd-outcome-'));
  db = openStore(path.join(dir, 'r.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What a row can point to; a failed result always has kind and message (the results CHECK). */
const RESULTS = ['none', 'succeeded', 'failed'] as const;
/** The row's own error: none, one with a message, one whose message was lost (NULL). Kinds differ from the result's, so which one wins shows. */
const ROW_ERRORS = [null, { kind: 'NotMedia', message: 'row says not media' }, { kind: 'Timeout', message: null }] as const;

describe('outcomeOf (JS, one row) and OUTCOME_SQL (lists and counts) agree', () => {
  it('on every combination of row status x result status x row error, for outcome and shown error', () => {
    const jobId = new JobsRepo(db).create({ folder: '/c', realpath: '/c' }, { model: { id: 'm', version: '1' }, optionsHash: 'o', concurrency: 1, perFileTimeoutMs: null }).id;
    const files = new JobFilesRepo(db);
    const results = new ResultsRepo(db);
    let n = 0;
    for (const status of FILE_STATUSES) {
      for (const result of RESULTS) {
        for (const rowError of ROW_ERRORS) {
          const key = { sha256: String(++n).padStart(64, '0'), model: { id: 'm', version: '1' }, optionsHash: 'o' };
          const resultId =
            result === 'succeeded'
              ? results.putSucceeded(key, { score: 0.5, label: 'positive' }, {})
              : result === 'failed'
                ? results.putFailed(key, { kind: 'MediaTruncated', message: 'result says truncated' }, {})
                : null;
          const row = files.ensure(jobId, `/c/${String(n).padStart(3, '0')}-${status}-${result}-${rowError?.kind ?? 'none'}.mp4`, null, null);
          db.prepare('UPDATE job_files SET status = ?, result_id = ?, error_kind = ?, error_message = ? WHERE id = ?').run(
            status,
            resultId,
            rowError?.kind ?? null,
            rowError?.message ?? null,
            row.id,
          );
        }
      }
    }
    expect(n).toBe(FILE_STATUSES.length * RESULTS.length * ROW_ERRORS.length);

    const rows = db
      .prepare(
        `SELECT jf.path, jf.status, jf.error_kind, jf.error_message, jf.result_id,
                r.status AS result_status, r.error_kind AS result_error_kind, r.error_message AS result_error_message,
                ${OUTCOME_SQL} AS sql_outcome, ${OUTCOME_ERROR_KIND_SQL} AS sql_error_kind, ${OUTCOME_ERROR_MESSAGE_SQL} AS sql_error_message
         FROM job_files jf LEFT JOIN results r ON r.id = jf.result_id WHERE jf.job_id = ? ORDER BY jf.path`,
      )
      .all(jobId) as { path: string; sql_outcome: string | null; sql_error_kind: string; sql_error_message: string }[];
    const expected: OutcomeCounts = { total: 0, succeeded: 0, failed: 0, pending: 0, errorsByKind: {} };
    const seen = new Set<string>();
    for (const raw of rows) {
      const js: FileOutcome = outcomeOfRow(raw);
      seen.add(js.outcome === 'failed' ? `failed:${js.error.kind}` : js.outcome);
      expect({ path: raw.path, outcome: raw.sql_outcome }).toEqual({ path: raw.path, outcome: js.outcome });
      if (js.outcome === 'failed') {
        expect({ path: raw.path, error: { kind: raw.sql_error_kind, message: raw.sql_error_message } }).toEqual({ path: raw.path, error: js.error });
        expected.errorsByKind[js.error.kind] = (expected.errorsByKind[js.error.kind] ?? 0) + 1;
      }
      expected.total++;
      expected[js.outcome]++;
    }
    // The combinations reach every branch: each outcome, and each source of a failure's error.
    expect([...seen].sort()).toEqual(['failed:Internal', 'failed:MediaTruncated', 'failed:NotMedia', 'failed:Timeout', 'pending', 'succeeded']);

    // The repository's page and counts say the same as outcomeOf row by row.
    const repo = new JobRowsRepo(db);
    expect(repo.counts(jobId)).toEqual(expected);
    const page = repo.page(jobId, { outcome: 'all', label: 'all', offset: 0, limit: 1000 });
    expect(page.rows.map((r) => [r.path, r.outcome, r.error])).toEqual(
      rows.map((raw) => {
        const js = outcomeOfRow(raw);
        return [raw.path, js.outcome, js.outcome === 'failed' ? js.error : null];
      }),
    );
  });
});
