import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ffmpegPath } from '../../../../main/core/media/ffmpeg-paths.ts';
import { runProcess } from '../../../../main/core/media/run-process.ts';

/** Derived media made at test time with the real ffmpeg (never committed). */
export async function ffmpeg(args: string[]): Promise<void> {
  const r = await runProcess(ffmpegPath(), ['-nostdin', '-v', 'error', '-y', ...args]);
  if (r.exitCode !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed: ${r.stderrTail}`);
}

export async function tempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `corrkd-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
