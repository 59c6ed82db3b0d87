import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../../main/core/paths.ts';

/** The shipped `corrkd` entry point (main/cli/bin.js) as a child process. */
export const BIN = path.join(PROJECT_ROOT, 'main/cli/bin.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; `opts.env` adds to (or overrides) this process's environment. */
export function corrkd(args: string[], opts: { env?: Record<string, string> } = {}): Promise<CliResult> {
  const env = { ...process.env, ...opts.env };
  const child = spawn(process.execPath, [BIN, ...args], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Parses stdout as exactly one JSON document. */
export function json(r: CliResult): Record<string, unknown> {
  return JSON.parse(r.stdout) as Record<string, unknown>;
}
