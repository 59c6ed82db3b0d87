import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PROJECT_ROOT } from '../../../main/core/paths.ts';

/** Runs batch-child.ts (the corrkd CLI with the test analyzer) as a real child process. */
export const CHILD = path.join(PROJECT_ROOT, 'test/integration/batch/batch-child.ts');

export interface Exited {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Running {
  child: ChildProcess;
  exited: Promise<Exited>;
}

export function startCli(script: string, args: string[], env: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const exited = new Promise<Exited>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exited };
}

/**
 * Polls the store (read-only, beside the writer: WAL lets readers in) until `sql` returns a count
 * of at least `min`, or the child exits. Returns false when the child ended first.
 */
export async function waitForCount(dbFile: string, sql: string, min: number, run: Running, limitMs = 60_000): Promise<boolean> {
  let ended = false;
  void run.exited.then(() => (ended = true));
  const t0 = Date.now();
  while (!ended && Date.now() - t0 < limitMs) {
    try {
      const db = new Database(dbFile, { readonly: true, fileMustExist: true });
      try {
        if ((db.prepare(sql).pluck().get() as number) >= min) return true;
      } finally {
        db.close();
      }
    } catch {
      // not created / migrated yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}
