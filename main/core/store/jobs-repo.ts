import type Database from 'better-sqlite3';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import {
  errorKindSchema,
  jobInputsSchema,
  jobOptionsSchema,
  jobStatusSchema,
  liveProgressSchema,
  parseJsonColumn,
  type JobInputs,
  type LiveProgress,
  type JobOptions,
  type JobStatus,
  type StoredError,
} from './schemas.ts';

/** The `jobs` table: the persisted job record of STYLE habit 8. */
export interface JobRecord {
  id: number;
  source: string;
  inputs: JobInputs;
  options: JobOptions;
  status: JobStatus;
  stage: string | null;
  progress: number;
  error: StoredError | null;
  /** the last progress the batch wrote (null before its first file, and for jobs of older stores) */
  live: LiveProgress | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

const rowSchema = z.object({
  id: z.number().int(),
  source: z.string(),
  inputs_json: z.string(),
  options_json: z.string(),
  model_id: z.string(),
  model_version: z.string(),
  options_hash: z.string(),
  status: jobStatusSchema,
  stage: z.string().nullable(),
  progress: z.number(),
  error_kind: errorKindSchema.nullable(),
  error_message: z.string().nullable(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  updated_at: z.string(),
  live_json: z.string().nullable(),
});

function parseJobRow(raw: unknown): JobRecord {
  const r = rowSchema.parse(raw);
  const where = `jobs row ${r.id}`;
  return {
    id: r.id,
    source: r.source,
    inputs: parseJsonColumn(jobInputsSchema, r.inputs_json, `${where} inputs_json`),
    options: parseJsonColumn(jobOptionsSchema, r.options_json, `${where} options_json`),
    status: r.status,
    stage: r.stage,
    progress: r.progress,
    error: r.error_kind !== null ? { kind: r.error_kind, message: r.error_message ?? '' } : null,
    live: r.live_json === null ? null : parseJsonColumn(liveProgressSchema, r.live_json, `${where} live_json`),
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    updatedAt: r.updated_at,
  };
}

const FINAL: ReadonlySet<JobStatus> = new Set<JobStatus>(['succeeded', 'failed', 'canceled', 'skipped']);

export class JobsRepo {
  constructor(private readonly db: Database.Database) {}

  create(inputs: JobInputs, options: JobOptions): JobRecord {
    const now = new Date().toISOString();
    const info = this.db
      .prepare(
        `INSERT INTO jobs (source, inputs_json, options_json, model_id, model_version, options_hash, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?)`,
      )
      .run(
        inputs.realpath,
        JSON.stringify(jobInputsSchema.parse(inputs)),
        JSON.stringify(jobOptionsSchema.parse(options)),
        options.model.id,
        options.model.version,
        options.optionsHash,
        now,
        now,
      );
    return this.mustGet(Number(info.lastInsertRowid));
  }

  get(id: number): JobRecord | undefined {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id);
    return row === undefined ? undefined : parseJobRow(row);
  }

  mustGet(id: number): JobRecord {
    const job = this.get(id);
    if (!job) throw new AppError('InvalidArgument', `No job with id ${id} in the results store.`);
    return job;
  }

  /** The newest job over the same folder with the same model and options (what --resume continues). */
  latestFor(source: string, options: Pick<JobOptions, 'model' | 'optionsHash'>): JobRecord | undefined {
    const row = this.db
      .prepare(
        `SELECT * FROM jobs WHERE source = ? AND model_id = ? AND model_version = ? AND options_hash = ?
         ORDER BY id DESC LIMIT 1`,
      )
      .get(source, options.model.id, options.model.version, options.optionsHash);
    return row === undefined ? undefined : parseJobRow(row);
  }

  latest(): JobRecord | undefined {
    const row = this.db.prepare('SELECT * FROM jobs ORDER BY id DESC LIMIT 1').get();
    return row === undefined ? undefined : parseJobRow(row);
  }

  list(): JobRecord[] {
    return this.db.prepare('SELECT * FROM jobs ORDER BY id').all().map(parseJobRow);
  }

  /** Moves the job to `status`; a final status stamps finished_at, `running` stamps started_at. */
  setStatus(id: number, status: JobStatus, extra: { stage?: string | null; error?: StoredError | null; progress?: number } = {}): void {
    const now = new Date().toISOString();
    this.db
      .prepare(
        `UPDATE jobs SET status = @status,
           stage = CASE WHEN @setStage THEN @stage ELSE stage END,
           progress = COALESCE(@progress, progress),
           error_kind = @errorKind, error_message = @errorMessage,
           started_at = CASE WHEN @status = 'running' THEN @now ELSE started_at END,
           finished_at = CASE WHEN @final THEN @now ELSE NULL END,
           updated_at = @now
         WHERE id = @id`,
      )
      .run({
        id,
        status,
        setStage: extra.stage !== undefined ? 1 : 0,
        stage: extra.stage ?? null,
        progress: extra.progress ?? null,
        errorKind: extra.error?.kind ?? null,
        errorMessage: extra.error?.message ?? null,
        final: FINAL.has(status) ? 1 : 0,
        now,
      });
  }

  /** The fraction done and stage; with `live`, also the progress record readers of the store show. */
  setProgress(id: number, progress: number, stage: string, live?: LiveProgress): void {
    const p = Math.min(1, Math.max(0, progress));
    const liveJson = live === undefined ? null : JSON.stringify(liveProgressSchema.parse(live));
    this.db
      .prepare('UPDATE jobs SET progress = ?, stage = ?, live_json = COALESCE(?, live_json), updated_at = ? WHERE id = ?')
      .run(p, stage, liveJson, new Date().toISOString(), id);
  }
}
