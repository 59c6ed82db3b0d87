import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../main/core/errors.ts';
import { withDeadline } from '../../../../main/core/jobs/with-deadline.ts';
import { startProcess } from '../../../../main/core/media/run-process.ts';
import { ffmpegPath } from '../../../../main/core/media/ffmpeg-paths.ts';
import { dataPath } from '../../../helpers/data.ts';

/** A real long-running child: ffmpeg decoding a 7 s clip at real speed (-re). */
const slowDecode = async (signal: AbortSignal, pids: number[]) => {
  const proc = startProcess(ffmpegPath(), ['-v', 'error', '-nostdin', '-re', '-i', dataPath('videos/talking_heads/liveportrait_d20.mp4'), '-f', 'null', '-'], { signal });
  pids.push(proc.pid!);
  for await (const _ of proc.stdout) void _;
  return proc.done;
};

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('withDeadline', () => {
  it('returns the stage value when it finishes in time', async () => {
    const never = new AbortController().signal;
    await expect(withDeadline(async () => 42, { parent: never, timeoutMs: 1000, what: 'x' })).resolves.toBe(42);
    await expect(withDeadline(async () => 'no limit', { parent: never, timeoutMs: null, what: 'x' })).resolves.toBe('no limit');
  });

  it('turns a stage past its limit into Timeout and leaves no child process', async () => {
    const pids: number[] = [];
    const err = await withDeadline((s) => slowDecode(s, pids), { parent: new AbortController().signal, timeoutMs: 300, what: 'The analysis of clip.mp4' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ kind: 'Timeout', message: 'The analysis of clip.mp4 did not finish within 300 ms (per-file time limit).' });
    expect(pids).toHaveLength(1);
    expect(alive(pids[0]!)).toBe(false);
  });

  it('reports Canceled when the parent aborts, with the parent reason', async () => {
    const parent = new AbortController();
    const pids: number[] = [];
    const p = withDeadline((s) => slowDecode(s, pids), { parent: parent.signal, timeoutMs: 60_000, what: 'x' });
    setTimeout(() => parent.abort(new AppError('Canceled', 'Canceled by the user (SIGINT).')), 200);
    await expect(p).rejects.toMatchObject({ kind: 'Canceled', message: 'Canceled by the user (SIGINT).' });
    expect(alive(pids[0]!)).toBe(false);
  });

  it('does not hang on a stage that ignores its signal: it gives up after the grace period', async () => {
    let resolveLate: (v: string) => void = () => {};
    const deaf = () => new Promise<string>((r) => (resolveLate = r));
    const p = withDeadline(deaf, { parent: new AbortController().signal, timeoutMs: 50, what: 'deaf', graceMs: 50 });
    await expect(p).rejects.toMatchObject({ kind: 'Timeout' });
    resolveLate('too late'); // settles after the fact without an unhandled rejection
  });
});
