import { describe, expect, it } from 'vitest';
import { ffmpegPath } from '../../../../main/core/media/ffmpeg-paths.ts';
import { runProcess, startProcess } from '../../../../main/core/media/run-process.ts';
import { isAlive } from './child-processes.ts';
import { rejection } from '../../../helpers/rejection.ts';

/** ffmpeg generating a sine forever: a real long-running child that writes stdout. */
const ENDLESS = ['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=16000', '-f', 'f32le', 'pipe:1'];

describe('runProcess', () => {
  it('passes arguments literally, never through a shell', async () => {
    const weird = 'a b; echo pwned $(id) `id` | cat > /tmp/x';
    const r = await runProcess(process.execPath, ['-e', 'process.stdout.write(JSON.stringify(process.argv.slice(1)))', weird]);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout.toString())).toEqual([weird]);
  });

  it('returns a non-zero exit code and the stderr tail instead of throwing', async () => {
    const r = await runProcess(process.execPath, ['-e', 'process.stderr.write("x".repeat(100000) + "LAST"); process.exit(3)'], { stderrTailBytes: 1000 });
    expect(r.exitCode).toBe(3);
    expect(r.stderrTail.length).toBe(1000);
    expect(r.stderrTail.endsWith('LAST')).toBe(true);
  });

  it('fails with ToolFailed naming the tool when it cannot start', async () => {
    const e = await rejection(runProcess('/nonexistent/tool-xyz', ['-h'], { label: 'probe of a.mp4' }));
    expect(e.kind).toBe('ToolFailed');
    expect(e.message).toContain('/nonexistent/tool-xyz');
  });

  it('abort kills ffmpeg, throws Canceled, and leaves no child process alive', async () => {
    const ac = new AbortController();
    const proc = startProcess(ffmpegPath(), ENDLESS, { signal: ac.signal, label: 'endless sine' });
    const pid = proc.pid as number;
    let bytes = 0;
    const consume = (async () => {
      for await (const chunk of proc.stdout) {
        bytes += chunk.length;
        if (bytes > 64_000) ac.abort();
      }
      return proc.done;
    })();
    const e = await rejection(consume);
    expect(e.kind).toBe('Canceled');
    expect(bytes).toBeGreaterThan(64_000);
    expect(isAlive(pid)).toBe(false);
  });

  it('escalates to SIGKILL when the child ignores SIGTERM', async () => {
    const ac = new AbortController();
    const proc = startProcess(process.execPath, ['-e', 'process.on("SIGTERM", () => {}); console.log("ready"); setInterval(() => {}, 1000)'], {
      signal: ac.signal,
      killGraceMs: 200,
    });
    for await (const chunk of proc.stdout) {
      if (chunk.toString().includes('ready')) ac.abort();
    }
    const e = await rejection(proc.done);
    expect(e.kind).toBe('Canceled');
    expect(isAlive(proc.pid as number)).toBe(false);
  });

  it('stops a child that runs past its timeout with AppError Timeout', async () => {
    const proc = startProcess(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { timeoutMs: 300, label: 'sleeper' });
    const e = await rejection(proc.done);
    expect(e.kind).toBe('Timeout');
    expect(e.message).toContain('sleeper');
    expect(isAlive(proc.pid as number)).toBe(false);
  });

  it('refuses to start when the signal is already aborted', () => {
    const ac = new AbortController();
    ac.abort();
    expect(() => startProcess(ffmpegPath(), ENDLESS, { signal: ac.signal })).toThrow(/canceled/);
  });

  it('applies backpressure: a child cannot run ahead of a consumer that stops reading', async () => {
    // head writes 8 MB with blocking writes and then exits: while the consumer holds the first
    // chunk, the pipe fills (64 KiB) and head stays blocked, i.e. the shell is still alive.
    const proc = startProcess('sh', ['-c', 'head -c 8000000 /dev/zero; echo done >&2']);
    let total = 0;
    let checkedWhilePaused = false;
    for await (const chunk of proc.stdout) {
      if (total === 0) {
        await new Promise((r) => setTimeout(r, 300));
        checkedWhilePaused = true;
        // The child has not finished: it is blocked writing into the full pipe.
        expect(isAlive(proc.pid as number)).toBe(true);
      }
      total += chunk.length;
    }
    const r = await proc.done;
    expect(checkedWhilePaused).toBe(true);
    expect(total).toBe(8_000_000);
    expect(r.stderrTail.trim()).toBe('done');
  });

  it('stop() ends the child early without an error', async () => {
    const proc = startProcess(ffmpegPath(), ENDLESS);
    for await (const _chunk of proc.stdout) {
      proc.stop();
      break;
    }
    const r = await proc.done;
    expect(r.stopped).toBe(true);
    expect(isAlive(proc.pid as number)).toBe(false);
  });
});
