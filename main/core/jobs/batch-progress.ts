import type { FileStatus, StoredError } from '../store/schemas.ts';

/**
 * Batch progress (files done, failed, skipped, throughput, ETA) as one typed event. Throughput counts
 * only files that needed work in this run (a skipped file costs a stat, not an analysis), so the ETA
 * for the files still to do is not flattered by a resume that skipped most of the folder.
 */
export interface BatchProgress {
  jobId: number;
  /** Input files of the job (rows). */
  total: number;
  /** Files with a final state in this run (succeeded + failed + skipped). */
  done: number;
  succeeded: number;
  failed: number;
  skipped: number;
  inFlight: number;
  /** Files that were worked on (hashed/analysed) in this run. */
  worked: number;
  filesPerMin: number | null;
  etaSec: number | null;
  elapsedMs: number;
  last?: { path: string; status: FileStatus; error?: StoredError };
  /** A batch spread over a queue (corrkd batch --queue): where, and how many workers are live. */
  queue?: QueueProgress;
}

export interface QueueProgress {
  /** The queue's Redis URL without its password. */
  url: string;
  /** Workers connected to the queue now (null until first asked, or while Redis is unreachable). */
  workers: number | null;
  /** false while the coordinator has lost its connection to Redis (it reconnects by itself). */
  connected: boolean;
}

export type BatchProgressListener = (p: BatchProgress) => void;

export class ProgressTracker {
  private succeeded = 0;
  private failed = 0;
  private skipped = 0;
  private worked = 0;
  private inFlight = 0;
  private readonly start: number;

  constructor(
    private readonly jobId: number,
    private readonly total: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.start = now();
  }

  begin(): void {
    this.inFlight++;
  }

  /** Records one file's final state; `worked` is false when it was skipped without hashing. */
  end(status: FileStatus, worked: boolean): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (worked) this.worked++;
    if (status === 'succeeded') this.succeeded++;
    else if (status === 'failed') this.failed++;
    else if (status === 'skipped') this.skipped++;
  }

  snapshot(last?: BatchProgress['last']): BatchProgress {
    const elapsedMs = this.now() - this.start;
    const done = this.succeeded + this.failed + this.skipped;
    const perMs = this.worked > 0 && elapsedMs > 0 ? this.worked / elapsedMs : null;
    const remaining = Math.max(0, this.total - done);
    return {
      jobId: this.jobId,
      total: this.total,
      done,
      succeeded: this.succeeded,
      failed: this.failed,
      skipped: this.skipped,
      inFlight: this.inFlight,
      worked: this.worked,
      filesPerMin: perMs === null ? null : perMs * 60_000,
      etaSec: perMs === null ? null : remaining / perMs / 1000,
      elapsedMs,
      ...(last ? { last } : {}),
    };
  }
}

/**
 * Default per-file limit when none is given: analysis on CPU is designed to run at about real time
 * or faster, so 3x the clip's duration plus 2 minutes (model load, ASR warm-up) is the point where a
 * clip is hung rather than slow. A clip whose duration ffprobe cannot tell gets 30 minutes.
 */
export function autoTimeoutMs(durationSec: number | null): number {
  if (durationSec === null) return 30 * 60_000;
  return Math.round(120_000 + 3 * durationSec * 1000);
}
