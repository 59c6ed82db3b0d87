import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../../main/core/paths.ts';

/** The corrkd CLI with the test analyzer on both sides of the queue (queue-child.ts). */
export const QUEUE_CHILD = path.join(PROJECT_ROOT, 'test/integration/queue/queue-child.ts');
/** The shipped corrkd entry point (real pipeline). */
export const BIN = path.join(PROJECT_ROOT, 'main/cli/bin.js');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A real child process whose output can be awaited line by line. */
export interface Proc {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<Exit>;
  /** Resolves with the first match of `re` in stderr; rejects if the process exits first or after limitMs. */
  waitFor(re: RegExp, limitMs?: number): Promise<RegExpMatchArray>;
}

export function start(script: string, args: string[], env: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout!.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString('utf8');
    for (const l of listeners) l();
  });
  const exited = new Promise<Exit>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout: out, stderr: err })));
  let done = false;
  void exited.then(() => {
    done = true;
    for (const l of listeners) l();
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(re, limitMs = 120_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`no ${re} in the output within ${limitMs} ms; stderr:\n${err}`)), limitMs);
        const check = () => {
          const m = err.match(re);
          if (m) finish(null, m);
          else if (done) finish(new Error(`the process exited before ${re} appeared; stderr:\n${err}`));
        };
        const finish = (e: Error | null, m?: RegExpMatchArray) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (e) reject(e);
          else resolve(m!);
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** How many times `line` (a full line) appears in `text`. */
export function countLines(text: string, line: string): number {
  return text.split('\n').filter((l) => l === line).length;
}

/** Kills whatever is still running (afterEach), so a failed test leaves no process behind. */
export function reap(procs: Proc[]): Promise<unknown> {
  return Promise.all(
    procs.splice(0).map((p) => {
      if (p.child.exitCode !== null || p.child.signalCode !== null) return p.exited;
      p.child.kill('SIGKILL');
      return p.exited;
    }),
  );
}
