import { InvalidArgumentError, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { AppError } from '../../core/errors.ts';
import type { Logger } from '../../core/context.ts';
import { runBatch, type BatchOptions, type BatchSummary } from '../../core/jobs/batch.ts';
import { parseQueueUrl } from '../../core/queue/queue-url.ts';
import type { BatchProgress } from '../../core/jobs/batch-progress.ts';
import { defaultConcurrency } from '../../core/jobs/concurrency.ts';
import type { BatchAnalyzer, BatchAnalyzerOptions } from '../../core/jobs/default-analyzer.ts';
import { openStore } from '../../core/store/open-store.ts';
import { printJson, sigintController } from '../run.ts';

/**
 * `corrkd batch FOLDER --db FILE [--resume] [--concurrency N] [--timeout SEC] [--queue URL]`
 * (DESIGN 8, 11). Progress bar on stderr, summary on stdout (or one JSON document with --json).
 * Exit 0 when the batch completed, even if files failed (their errors are rows: `corrkd export`
 * lists them); 130 when canceled. First Ctrl+C finishes gracefully (in-flight files become
 * `interrupted`), a second exits at once: the store stays consistent because every row write is one
 * SQLite transaction. With --queue the files are analysed by `corrkd worker`s (core/queue); this
 * process stays the store's only writer, and jobs it leaves on the queue are collected by --resume.
 */
export interface BatchCommandOptions {
  db: string;
  resume?: boolean;
  concurrency?: number;
  /** Seconds; 0 = no limit; absent = derived from each clip's duration. */
  timeout?: number;
  json?: boolean;
  /** Redis URL of the batch queue: the files go to workers instead of being analysed here. */
  queue?: string;
  /** Seconds before a transiently failed file's first retry on the queue. */
  retryDelay?: number;
}

const positiveInt = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a whole number >= 1, got "${v}".`);
  return n;
};
const nonNegative = (v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`expected a number of seconds >= 0, got "${v}".`);
  return n;
};

/** The pipeline is loaded only when a batch runs, so other commands start fast. */
async function defaultAnalyzer(opts: BatchAnalyzerOptions): Promise<BatchAnalyzer> {
  const { createBatchAnalyzer } = await import('../../core/jobs/default-analyzer.ts');
  return createBatchAnalyzer(opts);
}

/** `createAnalyzer` is the app's pipeline; a test may register the command with its own analyzer. */
export function registerBatch(
  program: Command,
  createAnalyzer: (opts: BatchAnalyzerOptions) => Promise<BatchAnalyzer> = defaultAnalyzer,
): void {
  program
    .command('batch')
    .description('Analyse every audio/video file under FOLDER into a SQLite results store; resumable, idempotent')
    .argument('<folder>', 'folder to scan recursively (media is recognised by content, not only by extension)')
    .requiredOption('--db <file>', 'results store (SQLite, created if missing)')
    .option('--resume', 'continue the last batch over this folder: skip files already done, redo interrupted ones')
    .option('--concurrency <n>', `files analysed at once (default ${defaultConcurrency()}: half the CPU cores, at least 2)`, positiveInt)
    .option('--timeout <sec>', 'per-file analysis limit in seconds, 0 = none (default: 120 + 3 x clip duration)', nonNegative)
    .option('--model <dir>', 'model pack folder (default: the bundled pack)')
    .option('--device <name>', 'auto | cpu | cuda | webgpu')
    .option('--queue <url>', 'spread the files over `corrkd worker`s through this Redis: redis://HOST:PORT[/DB] or rediss://[:PASSWORD@]HOST:PORT[/DB]')
    .option('--retry-delay <sec>', 'with --queue: wait before retrying a file that failed for a transient reason, doubled each retry (default 10)', nonNegative)
    .option('--json', 'print the summary as one JSON document on stdout')
    .action(async (folder: string, opts: BatchCommandOptions & { model?: string; device?: string }) => {
      if (opts.queue !== undefined) {
        if (opts.concurrency !== undefined) {
          throw new AppError('InvalidArgument', '--concurrency sets how many files this machine analyses; with --queue the workers analyse them: give corrkd worker --concurrency instead.');
        }
        // a bad or unreachable URL is refused within seconds, before the pack is loaded or a store created
        const { checkReachable } = await import('../../core/queue/connection.ts');
        await checkReachable(parseQueueUrl(opts.queue));
      } else if (opts.retryDelay !== undefined) {
        throw new AppError('InvalidArgument', '--retry-delay applies to a batch over a queue; add --queue URL.');
      }
      const analyzer = await createAnalyzer({
        ...(opts.model ? { modelDir: opts.model } : {}),
        ...(opts.device ? { device: opts.device } : {}),
      });
      try {
        await runBatchCommand(folder, opts, analyzer);
      } finally {
        await analyzer.close?.();
      }
    });
}

/** The command body, with the analyzer injected (the CLI passes the app's; tests pass their own). */
export async function runBatchCommand(folder: string, opts: BatchCommandOptions, analyzer: BatchAnalyzer): Promise<BatchSummary> {
  const ac = sigintController();
  const db = openStore(opts.db);
  const bar = createBar();
  const notes: string[] = [];
  const failures: string[] = [];
  const log: Logger = (level, message) => {
    if (level === 'warn' || level === 'error') notes.push(`${level}: ${message}`);
    else if (process.env.CORRKD_DEBUG) notes.push(`${level}: ${message}`);
  };
  let summary: BatchSummary;
  const ctx = { signal: ac.signal, onProgress: () => {}, log };
  const options: BatchOptions = {
    db,
    resume: opts.resume ?? false,
    ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}),
    perFileTimeoutMs: opts.timeout === undefined ? 'auto' : opts.timeout === 0 ? null : Math.round(opts.timeout * 1000),
    modelKey: analyzer.model,
    optionsHash: analyzer.optionsHash,
    onProgress: (p) => {
      bar.update(p);
      if (p.last?.error && p.last.status === 'failed') failures.push(`${p.last.error.kind}: ${p.last.error.message}`);
    },
  };
  try {
    if (opts.queue !== undefined) {
      const { runQueuedBatch } = await import('../../core/queue/queued-batch.ts');
      const queue = parseQueueUrl(opts.queue);
      summary = await runQueuedBatch(
        folder,
        { ...options, queue, pack: analyzer.pack, ...(opts.retryDelay !== undefined ? { retryDelayMs: Math.round(opts.retryDelay * 1000) } : {}) },
        ctx,
      );
    } else {
      summary = await runBatch(folder, options, analyzer.analyze, ctx);
    }
  } finally {
    bar.stop();
    db.close();
    for (const n of notes) process.stderr.write(`${n}\n`);
  }
  if (opts.json) printJson(summary);
  else process.stdout.write(formatSummary(summary, failures, opts.db));
  if (summary.status === 'canceled') {
    throw new AppError('Canceled', `Batch canceled: ${summary.pending} file(s) not finished; run the same command with --resume to finish them.`);
  }
  return summary;
}

function formatSummary(s: BatchSummary, failures: string[], dbFile: string): string {
  const lines = [
    `Batch job ${s.jobId} ${s.status}${s.resumed ? ' (resumed)' : ''}: ${s.folder}`,
    `  ${s.total} input file(s): ${s.succeeded} analysed, ${s.failed} failed, ${s.pending} not finished; ${s.ignored} non-media file(s) ignored`,
    `  this run: ${s.worked} worked on, ${s.skipped} skipped as already done, ${(s.elapsedMs / 1000).toFixed(1)} s` +
      (s.filesPerMin !== null ? `, ${s.filesPerMin.toFixed(1)} files/min` : ''),
  ];
  const kinds = Object.entries(s.errorsByKind);
  if (kinds.length > 0) lines.push(`  failures by kind: ${kinds.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  const shown = failures.slice(0, 20);
  for (const f of shown) lines.push(`    ${f.replace(/[\r\n]+/g, ' ')}`);
  if (failures.length > shown.length) lines.push(`    ... ${failures.length - shown.length} more`);
  if (s.failed > 0) lines.push(`  every failure is a row: corrkd export --db ${dbFile} --format csv`);
  return `${lines.join('\n')}\n`;
}

function queueText(q: NonNullable<BatchProgress['queue']>): string {
  if (!q.connected) return `${q.url} unreachable, reconnecting`;
  return `${q.workers ?? '?'} worker(s) on ${q.url}`;
}

function formatEta(sec: number | null): string {
  if (sec === null || !Number.isFinite(sec)) return '--';
  const s = Math.round(sec);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** On a terminal the bar redraws in place; to a file or pipe it prints a line every 5 s. */
function createBar(): { update(p: BatchProgress): void; stop(): void } {
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'batch |{bar}| {value}/{total} files | {failed} failed | {skipped} skipped | {rate} files/min | ETA {etaText}{queueText}',
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 5000,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      const payload = {
        failed: p.failed,
        skipped: p.skipped,
        rate: p.filesPerMin === null ? '--' : p.filesPerMin.toFixed(p.filesPerMin < 10 ? 1 : 0),
        etaText: formatEta(p.etaSec),
        queueText: p.queue ? ` | ${queueText(p.queue)}` : '',
      };
      if (!started) {
        bar.start(p.total, p.done, payload);
        started = true;
      } else {
        bar.setTotal(p.total);
        bar.update(p.done, payload);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
