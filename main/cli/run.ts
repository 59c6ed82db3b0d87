import type { Command } from 'commander';
import { AppError, toAppError } from '../core/errors.ts';

/**
 * Exit codes (DESIGN 8): 0 success, 2 bad input (stderr names the file and reason), 1 internal error.
 * Every command throws AppError; this is the one place that maps it to an exit code.
 */
export async function runCli(program: Command, argv: string[]): Promise<void> {
  // exitOverride is not inherited by subcommands registered earlier: apply it to every level, so a
  // bad option anywhere exits 2 through the one mapping below instead of commander's process.exit(1).
  const walk = (c: Command): void => {
    c.exitOverride();
    c.configureOutput({ writeErr: (s) => process.stderr.write(s) });
    c.commands.forEach(walk);
  };
  walk(program);
  try {
    await program.parseAsync(argv);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('commander.')) {
      const exit = (e as { exitCode?: number }).exitCode ?? 2;
      process.exitCode = code === 'commander.helpDisplayed' || code === 'commander.version' ? 0 : exit === 0 ? 0 : 2;
      return;
    }
    const err = toAppError(e);
    const where = err.file && !err.message.includes(err.file) ? `${err.file}: ` : '';
    process.stderr.write(`corrkd: ${err.kind}: ${where}${err.message}\n`);
    if (process.env.CORRKD_DEBUG && err.stack) process.stderr.write(`${err.stack}\n`);
    process.exitCode = err.kind === 'Canceled' ? 130 : err.isBadInput ? 2 : 1;
  }
}

/** Prints exactly one JSON document on stdout (DESIGN 8). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** An AbortController wired to SIGINT: first ^C cancels gracefully, a second exits at once. */
export function sigintController(): AbortController {
  const ac = new AbortController();
  let hits = 0;
  const onSig = () => {
    hits += 1;
    if (hits === 1) {
      process.stderr.write('\nCanceling... (press Ctrl+C again to exit now)\n');
      ac.abort(new AppError('Canceled', 'Canceled by the user (SIGINT).'));
    } else {
      process.exit(130);
    }
  };
  process.on('SIGINT', onSig);
  return ac;
}
