import { InvalidArgumentError, type Command } from 'commander';
import type { Logger } from '../../core/context.ts';
import { assertNever } from '../../core/errors.ts';
import type { BatchAnalyzer, BatchAnalyzerOptions } from '../../core/jobs/default-analyzer.ts';
import { parsePathMapping, PathMap, type PathMapping } from '../../core/queue/path-map.ts';
import { describePack } from '../../core/queue/pack-identity.ts';
import { parseQueueUrl } from '../../core/queue/queue-url.ts';
import type { QueueWorker, WorkerEvent, WorkerSummary } from '../../core/queue/queue-worker.ts';

/**
 * `corrkd worker --queue URL [--concurrency N] [--model DIR] [--path-map FROM=TO]...` (issue 12,
 * DESIGN 11): analyses files of `corrkd batch --queue` batches on this machine until stopped. One
 * line per job on stderr; the counts on stdout when it stops. SIGTERM or Ctrl+C: no new job, the
 * jobs in flight finish (up to --grace seconds) or go back to the queue, exit 0; a second signal
 * hands them back at once. A job for another model pack is put back and the worker exits 2 with
 * ModelContractMismatch naming both packs.
 */
export interface WorkerCommandOptions {
  queue: string;
  concurrency: number;
  model?: string;
  device?: string;
  pathMap: PathMapping[];
  lock: number;
  grace: number;
  name?: string;
}

const positiveInt = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a whole number >= 1, got "${v}".`);
  return n;
};
const seconds =
  (min: number) =>
  (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) throw new InvalidArgumentError(`expected a number of seconds >= ${min}, got "${v}".`);
    return n;
  };
const mapping = (v: string, prev: PathMapping[]): PathMapping[] => {
  try {
    return [...prev, parsePathMapping(v)];
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
};

async function defaultAnalyzer(opts: BatchAnalyzerOptions): Promise<BatchAnalyzer> {
  const { createBatchAnalyzer } = await import('../../core/jobs/default-analyzer.ts');
  return createBatchAnalyzer(opts);
}

export function registerWorker(
  program: Command,
  createAnalyzer: (opts: BatchAnalyzerOptions) => Promise<BatchAnalyzer> = defaultAnalyzer,
): void {
  program
    .command('worker')
    .description('Analyse files of queued batches (corrkd batch --queue) on this machine until stopped')
    .requiredOption('--queue <url>', 'the batch queue: redis://HOST:PORT[/DB] or rediss://[:PASSWORD@]HOST:PORT[/DB]')
    .option('--concurrency <n>', 'files analysed at once on this machine', positiveInt, 1)
    .option('--model <dir>', "model pack folder: must be the coordinator's pack (default: the bundled pack)")
    .option('--device <name>', 'auto | cpu | cuda | webgpu')
    .option('--path-map <from=to>', 'the coordinator sees files under FROM, this machine under TO (repeatable)', mapping, [])
    .option('--lock <sec>', 'a job whose worker stops answering this long goes to another worker', seconds(1), 30)
    .option('--grace <sec>', 'on SIGTERM: time the jobs in flight get to finish before they go back to the queue', seconds(0), 120)
    .option('--name <name>', 'this worker in logs and on the queue (default HOST-PID)')
    .action(async (opts: WorkerCommandOptions) => {
      const target = parseQueueUrl(opts.queue);
      const analyzer = await createAnalyzer({
        ...(opts.model ? { modelDir: opts.model } : {}),
        ...(opts.device ? { device: opts.device } : {}),
      });
      try {
        const summary = await runWorkerCommand(target, opts, analyzer);
        process.stdout.write(`worker ${summary.name} stopped: ${summary.done} file(s) analysed, ${summary.failed} failed attempt(s), ${summary.returned} handed back to the queue\n`);
      } finally {
        await analyzer.close?.();
      }
    });
}

async function runWorkerCommand(target: ReturnType<typeof parseQueueUrl>, opts: WorkerCommandOptions, analyzer: BatchAnalyzer): Promise<WorkerSummary> {
  const queue = await import('../../core/queue/queue-worker.ts');
  const say = (line: string) => process.stderr.write(`${line.replace(/[\r\n]+/g, ' ')}\n`);
  const log: Logger = (level, message) => {
    if (level === 'warn' || level === 'error' || process.env.CORRKD_DEBUG) say(`${level}: ${message}`);
  };
  // Signals are handled from before the worker starts: it may take a job before start() returns.
  let worker: QueueWorker | null = null;
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    signals++;
    if (!worker) return; // acted on once the worker is up
    if (signals === 1) {
      say(`${sig}: stopping: no new job; the ones in flight finish within ${opts.grace} s or go back to the queue (again to hand them back now).`);
      void worker.stop();
    } else {
      say(`${sig} again: handing the jobs in flight back to the queue.`);
      worker.returnJobs();
    }
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    worker = await queue.QueueWorker.start({
      target,
      analyzer,
      concurrency: opts.concurrency,
      pathMap: new PathMap(opts.pathMap),
      lockMs: Math.round(opts.lock * 1000),
      graceMs: Math.round(opts.grace * 1000),
      ...(opts.name ? { name: opts.name } : {}),
      log,
      onEvent: (e) => say(describeEvent(e, target.display, analyzer, opts.concurrency)),
    });
    if (signals === 1) void worker.stop();
    else if (signals > 1) worker.returnJobs();
    return await worker.finished();
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}

function describeEvent(e: WorkerEvent, url: string, analyzer: BatchAnalyzer, concurrency: number): string {
  switch (e.type) {
    case 'ready':
      return `worker ${e.name}: ready on ${url} with model pack ${describePack(analyzer.pack)}, ${concurrency} file(s) at once`;
    case 'start':
      return `took ${e.path}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}`;
    case 'done':
      return e.error ? `done ${e.path}: ${e.error.kind}: ${e.error.message}` : `done ${e.path} (${(e.ms / 1000).toFixed(1)} s)`;
    case 'failed':
      return `failed ${e.path} (attempt ${e.attempt} of ${e.attempts}${e.attempt < e.attempts ? ', will be retried' : ', recorded'}): ${e.error.kind}: ${e.error.message}`;
    case 'returned':
      return `returned ${e.path} to the queue`;
    case 'refused':
      return `refused ${e.path}: put back on the queue`;
    default:
      return assertNever(e, 'worker event');
  }
}
