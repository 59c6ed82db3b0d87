import type { StageContext, StageName } from '../context.ts';
import type { ErrorKind } from '../errors.ts';
import type { DatasetHeader, SplitName } from './format.ts';

/** One input that did not become a sample: which file/row, and why (never stops a clip build). */
export interface BuildFailure {
  file: string;
  row?: number;
  line?: number;
  kind: ErrorKind;
  reason: string;
}

export interface BuildSummary {
  out: string;
  samples: number;
  splits: Record<SplitName, number>;
  /** inputs (rows/clips) that failed; their reasons are in `failures` */
  failed: number;
  failures: BuildFailure[];
  /** facts worth a line on stderr (e.g. empty texts, an empty test split) */
  warnings: string[];
  durationSec: number;
  header: DatasetHeader;
}

/** Progress at most once per percent (and at the end), so a 100k-row CSV does not flood the UI. */
export function progressReporter(ctx: StageContext, stage: StageName, total: number): (done: number, detail?: string) => void {
  let lastPct = -1;
  return (done, detail) => {
    const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
    if (pct === lastPct && done !== total) return;
    lastPct = pct;
    ctx.onProgress({ type: 'stage', stage, fraction: total === 0 ? 1 : done / total, detail: detail ?? `${done}/${total}` });
  };
}

/** The summary of a finished build; split sizes come from the header the writer wrote. */
export function finishedSummary(
  out: string,
  samples: number,
  header: DatasetHeader,
  failures: BuildFailure[],
  warnings: string[],
  durationSec: number,
): BuildSummary {
  const splits = { train: header.splits.train.n, valid: header.splits.valid.n, test: header.splits.test.n };
  return { out, samples, splits, failed: failures.length, failures, warnings, durationSec, header };
}

export function splitWarnings(header: DatasetHeader): string[] {
  const out: string[] = [];
  for (const s of ['train', 'valid', 'test'] as const) {
    if (header.splits[s].n === 0) out.push(`split '${s}' is empty (no row was assigned to it)`);
  }
  return out;
}
