import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../main/core/errors.ts';
import type { BatchAnalyzer } from '../../../../main/core/jobs/default-analyzer.ts';
import type { Analyze } from '../../../../main/core/jobs/process-file.ts';
import { packIdentityOf } from '../../../../main/core/queue/pack-identity.ts';
import { JobFilesRepo } from '../../../../main/core/store/job-files-repo.ts';
import { openStore } from '../../../../main/core/store/open-store.ts';
import { BatchRunner } from '../../../../main/electron/services/batch-runner.ts';
import type { BatchRunState } from '../../../../preload/contract.ts';
import { deferred, RecordingSink } from '../../../helpers/recording-sink.ts';

/** A short mono 16-bit PCM WAV whose samples depend on `seed` (distinct bytes: no two files share a result). */
function wav(file: string, seed: number): string {
  const samples = 800; // 0.1 s at 8 kHz
  const buf = Buffer.alloc(44 + samples * 2);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + samples * 2, 4);
  buf.write('WAVE', 8);
  buf.write('fmt ', 12);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(8000, 24);
  buf.writeUInt32LE(16000, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) buf.writeInt16LE(Math.round(1000 * Math.sin((i * (seed + 1)) / 10)), 44 + i * 2);
  writeFileSync(file, buf);
  return file;
}

/** The batch analyzer with a fake analysis (the probe before it is real ffprobe, as in the app). */
function analyzerOf(analyze: Analyze): BatchAnalyzer {
  return { model: { id: 'fake', version: '1' }, optionsHash: 'fake-v1', pack: packIdentityOf({ id: 'fake', version: '1', files: {} }), analyze };
}

const result = (file: string) => ({ file, score: 1 });

