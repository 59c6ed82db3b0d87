import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LogLevel, TrainBatchProgress, TrainEpochProgress } from '../../../../main/core/context.ts';
import { AppError } from '../../../../main/core/errors.ts';
import { evaluationFile, storedEvaluations } from '../../../../main/electron/services/model-packs.ts';
import { TrainingService, type TrainingWorkers } from '../../../../main/electron/services/training-service.ts';
import type { CallOptions } from '../../../../main/core/threads/worker-pool.ts';
import { CallLog, deferred, RecordingSink, type Deferred } from '../../../helpers/recording-sink.ts';

interface WorkerCall {
  method: string;
  args: unknown;
  opts: CallOptions;
  done: Deferred<unknown>;
}

/**
 * The training worker pool as the service sees it: each call waits for the test to settle it; an
 * abort rejects it with Canceled, as the real pool does when it terminates the thread.
 */
function fakeWorkers() {
  const log = new CallLog<WorkerCall>();
  let closed = 0;
  const workers: TrainingWorkers = {
    call: ((method: string, args: unknown, opts: CallOptions = {}) => {
      const done = deferred<unknown>();
      opts.signal?.addEventListener('abort', () => done.reject(new AppError('Canceled', `The worker call '${method}' was canceled.`, { cause: opts.signal?.reason })), {
        once: true,
      });
      log.push({ method, args, opts, done });
      return done.promise;
    }) as TrainingWorkers['call'],
    close: async () => {
      closed++;
    },
  };
  return {
    workers,
    calls: log.calls,
    closed: () => closed,
    call: (n: number) => log.nth(n),
  };
}

const trainStep = (stage: 'teacher' | 'student', step: number, globalStep: number, loss: number): TrainBatchProgress => ({
  type: 'train-batch',
  stage,
  epoch: 1,
  epochs: 2,
  step,
  steps: 2,
  globalStep,
  losses: { total: loss },
});
const epochEnd = (stage: 'teacher' | 'student', epoch: number, valLoss: number, improved: boolean): TrainEpochProgress => ({
  type: 'train-epoch',
  stage,
  epoch,
  epochs: 2,
  train: { total: 0.91, ce: 0.8 },
  valLoss,
  val: { mae: 1.2, corr: null },
  seconds: 0.5,
  steps: 2,
  improved,
  bestEpoch: 1,
  bestValLoss: 0.77,
  earlyStop: false,
});

