import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError, ERROR_KINDS } from '../errors.ts';
import { parseClipResult, type ClipResult } from '../result/schema.ts';
import type { ResultKey } from '../store/results-repo.ts';
import { jobOptionsSchema, modelKeySchema, storedErrorSchema, timingsSchema } from '../store/schemas.ts';
import { packIdentitySchema } from './pack-identity.ts';

/**
 * What crosses the queue between the coordinator (`corrkd batch --queue`) and the workers
 * (`corrkd worker`), as zod schemas checked on both sides (STYLE habit 3): a job's data, a worker's
 * answer, and a transient failure as BullMQ records it. Versioned (`v`), so a worker of another
 * release refuses a job it cannot read instead of misreading it.
 */
export const QUEUE_NAME = 'corrkd-analyze';
export const JOB_NAME = 'analyze';
export const PROTOCOL_VERSION = 1;

export const queueJobDataSchema = z.object({
  v: z.literal(PROTOCOL_VERSION),
  /** the file as the coordinator sees it (a worker may see it elsewhere: --path-map) */
  path: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
  model: modelKeySchema,
  optionsHash: z.string(),
  pack: packIdentitySchema,
  perFileTimeoutMs: jobOptionsSchema.shape.perFileTimeoutMs,
});
export type QueueJobData = z.infer<typeof queueJobDataSchema>;

/**
 * A worker's answer: the result JSON (checked against the one result schema), or a content error
 * (NotMedia, MediaTruncated, ...: a property of the bytes, final, never retried). Either way with
 * the timings of the steps it ran and the worker's name.
 */
export const queueReplySchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('result'), result: z.unknown(), timings: timingsSchema, worker: z.string() }),
  z.object({ outcome: z.literal('error'), error: storedErrorSchema, timings: timingsSchema, worker: z.string() }),
]);
export type QueueReply = z.infer<typeof queueReplySchema>;

/**
 * The job id of a file: derived from what keys a stored result (content sha256, pack id and version,
 * options hash), so enqueueing the same work twice (a re-run, --resume, the same bytes at two paths)
 * finds the job already there instead of adding a second one.
 */
export function queueJobId(key: ResultKey): string {
  const digest = createHash('sha256').update(JSON.stringify([key.sha256, key.model.id, key.model.version, key.optionsHash])).digest('hex');
  return `clip-${digest.slice(0, 40)}`;
}

/** The result in a worker's answer, checked against the result schema; `where` names it in the error. */
export function checkResult(result: unknown, where: string): ClipResult {
  try {
    return parseClipResult(result);
  } catch (e) {
    const detail = e instanceof z.ZodError ? z.prettifyError(e) : (e as Error).message;
    throw new AppError('Internal', `${where} is not a result of the result schema: ${detail}`);
  }
}

/** A transient failure as the failedReason BullMQ keeps: the AppError's kind and message as JSON. */
export function encodeFailure(e: AppError): string {
  return JSON.stringify({ kind: e.kind, message: e.message });
}

const failureSchema = z.object({ kind: z.enum(ERROR_KINDS), message: z.string() });

/**
 * The AppError of a job BullMQ gave up on: a worker's encoded failure, or BullMQ's own reason (a job
 * that stalled too often: the workers running it died or hung) as ToolFailed naming the file.
 */
export function decodeFailure(reason: string | undefined, file: string, attempts: number): AppError {
  try {
    const parsed = failureSchema.safeParse(JSON.parse(reason ?? ''));
    if (parsed.success) return new AppError(parsed.data.kind, parsed.data.message, { file });
  } catch {
    // not JSON: BullMQ's own words
  }
  return new AppError('ToolFailed', `The batch queue gave up on ${file} after ${attempts} attempt(s): ${reason || 'no reason recorded'}.`, { file });
}