describe("the window's batch runner", () => {
  let dir: string;
  let folder: string;
  let storeFile: string;
  let sink: RecordingSink;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'corrkd-batchrunner-'));
    folder = path.join(dir, 'in');
    mkdirSync(folder);
    storeFile = path.join(dir, 'results.sqlite');
    sink = new RecordingSink();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function runner(analyzer: () => Promise<BatchAnalyzer>): BatchRunner {
    return new BatchRunner({ analyzer, storeFile: () => storeFile, emitter: sink.emitter, log: () => {} });
  }
  const ended = (since = 0) => sink.waitFor('batch:state', (s) => !s.running, since);
  /** Every row of the job: file name -> status and error. */
  function rows(jobId: number) {
    const db = openStore(storeFile);
    try {
      return Object.fromEntries(new JobFilesRepo(db).list(jobId).map((r) => [path.basename(r.path), { status: r.status, error: r.error }]));
    } finally {
      db.close();
    }
  }

  it('analyses the folder into the store; a file that fails gets its row with the reason while the others go on', async () => {
    const files = ['a.wav', 'b.wav', 'c.wav'].map((n, i) => wav(path.join(folder, n), i));
    writeFileSync(path.join(folder, 'noise.mp4'), randomBytes(4096)); // named like media, is not: NotMedia from the probe
    writeFileSync(path.join(folder, 'notes.txt'), 'not an input');
    const calls: string[] = [];
    const analyze: Analyze = async (file) => {
      calls.push(path.basename(file));
      if (file === files[1]) throw new AppError('NoAudioStream', `${file} has no audio stream the model can read.`, { file });
      return result(file);
    };
    const r = runner(async () => analyzerOf(analyze));
    const started = await r.start({ folder, resume: false, concurrency: 1 });
    expect(started).toMatchObject({ running: true, folder, storeFile });
    const end = await ended();

    expect(end.last).toEqual({ status: 'succeeded', message: '4 file(s): 2 analysed, 2 failed, 0 not finished.' });
    expect(end.jobId).toEqual(expect.any(Number));
    expect(calls).toEqual(['a.wav', 'b.wav', 'c.wav']); // noise.mp4 never reached the analysis
    const got = rows(end.jobId!);
    expect(Object.keys(got).sort()).toEqual(['a.wav', 'b.wav', 'c.wav', 'noise.mp4']);
    expect(got['a.wav']).toEqual({ status: 'succeeded', error: null });
    expect(got['c.wav']).toEqual({ status: 'succeeded', error: null });
    expect(got['b.wav']).toEqual({ status: 'failed', error: { kind: 'NoAudioStream', message: `${files[1]} has no audio stream the model can read.` } });
    expect(got['noise.mp4']).toMatchObject({ status: 'failed', error: { kind: 'NotMedia', message: expect.stringContaining('noise.mp4') } });

    // Progress: one event to start and one per file, counts only growing, all for this job.
    const progress = sink.of('batch:progress');
    expect(progress.map((p) => p.done)).toEqual([0, 1, 2, 3, 4]);
    expect(progress.every((p) => p.jobId === end.jobId && p.total === 4)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ succeeded: 2, failed: 2, skipped: 0, inFlight: 0 });
    // State: running (job not known yet), running with the job, then the end.
    const states = sink.of('batch:state');
    expect(states.map((s) => [s.running, s.jobId])).toEqual([
      [true, null],
      [true, end.jobId],
      [false, end.jobId],
    ]);
    expect(r.current()).toEqual(end);
  });

  it('cancel pauses (the file in flight is interrupted, no new one starts); resume continues the same job without redoing finished files', async () => {
    ['a.wav', 'b.wav', 'c.wav', 'd.wav'].forEach((n, i) => wav(path.join(folder, n), i));
    const calls: string[] = [];
    const bStarted = deferred<void>();
    const pausing: Analyze = (file, ctx) => {
      calls.push(path.basename(file));
      if (path.basename(file) !== 'b.wav') return Promise.resolve(result(file));
      bStarted.resolve();
      return new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason as Error), { once: true }));
    };
    const r = runner(async () => analyzerOf(pausing));
    await r.start({ folder, resume: false, concurrency: 1 });
    await bStarted.promise;
    expect(r.cancel().running).toBe(true); // stopping: it ends when the file in flight is torn down
    const paused = await ended();
    const jobId = paused.jobId!;
    expect(paused.last).toEqual({ status: 'canceled', message: `Paused: 3 file(s) not finished; Resume continues job ${jobId}.` });
    expect(calls).toEqual(['a.wav', 'b.wav']);
    const afterPause = rows(jobId);
    expect(afterPause['a.wav']!.status).toBe('succeeded');
    expect(afterPause['b.wav']).toMatchObject({ status: 'interrupted', error: { kind: 'Canceled' } });
    expect(afterPause['c.wav']!.status).toBe('queued'); // never started

    calls.length = 0;
    const mark = sink.mark();
    const resumed = runner(async () => analyzerOf(async (file) => (calls.push(path.basename(file)), result(file))));
    await resumed.start({ folder, resume: true, concurrency: 1 });
    const end = await ended(mark);
    expect(end.jobId).toBe(jobId);
    expect(end.last).toEqual({ status: 'succeeded', message: '4 file(s): 4 analysed, 0 failed, 0 not finished.' });
    expect(calls).toEqual(['b.wav', 'c.wav', 'd.wav']);
    expect(Object.values(rows(jobId)).map((x) => x.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect(sink.of('batch:progress', mark).at(-1)).toMatchObject({ jobId, done: 4, skipped: 1, succeeded: 3 });
  });

  it('refuses a second batch while one runs, including while the first is still loading its analyzer', async () => {
    wav(path.join(folder, 'a.wav'), 0);
    const loading = deferred<BatchAnalyzer>();
    const release = deferred<void>();
    const r = runner(() => loading.promise);
    const first = r.start({ folder, resume: false });
    // A double click: the second request arrives before the pack has loaded.
    const second = r.start({ folder: dir, resume: false });
    loading.resolve(analyzerOf(async (file) => (await release.promise, result(file))));
    await first;
    await expect(second).rejects.toMatchObject({ kind: 'InvalidArgument' });
    await expect(r.start({ folder: dir, resume: false })).rejects.toThrow(`A batch over ${folder} is already running; cancel it first.`);
    release.resolve();
    const end = await ended();
    expect(end.last?.status).toBe('succeeded');
    expect(sink.of('batch:state').filter((s) => s.running)).not.toHaveLength(0);
    expect(new Set(sink.of('batch:progress').map((p) => p.jobId)).size).toBe(1); // one job only
  });

  it('a start whose analyzer cannot load is refused with the reason and leaves the runner free', async () => {
    wav(path.join(folder, 'a.wav'), 0);
    let fail = true;
    const r = runner(async () => {
      if (fail) throw new AppError('ModelMissing', 'No model pack at /packs/gone: manifest.json is missing.');
      return analyzerOf(async (file) => result(file));
    });
    await expect(r.start({ folder, resume: false })).rejects.toMatchObject({ kind: 'ModelMissing' });
    expect(r.current()).toMatchObject({ running: false, last: null });
    expect(sink.of('batch:state')).toEqual([]);
    fail = false;
    await r.start({ folder, resume: false });
    expect((await ended()).last?.status).toBe('succeeded');
  });

  it('a cancel that arrives while the analyzer loads stops the batch before any file', async () => {
    wav(path.join(folder, 'a.wav'), 0);
    const loading = deferred<BatchAnalyzer>();
    const calls: string[] = [];
    const r = runner(() => loading.promise);
    const started = r.start({ folder, resume: false });
    r.cancel();
    loading.resolve(analyzerOf(async (file) => (calls.push(file), result(file))));
    await started;
    expect((await ended()).last?.status).toBe('canceled');
    expect(calls).toEqual([]);
  });

  it('ends failed with the kind and reason when the folder is missing or the model pack is, and can start again after', async () => {
    const r = runner(async () => analyzerOf(async (file) => result(file)));
    await r.start({ folder: path.join(dir, 'nowhere'), resume: false });
    const missing = await ended();
    expect(missing.last).toEqual({ status: 'failed', message: expect.stringMatching(/^FileUnreadable: .*nowhere/) });
    expect(missing.jobId).toBeNull();

    wav(path.join(folder, 'a.wav'), 0);
    wav(path.join(folder, 'b.wav'), 1);
    const calls: string[] = [];
    const mark = sink.mark();
    const noPack = runner(async () =>
      analyzerOf(async (file) => {
        calls.push(file);
        throw new AppError('ModelMissing', 'Model pack /packs/x is incomplete: student.onnx is listed in the manifest but missing.');
      }),
    );
    await noPack.start({ folder, resume: false, concurrency: 1 });
    const fatal = await ended(mark);
    expect(fatal.last).toEqual({ status: 'failed', message: 'ModelMissing: Model pack /packs/x is incomplete: student.onnx is listed in the manifest but missing.' });
    expect(calls).toHaveLength(1); // a fatal kind stops the batch: the second file is not tried
    expect(fatal.jobId).toEqual(expect.any(Number));

    const again = sink.mark();
    await r.start({ folder, resume: false });
    expect((await ended(again)).last?.status).toBe('succeeded');
  });

  it('says which store it writes: the one in use while running, the settings one when idle', async () => {
    wav(path.join(folder, 'a.wav'), 0);
    const release = deferred<void>();
    const r = runner(async () => analyzerOf(async (file) => (await release.promise, result(file))));
    const s: BatchRunState = await r.start({ folder, resume: false });
    expect(s.storeFile).toBe(storeFile);
    const first = storeFile;
    storeFile = path.join(dir, 'other.sqlite'); // the analyst picks another store meanwhile
    expect(r.current().storeFile).toBe(first);
    release.resolve();
    await ended();
    expect(r.current().storeFile).toBe(storeFile);
  });
});
