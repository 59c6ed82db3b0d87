import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { AppError } from '../../core/errors.ts';
import { openStore } from '../../core/store/open-store.ts';
import { EXPORT_FORMATS, exportChunks, type ExportFormat } from '../../core/store/export.ts';

/**
 * `corrkd export --db FILE --format csv|jsonl [--out FILE] [--job ID] [--bom]`: one row per input
 * file of a batch job (columns: main/core/store/EXPORT.md). To stdout, or to --out written under a
 * temporary name and renamed, so a reader never sees half a file.
 */
interface ExportCommandOptions {
  db: string;
  format: ExportFormat;
  out?: string;
  job?: number;
  bom?: boolean;
}

const parseFormat = (v: string): ExportFormat => {
  if (!(EXPORT_FORMATS as readonly string[]).includes(v)) throw new InvalidArgumentError(`expected one of ${EXPORT_FORMATS.join(', ')}, got "${v}".`);
  return v as ExportFormat;
};
const parseJob = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a job id (whole number >= 1), got "${v}".`);
  return n;
};

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('Export a batch job from a results store: one row per input file, as CSV or JSON Lines')
    .requiredOption('--db <file>', 'results store written by corrkd batch')
    .requiredOption('--format <format>', 'csv | jsonl', parseFormat)
    .option('--out <file>', 'write here instead of stdout')
    .option('--job <id>', 'batch job id (default: the newest)', parseJob)
    .option('--bom', 'CSV: start with a UTF-8 byte order mark (for Excel)')
    .action(async (opts: ExportCommandOptions) => {
      await runExportCommand(opts);
    });
}

async function write(stream: NodeJS.WritableStream, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

export async function runExportCommand(opts: ExportCommandOptions): Promise<void> {
  const db = openStore(opts.db, { mustExist: true });
  try {
    const chunks = exportChunks(db, {
      format: opts.format,
      ...(opts.job !== undefined ? { jobId: opts.job } : {}),
      ...(opts.bom ? { bom: true } : {}),
    });
    if (!opts.out) {
      for (const c of chunks) await write(process.stdout, c);
      return;
    }
    const out = path.resolve(opts.out);
    const tmp = `${out}.${process.pid}.tmp`;
    const stream = createWriteStream(tmp);
    try {
      await once(stream, 'open');
      for (const c of chunks) await write(stream, c);
      stream.end();
      await once(stream, 'finish');
      await rename(tmp, out);
    } catch (e) {
      stream.destroy();
      await rm(tmp, { force: true });
      if (e instanceof AppError) throw e;
      throw new AppError('FileUnreadable', `Cannot write ${out}: ${e instanceof Error ? e.message : String(e)}`, { file: out, cause: e });
    }
  } finally {
    db.close();
  }
}
