import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StageContext } from '../../../../main/core/context.ts';
import { AppError } from '../../../../main/core/errors.ts';
import type { ClipResult } from '../../../../main/core/result/schema.ts';
import { AnalyzeQueue, type ClipAnalyzer } from '../../../../main/electron/services/analyze-queue.ts';
import type { AnalyzeJob } from '../../../../preload/contract.ts';
import { CallLog, deferred, RecordingSink, type Deferred } from '../../../helpers/recording-sink.ts';

/** Only what the queue reads of a result (score and label for the job list); the rest is the analyzer's. */
const resultFor = (file: string, score: number): ClipResult => ({ file, score, label: score > 0 ? 'positive' : 'negative' }) as unknown as ClipResult;

interface Call {
  file: string;
  ctx: StageContext;
  done: Deferred<ClipResult>;
}

/**
 * A clip analyzer the test drives: each call waits until the test settles it. An abort of its
 * signal rejects it with `onAbort(reason)` (default the signal's reason), as analyzeClip does once
 * it notices.
 */
function controlledAnalyzer(onAbort: (reason: unknown) => unknown = (r) => r) {
  const log = new CallLog<Call>();
  let inFlight = 0;
  let maxInFlight = 0;
  const analyze: ClipAnalyzer = (file, ctx) => {
    const done = deferred<ClipResult>();
    ctx.signal.addEventListener('abort', () => done.reject(onAbort(ctx.signal.reason)), { once: true });
    log.push({ file, ctx, done });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    void done.promise.then(
      () => inFlight--,
      () => inFlight--,
    );
    return done.promise;
  };
  return {
    analyze,
    calls: log.calls,
    maxInFlight: () => maxInFlight,
    /** The n-th call (1-based), once the queue has made it. */
    call: (n: number) => log.nth(n),
  };
}

