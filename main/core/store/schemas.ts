import { z } from 'zod';
import { AppError, ERROR_KINDS } from '../errors.ts';

/**
 * What the results store keeps, as zod schemas: every JSON column and every enum column is parsed
 * with these when read back (STYLE habit 3), so a hand-edited or foreign database fails loudly with
 * the row it came from instead of flowing on as `any`.
 */

/** Job status (STYLE habit 8). `canceled` is set by the cancel path itself, never inferred. */
export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'canceled', 'skipped'] as const;
export const jobStatusSchema = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof jobStatusSchema>;

/** Per-file status: the job statuses plus `interrupted` (in flight when the batch stopped or crashed). */
export const FILE_STATUSES = [...JOB_STATUSES, 'interrupted'] as const;
export const fileStatusSchema = z.enum(FILE_STATUSES);
export type FileStatus = z.infer<typeof fileStatusSchema>;

/** A stored result is either a result JSON object or an error; nothing in between. */
export const RESULT_STATUSES = ['succeeded', 'failed'] as const;
export const resultStatusSchema = z.enum(RESULT_STATUSES);
export type ResultStatus = z.infer<typeof resultStatusSchema>;

export const errorKindSchema = z.enum(ERROR_KINDS);

export const storedErrorSchema = z.object({ kind: errorKindSchema, message: z.string() });
export type StoredError = z.infer<typeof storedErrorSchema>;

/** The result JSON of one clip (DESIGN 8, schema 1). The store only requires an object here; the
 * export validates the fields it flattens (export-columns.ts). */
export const resultJsonSchema = z.record(z.string(), z.unknown());
export type ResultJson = z.infer<typeof resultJsonSchema>;

/** Milliseconds spent per step for one file (hash, probe, analyze); all optional. */
export const timingsSchema = z.record(z.string(), z.number().nonnegative());
export type Timings = z.infer<typeof timingsSchema>;

/** Which model (pack id + version) and which analysis options produced a result: part of its key. */
export const modelKeySchema = z.object({ id: z.string().min(1), version: z.string().min(1) });
export type ModelKey = z.infer<typeof modelKeySchema>;

/** A job's inputs: the folder as given and as resolved (symlinks followed), used to find it on resume. */
export const jobInputsSchema = z.object({ folder: z.string(), realpath: z.string() });
export type JobInputs = z.infer<typeof jobInputsSchema>;

/** The options a job ran with, snapshotted when it was created (STYLE habit 8). */
export const jobOptionsSchema = z.object({
  model: modelKeySchema,
  optionsHash: z.string(),
  concurrency: z.number().int().positive(),
  /** A fixed limit, 'auto' (derived from each clip's duration) or null (no limit). */
  perFileTimeoutMs: z.union([z.number().int().positive(), z.literal('auto')]).nullable(),
});
export type JobOptions = z.infer<typeof jobOptionsSchema>;

/**
 * The last progress a running batch wrote into its job record (jobs.live_json, at most once a second
 * and at the end), so any reader of the store (the window, for a batch started by `corrkd batch` in
 * a terminal, local or over a queue) can show how it goes without the process that runs it.
 */
export const liveProgressSchema = z.object({
  total: z.number().int().nonnegative(),
  done: z.number().int().nonnegative(),
  succeeded: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  inFlight: z.number().int().nonnegative(),
  filesPerMin: z.number().nonnegative().nullable(),
  etaSec: z.number().nonnegative().nullable(),
  /** set when the files go to workers over a queue */
  queue: z.object({ url: z.string(), workers: z.number().int().nonnegative().nullable(), connected: z.boolean() }).nullable(),
  /** when it was written (ISO time): a stale record of a running job means its process died */
  at: z.string(),
});
export type LiveProgress = z.infer<typeof liveProgressSchema>;

/** Parses a JSON text column; a bad value names the table, column and row. */
export function parseJsonColumn<T>(schema: z.ZodType<T>, text: string, where: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new AppError('Internal', `Results store ${where}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const r = schema.safeParse(raw);
  if (!r.success) throw new AppError('Internal', `Results store ${where}: unexpected content: ${z.prettifyError(r.error)}`);
  return r.data;
}
