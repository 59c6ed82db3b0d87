/**
 * The one error type that crosses every boundary (CLI exit codes, IPC, worker messages, batch rows).
 * `kind` is a closed union: callers switch on it (with assertNever), never on message text.
 */
export const ERROR_KINDS = [
  // bad input (CLI exit 2)
  'FileUnreadable', // path missing, permission denied, a directory, a broken symlink
  'EmptyFile', // zero bytes
  'NotMedia', // ffprobe cannot recognise a container
  'MediaTruncated', // container recognised but the data ends early / cannot be decoded through
  'NoAudioStream',
  'NoVideoStream',
  'InvalidArgument', // a CLI/IPC/config value that is not allowed
  'InvalidDataset', // a CSV/pickle/dataset folder that does not match its format
  'ModelMissing', // model pack / weights not present (or not complete)
  'ModelContractMismatch', // checksum or io contract does not match the manifest
  // environment / internal
  'NetworkUnavailable',
  'Timeout',
  'Canceled',
  'ToolFailed', // ffmpeg/ffprobe or a worker failed for a reason that is not the input's fault
  'Internal',
  'FileChanged', // the file was modified (grew, shrank, replaced) while it was being read: retry later
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

/** Kinds that mean "the input was bad" (exit code 2), as opposed to an internal failure (exit 1). */
const BAD_INPUT_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
  'FileUnreadable',
  'EmptyFile',
  'NotMedia',
  'MediaTruncated',
  'NoAudioStream',
  'NoVideoStream',
  'InvalidArgument',
  'InvalidDataset',
  'ModelMissing',
  'ModelContractMismatch',
]);

export interface SerializedError {
  kind: ErrorKind;
  message: string;
  file?: string | undefined;
  stack?: string | undefined;
}

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly file: string | undefined;

  constructor(kind: ErrorKind, message: string, opts: { file?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.kind = kind;
    this.file = opts.file;
  }

  get isBadInput(): boolean {
    return BAD_INPUT_KINDS.has(this.kind);
  }

  toJSON(): SerializedError {
    return { kind: this.kind, message: this.message, file: this.file, stack: this.stack };
  }

  static fromJSON(e: SerializedError): AppError {
    const err = new AppError(e.kind, e.message, e.file === undefined ? {} : { file: e.file });
    if (e.stack) err.stack = e.stack;
    return err;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

export function isBadInputKind(kind: ErrorKind): boolean {
  return BAD_INPUT_KINDS.has(kind);
}

/** Wraps anything thrown into an AppError; an AbortError becomes Canceled. */
export function toAppError(e: unknown, file?: string): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof Error && e.name === 'AbortError') {
    return new AppError('Canceled', 'The operation was canceled.', { ...(file ? { file } : {}), cause: e });
  }
  const msg = e instanceof Error ? e.message : String(e);
  return new AppError('Internal', msg, { ...(file ? { file } : {}), cause: e });
}

/** Throws Canceled when the signal is aborted; call between steps of a long stage. */
export function throwIfAborted(signal: AbortSignal | undefined, what = 'operation'): void {
  if (signal?.aborted) throw new AppError('Canceled', `The ${what} was canceled.`);
}

export function assertNever(x: never, what = 'value'): never {
  throw new AppError('Internal', `Unexpected ${what}: ${JSON.stringify(x)}`);
}