describe('the Analyse view job queue', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'corrkd-analyzeq-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const clip = (name: string) => {
    const f = path.join(dir, name);
    writeFileSync(f, name);
    return f;
  };
  const [a, b, c, d] = ['a clip.mp4', 'b.wav', 'c.mov', 'd.mp3'].map(clip) as [string, string, string, string];

  /** The queue with `analyze` as every job's analyzer (or `factory` building it, as the settings do). */
  function setup(analyze: ClipAnalyzer, concurrency?: number, factory: () => Promise<ClipAnalyzer> = async () => analyze) {
    const sink = new RecordingSink();
    const queue = new AnalyzeQueue({ analyzer: factory, emitter: sink.emitter, log: () => {}, ...(concurrency !== undefined ? { concurrency } : {}) });
    const job = (id: string) => queue.list().find((j) => j.id === id)!;
    const ended = (id: string) => sink.waitFor('analyze:job', (j) => j.id === id && j.finishedAt !== null);
    return { sink, queue, job, ended };
  }

  it('runs dropped files one at a time, in the order given, and keeps each result', async () => {
    const fake = controlledAnalyzer();
    const { sink, queue, job, ended } = setup(fake.analyze);
    const reply = await queue.start([a, b, c]);
    expect(reply.rejected).toEqual([]);
    expect(reply.jobs.map((j) => [j.id, j.name, j.status])).toEqual([
      ['a1', 'a clip.mp4', 'queued'],
      ['a2', 'b.wav', 'queued'],
      ['a3', 'c.mov', 'queued'],
    ]);

    const first = await fake.call(1);
    expect(first.file).toBe(a);
    expect(queue.list().map((j) => j.status)).toEqual(['running', 'queued', 'queued']);
    first.done.resolve(resultFor(a, 1.5));
    expect((await fake.call(2)).file).toBe(b);
    expect(job('a1')).toMatchObject({ status: 'succeeded', summary: { score: 1.5, label: 'positive' }, error: null });
    expect(job('a1').finishedAt).not.toBeNull();
    fake.calls[1]!.done.resolve(resultFor(b, -2));
    (await fake.call(3)).done.resolve(resultFor(c, 0.5));
    await ended('a3');

    expect(fake.calls.map((x) => x.file)).toEqual([a, b, c]);
    expect(fake.maxInFlight()).toBe(1);
    expect(queue.result('a2')).toMatchObject({ file: b, score: -2 });
    // Each job went queued -> running -> succeeded, and nothing else.
    for (const id of ['a1', 'a2', 'a3']) {
      expect(sink.of('analyze:job').filter((j) => j.id === id).map((j) => j.status)).toEqual(['queued', 'running', 'succeeded']);
    }
  });

  it('with concurrency 2 runs two at once, and starts the third only when one of them ends', async () => {
    const fake = controlledAnalyzer();
    const { queue, job, ended } = setup(fake.analyze, 2);
    await queue.start([a, b, c, d]);
    const [one, two] = await Promise.all([fake.call(1), fake.call(2)]);
    expect([one.file, two.file]).toEqual([a, b]);
    expect(queue.list().map((j) => j.status)).toEqual(['running', 'running', 'queued', 'queued']);
    expect(fake.calls).toHaveLength(2);

    two.done.resolve(resultFor(b, 1)); // the second ends first: its slot goes to the next queued file
    expect((await fake.call(3)).file).toBe(c);
    expect(job('a1').status).toBe('running');
    expect(job('a4').status).toBe('queued');
    one.done.resolve(resultFor(a, 1));
    expect((await fake.call(4)).file).toBe(d);
    fake.calls[2]!.done.resolve(resultFor(c, 1));
    fake.calls[3]!.done.resolve(resultFor(d, 1));
    await Promise.all(['a3', 'a4'].map(ended));
    expect(fake.maxInFlight()).toBe(2);
    expect(queue.list().every((j) => j.status === 'succeeded')).toBe(true);
  });

  it('cancels a queued job: it is never analysed, and the jobs after it still run', async () => {
    const fake = controlledAnalyzer();
    const { queue, job, ended } = setup(fake.analyze);
    await queue.start([a, b, c]);
    const first = await fake.call(1);
    expect(queue.cancel('a2')).toEqual({ canceled: true });
    expect(job('a2')).toMatchObject({ status: 'canceled', error: null, summary: null });
    expect(job('a2').finishedAt).not.toBeNull();
    expect(queue.cancel('a2')).toEqual({ canceled: false }); // already over

    first.done.resolve(resultFor(a, 1));
    (await fake.call(2)).done.resolve(resultFor(c, 1));
    await ended('a3');
    expect(fake.calls.map((x) => x.file)).toEqual([a, c]);
    expect(queue.list().map((j) => j.status)).toEqual(['succeeded', 'canceled', 'succeeded']);
    expect(() => queue.result('a2')).toThrow(/has no result: it is canceled/);
  });

  it('cancels a running job through its signal: canceled (not failed) whatever the analyzer threw, and the next job starts', async () => {
    // What a stage killed by the abort throws is not a failure of the file.
    const fake = controlledAnalyzer(() => new AppError('ToolFailed', 'ffmpeg was killed by SIGTERM'));
    const { sink, queue, job, ended } = setup(fake.analyze);
    await queue.start([a, b]);
    const first = await fake.call(1);
    expect(queue.cancel('a1')).toEqual({ canceled: true });
    expect(first.ctx.signal.aborted).toBe(true);
    const reason = first.ctx.signal.reason as AppError;
    expect(reason).toBeInstanceOf(AppError);
    expect(reason.kind).toBe('Canceled');
    expect(reason.message).toContain('a clip.mp4');

    const canceled = await ended('a1');
    expect(canceled).toMatchObject({ status: 'canceled', error: null, stage: null });
    expect((await fake.call(2)).file).toBe(b);
    expect(job('a2').status).toBe('running');
    expect(queue.cancel('a1')).toEqual({ canceled: false });
    expect(sink.of('analyze:job').filter((j) => j.id === 'a1').map((j) => j.status)).toEqual(['queued', 'running', 'canceled']);
    fake.calls[1]!.done.resolve(resultFor(b, 1));
    await ended('a2');
  });

  it('a clip that fails fails alone, with its file, kind and reason; the jobs after it go on', async () => {
    const analyze: ClipAnalyzer = async (file) => {
      if (file === b) throw new AppError('NoAudioStream', `${file} has no audio stream.`, { file });
      if (file === c) throw new Error('onnxruntime: session lost');
      return resultFor(file, 1);
    };
    const { sink, queue, ended } = setup(analyze);
    await queue.start([a, b, c, d]);
    await ended('a4');
    expect(queue.list().map((j) => j.status)).toEqual(['succeeded', 'failed', 'failed', 'succeeded']);
    const failed = sink.of('analyze:job').filter((j) => j.status === 'failed');
    expect(failed).toHaveLength(2);
    expect(failed[0]).toMatchObject({ id: 'a2', file: b, name: 'b.wav', error: { kind: 'NoAudioStream', message: `${b} has no audio stream.` }, summary: null });
    expect(failed[1]).toMatchObject({ id: 'a3', file: c, name: 'c.mov', error: { kind: 'Internal', message: 'onnxruntime: session lost' } });
    expect(() => queue.result('a2')).toThrow(/a2 \(b\.wav\) has no result: it is failed/);
    expect(queue.result('a4')).toMatchObject({ file: d });
  });

  it('fails every job with the reason when the analyzer cannot be built (no model pack)', async () => {
    const { queue, ended } = setup(
      () => Promise.reject(new Error('not called')),
      undefined,
      async () => {
        throw new AppError('ModelMissing', 'No model pack at /packs/gone: manifest.json is missing.');
      },
    );
    await queue.start([a, b]);
    const [j1, j2] = await Promise.all([ended('a1'), ended('a2')]);
    for (const j of [j1, j2]) expect(j).toMatchObject({ status: 'failed', error: { kind: 'ModelMissing', message: expect.stringContaining('/packs/gone') } });
  });

  it('reports stage progress in order: a stage updates in place, and every stage ends at 1 when the job succeeds', async () => {
    const fake = controlledAnalyzer();
    const { sink, queue, ended } = setup(fake.analyze);
    await queue.start([a]);
    const call = await fake.call(1);
    const p = call.ctx.onProgress;
    p({ type: 'stage', stage: 'probe' });
    p({ type: 'stage', stage: 'decode', fraction: 0.5 });
    p({ type: 'message', text: 'not a stage: no event' });
    p({ type: 'stage', stage: 'decode', fraction: 1 });
    p({ type: 'stage', stage: 'decode', detail: 'no fraction: keeps the last one' });
    p({ type: 'stage', stage: 'inference', fraction: 0.25 });
    call.done.resolve(resultFor(a, 2));
    await ended('a1');
    p({ type: 'stage', stage: 'inference', fraction: 0.9 }); // after the end: ignored

    const seen = sink.of('analyze:job').map((j: AnalyzeJob) => [j.status, j.stage, j.stages.map((s) => `${s.stage}:${s.fraction}`).join(' ')]);
    expect(seen).toEqual([
      ['queued', null, ''],
      ['running', null, ''],
      ['running', 'probe', 'probe:0'],
      ['running', 'decode', 'probe:0 decode:0.5'],
      ['running', 'decode', 'probe:0 decode:1'],
      ['running', 'decode', 'probe:0 decode:1'],
      ['running', 'inference', 'probe:0 decode:1 inference:0.25'],
      ['succeeded', null, 'probe:1 decode:1 inference:1'],
    ]);
  });

  it('keeps the stages where they were when a job fails', async () => {
    const analyze: ClipAnalyzer = async (_file, ctx) => {
      ctx.onProgress({ type: 'stage', stage: 'decode', fraction: 0.4 });
      throw new AppError('MediaTruncated', 'decoding stops early');
    };
    const { queue, ended } = setup(analyze);
    await queue.start([a]);
    expect(await ended('a1')).toMatchObject({ status: 'failed', stage: null, stages: [{ stage: 'decode', fraction: 0.4 }] });
  });

  it('turns dropped folders into their media files in name order, and rejects what it cannot take with the reason', async () => {
    const root = path.join(dir, 'dropped');
    const clips = path.join(root, 'clips');
    mkdirSync(path.join(clips, 'sub'), { recursive: true });
    for (const f of ['b.wav', 'a.mp4', 'notes.txt', 'sub/c.mp3']) writeFileSync(path.join(clips, f), f);
    const docs = path.join(root, 'docs');
    mkdirSync(docs);
    writeFileSync(path.join(docs, 'readme.txt'), 'text');
    const fifo = path.join(root, 'pipe.mp4');
    execFileSync('mkfifo', [fifo]);
    const missing = path.join(root, 'gone.mp4');

    const fake = controlledAnalyzer();
    const { queue } = setup(fake.analyze);
    const reply = await queue.start([missing, clips, docs, fifo, a]);
    expect(reply.jobs.map((j) => j.file)).toEqual([path.join(clips, 'a.mp4'), path.join(clips, 'b.wav'), path.join(clips, 'sub', 'c.mp3'), a]);
    expect(reply.rejected).toEqual([
      { path: missing, reason: expect.stringMatching(/^cannot be read: .*ENOENT/) },
      { path: docs, reason: 'no audio or video file in this folder (1 other file(s) ignored)' },
      { path: fifo, reason: 'not a regular file' },
    ]);
    expect((await fake.call(1)).file).toBe(path.join(clips, 'a.mp4'));
    queue.cancelAll();
  });

  it('clear() drops finished jobs only; cancelAll() cancels the running and the queued ones', async () => {
    const fake = controlledAnalyzer();
    const { queue, ended } = setup(fake.analyze);
    await queue.start([a, b, c]);
    (await fake.call(1)).done.resolve(resultFor(a, 1));
    const second = await fake.call(2);
    expect(queue.clear()).toEqual({ removed: 1 });
    expect(queue.list().map((j) => [j.id, j.status])).toEqual([
      ['a2', 'running'],
      ['a3', 'queued'],
    ]);
    expect(() => queue.result('a1')).toThrow(/No analyse job a1; known: a2, a3/);

    queue.cancelAll();
    expect(second.ctx.signal.aborted).toBe(true);
    await ended('a2');
    expect(queue.list().map((j) => j.status)).toEqual(['canceled', 'canceled']);
    expect(fake.calls).toHaveLength(2); // a3 never started
    expect(queue.clear()).toEqual({ removed: 2 });
    expect(queue.list()).toEqual([]);
  });
});
