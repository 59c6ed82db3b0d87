/**
 * A stage is `(input, ctx) => Promise<output>` (STYLE habit 5). The same context type reaches every
 * stage, whether the caller is the CLI, the Electron main process, a batch job or a test.
 */
export type StageName =
  | 'probe'
  | 'decode'
  | 'vad'
  | 'transcript'
  | 'audio-features'
  | 'visual-features'
  | 'text-features'
  | 'align'
  | 'usability'
  | 'inference'
  | 'train'
  | 'export'
  | 'eval'
  | 'download';

/** Progress is a typed union (STYLE habit 10); fraction in [0, 1] when known. */
export type Progress =
  | { type: 'stage'; stage: StageName; fraction?: number; detail?: string }
  | { type: 'download'; file: string; loaded: number; total?: number }
  | {
      type: 'train';
      phase: 'teacher' | 'student';
      epoch: number;
      epochs: number;
      step: number;
      steps: number;
      losses: Record<string, number>;
    }
  | { type: 'message'; text: string };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Logger = (level: LogLevel, message: string) => void;

export interface StageContext {
  signal: AbortSignal;
  onProgress: (p: Progress) => void;
  log: Logger;
}

export const silentLogger: Logger = () => {};

/** A context for tests and scripts that do not care about progress. */
export function makeContext(partial: Partial<StageContext> = {}): StageContext {
  return {
    signal: partial.signal ?? new AbortController().signal,
    onProgress: partial.onProgress ?? (() => {}),
    log: partial.log ?? silentLogger,
  };
}
