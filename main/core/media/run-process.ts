import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { AppError } from '../errors.ts';

/**
 * Runs a tool (ffmpeg, ffprobe) as a child process with an argument array, never through a shell
 * (DESIGN 2). Cancellation is first class (STYLE habit 9): aborting the signal sends SIGTERM, then
 * SIGKILL after a short grace, and `done` settles only once the child has exited, so a caller that
 * awaited it knows no child is left behind.
 */

export interface ProcessOptions {
  signal?: AbortSignal;
  /** Kill the child and fail with AppError 'Timeout' after this many milliseconds. */
  timeoutMs?: number;
  /** Names the work in error messages, e.g. "ffprobe of clip.mp4". Defaults to the tool's name. */
  label?: string;
  /** The input file, attached to AppErrors raised here. */
  file?: string;
  /** How much of stderr to keep (the tail; ffmpeg can log megabytes on a bad file). Default 16 KiB. */
  stderrTailBytes?: number;
  /** Time between SIGTERM and SIGKILL. Default 1500 ms. */
  killGraceMs?: number;
}

export interface ProcessResult {
  /** Exit code, or null when the child was ended by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The last `stderrTailBytes` of stderr, decoded as UTF-8. */
  stderrTail: string;
  /** true when `stop()` ended it (the consumer wanted no more output), not an abort or timeout. */
  stopped: boolean;
}

export interface RunningProcess {
  readonly pid: number | undefined;
  /** Raw stdout chunks. Iterating pulls data, so a slow consumer pauses the child (backpressure). */
  readonly stdout: AsyncIterable<Buffer>;
  /**
   * Settles after the child exited: resolves with the exit status (non-zero codes included: the
   * caller decides what they mean); rejects with AppError 'Canceled', 'Timeout' or 'ToolFailed'
   * (could not start).
   */
  readonly done: Promise<ProcessResult>;
  /** Ends the child early without an error (SIGTERM, then SIGKILL); `done` still settles on exit. */
  stop(): void;
}

const DEFAULT_STDERR_TAIL = 16 * 1024;
const DEFAULT_GRACE_MS = 1500;

/** Keeps only the last `limit` bytes of a stream. */
class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly limit: number) {}
  push(b: Buffer): void {
    this.chunks.push(b);
    this.size += b.length;
    if (this.size > 2 * this.limit) {
      const all = Buffer.concat(this.chunks);
      const kept = all.subarray(all.length - this.limit);
      this.chunks = [kept];
      this.size = kept.length;
    }
  }
  text(): string {
    const all = Buffer.concat(this.chunks);
    return all.subarray(Math.max(0, all.length - this.limit)).toString('utf8');
  }
}

/** Starts `cmd args...`; the caller must iterate `stdout` (or call stop()) and await `done`. */
export function startProcess(cmd: string, args: readonly string[], opts: ProcessOptions = {}): RunningProcess {
  const label = opts.label ?? cmd;
  const fileOpt = opts.file === undefined ? {} : { file: opts.file };
  if (opts.signal?.aborted) {
    throw new AppError('Canceled', `${label} was canceled before it started.`, fileOpt);
  }

  const child = spawn(cmd, [...args], { stdio: ['ignore', 'pipe', 'pipe'], shell: false, windowsHide: true });
  const stderr = new TailBuffer(opts.stderrTailBytes ?? DEFAULT_STDERR_TAIL);
  child.stderr.on('data', (b: Buffer) => stderr.push(b));

  let reason: 'abort' | 'timeout' | 'stop' | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  let timeoutTimer: NodeJS.Timeout | undefined;
  let exited = false;

  const terminate = (why: 'abort' | 'timeout' | 'stop'): void => {
    if (exited || reason !== undefined) return;
    reason = why;
    child.kill('SIGTERM');
    killTimer = setTimeout(() => {
      if (!exited) child.kill('SIGKILL');
    }, opts.killGraceMs ?? DEFAULT_GRACE_MS);
  };
  const onAbort = (): void => terminate('abort');
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.timeoutMs !== undefined) timeoutTimer = setTimeout(() => terminate('timeout'), opts.timeoutMs);

  const cleanup = (): void => {
    exited = true;
    if (killTimer) clearTimeout(killTimer);
    if (timeoutTimer) clearTimeout(timeoutTimer);
    opts.signal?.removeEventListener('abort', onAbort);
  };

  const done = new Promise<ProcessResult>((resolve, reject) => {
    let stderrEnded = false;
    let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    const settle = (): void => {
      if (!exitInfo || !stderrEnded) return;
      const { code, signal } = exitInfo;
      if (reason === 'abort') {
        reject(new AppError('Canceled', `${label} was canceled.`, { ...fileOpt, cause: opts.signal?.reason }));
      } else if (reason === 'timeout') {
        reject(new AppError('Timeout', `${label} did not finish within ${((opts.timeoutMs ?? 0) / 1000).toFixed(1)} s and was stopped.`, fileOpt));
      } else {
        resolve({ exitCode: code, signal, stderrTail: stderr.text(), stopped: reason === 'stop' });
      }
    };
    child.stderr.on('end', () => {
      stderrEnded = true;
      settle();
    });
    child.stderr.on('error', () => {
      stderrEnded = true;
      settle();
    });
    child.on('exit', (code, signal) => {
      cleanup();
      exitInfo = { code, signal };
      settle();
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      // 'error' without a pid: the executable could not be started at all; no 'exit' follows.
      if (child.pid === undefined) {
        cleanup();
        reject(new AppError('ToolFailed', `Cannot start ${cmd} (${err.code ?? err.message}) for ${label}.`, { ...fileOpt, cause: err }));
      }
    });
  });
  // A caller that stops listening after its own error must not crash the process.
  done.catch(() => {});

  return {
    pid: child.pid,
    stdout: child.stdout as Readable & AsyncIterable<Buffer>,
    done,
    stop: () => terminate('stop'),
  };
}

export interface RunOptions extends ProcessOptions {
  /** Receives stdout chunks in order; awaited before the next chunk is read (backpressure). */
  onStdout?: (chunk: Buffer) => void | Promise<void>;
  /** Without onStdout, stdout is collected up to this many bytes (default 64 MiB), else ToolFailed. */
  maxStdoutBytes?: number;
}

export interface RunResult extends ProcessResult {
  /** Collected stdout (empty when onStdout consumed it). */
  stdout: Buffer;
}

/**
 * Runs a tool to completion. Non-zero exit codes are returned, not thrown: ffprobe failing on a
 * random-bytes file is an answer about the input, which the caller turns into the right AppError.
 */
export async function runProcess(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const proc = startProcess(cmd, args, opts);
  const maxBytes = opts.maxStdoutBytes ?? 64 * 1024 * 1024;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of proc.stdout) {
      if (opts.signal?.aborted) break;
      if (opts.onStdout) {
        await opts.onStdout(chunk);
        continue;
      }
      size += chunk.length;
      if (size > maxBytes) {
        throw new AppError('ToolFailed', `${opts.label ?? cmd} wrote more than ${maxBytes} bytes to stdout.`, opts.file === undefined ? {} : { file: opts.file });
      }
      chunks.push(chunk);
    }
  } catch (e) {
    proc.stop();
    // Wait for the exit; an abort or timeout that happened meanwhile explains the failure better.
    await proc.done;
    throw e;
  }
  const result = await proc.done;
  return { ...result, stdout: Buffer.concat(chunks) };
}
