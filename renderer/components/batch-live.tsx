import type { BatchJobSummary } from '../../preload/contract.ts';
import { eta } from '../format.ts';

/**
 * A running batch's progress as its own process last wrote it into the results store: what the
 * window shows for a batch it did not start (`corrkd batch` in a terminal, local or over a queue),
 * with the queue and its live workers. A running job whose record stopped moving is flagged: its
 * process probably died, and `corrkd batch --resume` continues it.
 */
export const STALE_AFTER_MS = 60_000;

export function queueLine(q: NonNullable<NonNullable<BatchJobSummary['live']>['queue']>): string {
  if (!q.connected) return `queue ${q.url} unreachable, reconnecting`;
  return `queue ${q.url} · ${q.workers === null ? '?' : q.workers} live worker${q.workers === 1 ? '' : 's'}`;
}

export function BatchLive({ job, now }: { job: BatchJobSummary; now: number }) {
  const live = job.live;
  if (!live) return null;
  const running = job.status === 'running';
  const stale = running && now - Date.parse(live.at) > STALE_AFTER_MS;
  return (
    <div className="batch-progress" data-testid="batch-live" role="status" aria-live="polite">
      {running ? <progress max={1} value={live.total > 0 ? live.done / live.total : undefined} aria-label={`Progress of job ${job.id}`} /> : null}
      <span>
        {live.done}/{live.total} files · {live.succeeded} analysed · {live.failed} failed · {live.skipped} skipped
        {running ? ` · ${live.filesPerMin !== null ? `${live.filesPerMin.toFixed(1)} files/min` : '–'} · ETA ${eta(live.etaSec)}` : ''}
      </span>
      {live.queue ? (
        <span data-testid="batch-queue" className={live.queue.connected ? 'muted' : 'error-text'}>
          {running ? queueLine(live.queue) : `ran over the queue ${live.queue.url}`}
        </span>
      ) : null}
      {stale ? (
        <span className="error-text">
          No progress since {new Date(live.at).toLocaleTimeString()}: the process running this batch may have stopped; <span className="mono">corrkd batch --resume</span> continues it.
        </span>
      ) : null}
    </div>
  );
}
