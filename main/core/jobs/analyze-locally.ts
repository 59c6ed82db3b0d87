import type { Logger } from '../context.ts';
import { probeMedia } from '../media/probe.ts';
import type { Timings } from '../store/schemas.ts';
import { autoTimeoutMs } from './batch-progress.ts';
import type { AnalyzeFile, Analyze } from './process-file.ts';
import { withDeadline } from './with-deadline.ts';

/**
 * The analysis of one hashed file in this process, as a local batch runs it and as a queue worker
 * runs it for a coordinator (the same steps, so the same outcomes and messages): check by content
 * that it is media (ffprobe + container extent: NotMedia / MediaTruncated before any analysis), then
 * analyse it under its per-file deadline, handing down the probe and the batch's hash (`sha256`) so
 * neither is done again. `timings` gets probeMs and analyzeMs as they happen, so a
 * failure keeps the steps it got through.
 */
export interface LocalAnalysisOptions {
  analyze: Analyze;
  /** A fixed limit in ms, 'auto' (from the clip's duration, autoTimeoutMs) or null (none). */
  perFileTimeoutMs: number | 'auto' | null;
  log: Logger;
}

export async function analyzeLocally(file: string, signal: AbortSignal, timings: Timings, o: LocalAnalysisOptions, sha256?: string): Promise<unknown> {
  let t = performance.now();
  const info = await probeMedia(file, { signal, onProgress: () => {}, log: o.log });
  timings.probeMs = performance.now() - t;
  const duration = Number.isFinite(info.durationSec) && info.durationSec > 0 ? info.durationSec : null;
  const timeoutMs = o.perFileTimeoutMs === 'auto' ? autoTimeoutMs(duration) : o.perFileTimeoutMs;
  t = performance.now();
  const result = await withDeadline(
    (s) =>
      o.analyze(file, {
        signal: s,
        onProgress: () => {},
        log: (level, message) => o.log(level, `${file}: ${message}`),
      }, { media: info, ...(sha256 ? { sha256 } : {}) }),
    { parent: signal, timeoutMs, what: `The analysis of ${file}` },
  );
  timings.analyzeMs = performance.now() - t;
  return result;
}

/** The local batch's AnalyzeFile: the analysis runs here and keeps its slot until it ends. */
export function localAnalyzeFile(o: LocalAnalysisOptions): AnalyzeFile {
  return (call) => analyzeLocally(call.file, call.signal, call.timings, o, call.hashed.sha256);
}
