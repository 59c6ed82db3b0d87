import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { AppError } from '../errors.ts';
import type { StageContext } from '../context.ts';
import { checkReadableFile } from './file-access.ts';

/**
 * SHA-256 of a file's bytes as lower-case hex, read as a stream (constant memory for any size).
 * The content hash keys the feature cache and the batch store (DESIGN 3, 8).
 */
export async function sha256File(file: string, ctx?: Pick<StageContext, 'signal'>): Promise<string> {
  await checkReadableFile(file).catch((e: unknown) => {
    // An empty file still has a hash; only unreadable paths are errors here.
    if (e instanceof AppError && e.kind === 'EmptyFile') return;
    throw e;
  });
  const hash = createHash('sha256');
  const stream = createReadStream(file, { highWaterMark: 1024 * 1024, ...(ctx?.signal ? { signal: ctx.signal } : {}) });
  try {
    for await (const chunk of stream) hash.update(chunk as Buffer);
  } catch (e) {
    if (ctx?.signal?.aborted) throw new AppError('Canceled', `Hashing ${file} was canceled.`, { file, cause: e });
    throw new AppError('FileUnreadable', `${file} could not be read to the end: ${e instanceof Error ? e.message : String(e)}.`, { file, cause: e });
  }
  return hash.digest('hex');
}