describe('the Models & training service', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'corrkd-training-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const data = path.join(dir, 'dataset');
  const out = path.join(dir, 'run');
  const evaluations = path.join(dir, 'evaluations');

  function setup() {
    const sink = new RecordingSink();
    const fake = fakeWorkers();
    const logs: string[] = [];
    let built = 0;
    const service = new TrainingService({
      emitter: sink.emitter,
      log: (level: LogLevel, m: string) => logs.push(`${level}: ${m}`),
      locations: { evaluations },
      workers: () => (built++, fake.workers),
    });
    const ended = (since = 0) => sink.waitFor('training:state', (s) => !s.running, since);
    return { sink, fake, logs, service, ended, built: () => built };
  }

  it("passes the run settings to the worker and the trainer's batch and epoch events to the window as they are", async () => {
    const { sink, fake, service, ended } = setup();
    expect(service.start({ data, out, epochs: 2, seed: 7, batchSize: 32, resume: false })).toEqual({ running: true, runDir: out, last: null });
    const call = await fake.call(1);
    expect(call.method).toBe('train');
    expect(call.args).toEqual({ data, runDir: out, config: { train: { epochs: 2, seed: 7, batchSize: 32 } }, resume: false });

    const progress = call.opts.onProgress!;
    const teacher1 = epochEnd('teacher', 1, 0.77, true);
    const student1 = epochEnd('student', 1, 0.61, false);
    progress({ type: 'train-data', source: data, backend: 'wasm', T: 50, modalities: ['l'], n: { train: 4, valid: 2, test: 0 }, sources: [] }); // not for the window
    progress({ type: 'train-stage', stage: 'teacher', status: 'running', epochs: 2, epochsDone: 0, bestEpoch: 0, bestValLoss: null, earlyStopped: false });
    progress(trainStep('teacher', 1, 1, 1.2));
    progress(trainStep('teacher', 2, 2, 1.1));
    progress(teacher1);
    progress(trainStep('student', 1, 1, 0.7)); // the student's steps count from 1 again
    progress({ type: 'message', text: 'loaded 120 samples' }); // not an epoch: no event
    progress({ type: 'stage', stage: 'train', fraction: 0.5 });
    progress(student1);
    progress(trainStep('teacher', 1, 5, 1.0)); // a resumed run: the stage's steps so far, as the trainer counts them

    expect(sink.of('training:batch')).toEqual([trainStep('teacher', 1, 1, 1.2), trainStep('teacher', 2, 2, 1.1), trainStep('student', 1, 1, 0.7), trainStep('teacher', 1, 5, 1.0)]);
    expect(sink.of('training:epoch')).toEqual([teacher1, student1]);

    const history = [teacher1, { ...teacher1, epoch: 2 }, student1].map(({ stage, epoch, train, valLoss, improved }) => ({ stage, epoch, train, valLoss, improved }));
    call.done.resolve({ status: 'completed', runDir: out, history });
    const end = await ended();
    expect(end).toEqual({ running: false, runDir: out, last: { status: 'completed', message: `Completed: teacher 2 and student 1 epoch(s) in ${out}.` } });
    expect(service.current()).toEqual(end);
  });

  it('leaves out of the worker config the settings the analyst did not give', async () => {
    const { fake, service } = setup();
    service.start({ data, out, resume: true });
    expect((await fake.call(1)).args).toEqual({ data, runDir: out, config: { train: {} }, resume: true });
    service.stop();
  });

  it('stop() aborts the worker call; the run ends stopped with how to continue, and a new run may start', async () => {
    const { fake, service, ended, sink } = setup();
    service.start({ data, out, resume: false });
    const call = await fake.call(1);
    expect(() => service.start({ data, out: path.join(dir, 'other'), resume: false })).toThrow(`Training into ${out} is already running; stop it first.`);
    expect(service.stop().running).toBe(true); // it ends when the worker is gone
    expect(call.opts.signal?.aborted).toBe(true);
    expect((call.opts.signal?.reason as AppError).kind).toBe('Canceled');
    const end = await ended();
    expect(end.last).toEqual({ status: 'stopped', message: `Stopped; the last whole epoch is checkpointed in ${out}: start again with "resume" to continue.` });

    const mark = sink.mark();
    service.start({ data, out, resume: true });
    const again = await fake.call(2);
    expect(again.opts.signal?.aborted).toBe(false);
    again.done.resolve({ status: 'stopped', runDir: out, history: [] });
    expect((await ended(mark)).last).toEqual({ status: 'stopped', message: `Stopped: teacher 0 and student 0 epoch(s) in ${out}.` });
  });

  it('a run that fails ends failed with the kind and the reason, and frees the slot', async () => {
    const { fake, service, ended, sink } = setup();
    service.start({ data, out, resume: false });
    (await fake.call(1)).done.reject(new AppError('InvalidDataset', `${data}/header.json: T is 0, expected at least 1.`));
    expect((await ended()).last).toEqual({ status: 'failed', message: `InvalidDataset: ${data}/header.json: T is 0, expected at least 1.` });

    const mark = sink.mark();
    service.start({ data, out, resume: false });
    (await fake.call(2)).done.reject(new Error('tfjs: out of memory')); // anything thrown becomes Internal
    expect((await ended(mark)).last).toEqual({ status: 'failed', message: 'Internal: tfjs: out of memory' });
  });

  it('evaluate() stores the report where the Models view reads it back, and logs the notes', async () => {
    const { fake, service, logs } = setup();
    const pack = path.join(dir, 'packs', 'mine');
    const fixed = service.evaluate({ pack, data, protocol: 'fixed' });
    const call = await fake.call(1);
    expect(call).toMatchObject({ method: 'evaluate', args: { pack, data, protocol: 'fixed' } });
    call.done.resolve({
      id: 'mine',
      version: '0.2.0',
      report: { n: 12, metrics: { acc2: 0.75 }, conditions: { l: { acc2: 0.7 }, lav: { acc2: 0.75 } }, avg: { acc2: 0.7 }, rates: undefined },
      notes: ['2 sample(s) without text'],
    });
    const report = await fixed;
    expect(report).toEqual({ n: 12, metrics: { acc2: 0.75 }, conditions: { l: { acc2: 0.7 }, lav: { acc2: 0.75 } }, avg: { acc2: 0.7 } });
    const file = evaluationFile(evaluations, 'mine', '0.2.0', 'fixed');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(report);
    expect(logs).toContain('info: evaluate mine: 2 sample(s) without text');

    const random = service.evaluate({ pack, data, protocol: 'random' });
    (await fake.call(2)).done.resolve({ id: 'mine', version: '0.2.0', report: { n: 12, rates: [{ p: 0.5, metrics: { acc2: 0.6 } }] }, notes: [] });
    await random;
    expect(storedEvaluations(evaluations, 'mine', '0.2.0')).toEqual({
      conditions: { l: { acc2: 0.7 }, lav: { acc2: 0.75 } },
      avg: { acc2: 0.7 },
      rates: [{ p: 0.5, metrics: { acc2: 0.6 } }],
    });
  });

  it('an evaluation that fails writes nothing and passes the reason on', async () => {
    const { fake, service } = setup();
    const pack = path.join(dir, 'packs', 'broken');
    const ev = service.evaluate({ pack, data, protocol: 'fixed' });
    (await fake.call(1)).done.reject(new AppError('ModelContractMismatch', `${pack}/manifest.json is not valid JSON`));
    await expect(ev).rejects.toMatchObject({ kind: 'ModelContractMismatch', message: expect.stringContaining(pack) });
    expect(existsSync(evaluationFile(evaluations, 'broken', '1', 'fixed'))).toBe(false);
  });

  it('builds one worker pool for training, evaluation and export; cancelAll stops the run and closes it', async () => {
    const { fake, service, ended, built } = setup();
    service.start({ data, out, resume: false });
    const train = await fake.call(1);
    const exported = service.exportPack({ run: out, out: path.join(dir, 'pack'), activate: false });
    const exp = await fake.call(2);
    expect(exp).toMatchObject({ method: 'exportPack', args: { run: out, out: path.join(dir, 'pack') } });
    exp.done.resolve({ dir: path.join(dir, 'pack'), id: 'mine', version: '1' });
    expect(await exported).toEqual({ dir: path.join(dir, 'pack'), id: 'mine', version: '1' });
    expect(built()).toBe(1);

    expect(service.cancelDataset()).toEqual({ canceled: false }); // none running
    service.cancelAll();
    expect(train.opts.signal?.aborted).toBe(true);
    expect(fake.closed()).toBe(1);
    expect((await ended()).last?.status).toBe('stopped');
  });

  it('a dataset build over a bad CSV fails with the rows at fault, and the next build is not refused', async () => {
    const { service } = setup();
    const csv = path.join(dir, 'labels.csv');
    writeFileSync(csv, 'id,text,label\nv1_1,a fine clip,1.5\nv1_2,no label here,\n');
    const args = { kind: 'transcripts' as const, csv, out: path.join(dir, 'ds'), seed: 1, force: false };
    await expect(service.buildDataset(args)).rejects.toMatchObject({ kind: 'InvalidDataset', message: expect.stringContaining(csv) });
    await expect(service.buildDataset(args)).rejects.toMatchObject({ kind: 'InvalidDataset' });
    expect(service.cancelDataset()).toEqual({ canceled: false });
  });
});
