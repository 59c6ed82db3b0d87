import type { Logger } from '../../core/context.ts';
import { AppError, toAppError } from '../../core/errors.ts';
import { runBatch } from '../../core/jobs/batch.ts';
import type { BatchAnalyzer } from '../../core/jobs/default-analyzer.ts';
import { openStore } from '../../core/store/open-store.ts';
import type { BatchRunState, ParsedArg } from '../../../preload/contract.ts';
import type { ThrottledEmitter } from '../ipc/event-sink.ts';

export interface BatchRunnerDeps {
  /** The analyzer `corrkd batch` uses, for the current settings (model pack, device). */
  analyzer: () => Promise<BatchAnalyzer>;
  storeFile: () => string;
  emitter: ThrottledEmitter;
  log: Logger;
}

/**
 * The window's batch runner: runBatch over a folder into the results store, exactly as `corrkd
 * batch --db STORE [--resume]` does. One batch at a time. Pause is cancel + resume: cancel stops
 * new files and marks the ones in flight `interrupted`; starting again with resume continues the
 * same job and skips every file already done (DESIGN 8).
 */
export class BatchRunner {
  private ac: AbortController | null = null;
  private state: BatchRunState;

  constructor(private readonly deps: BatchRunnerDeps) {
    this.state = { running: false, folder: null, jobId: null, storeFile: deps.storeFile(), last: null };
  }

  current(): BatchRunState {
    return { ...this.state, storeFile: this.state.running ? this.state.storeFile : this.deps.storeFile() };
  }

  async start(arg: ParsedArg<'batch:start'>): Promise<BatchRunState> {
    if (this.ac) throw new AppError('InvalidArgument', `A batch over ${this.state.folder} is already running; cancel it first.`);
    // Taken before the analyzer loads (the pack is read and verified: it takes a while), so a second
    // start meanwhile is refused and a cancel meanwhile is not lost.
    const ac = new AbortController();
    this.ac = ac;
    let analyzer: BatchAnalyzer;
    let storeFile: string;
    let db: ReturnType<typeof openStore>;
    try {
      analyzer = await this.deps.analyzer();
      storeFile = this.deps.storeFile();
      db = openStore(storeFile);
    } catch (e) {
      this.ac = null;
      throw e;
    }
    this.setState({ running: true, folder: arg.folder, jobId: null, storeFile, last: this.state.last });
    void runBatch(
      arg.folder,
      {
        db,
        resume: arg.resume,
        ...(arg.concurrency !== undefined ? { concurrency: arg.concurrency } : {}),
        perFileTimeoutMs: 'auto',
        modelKey: analyzer.model,
        optionsHash: analyzer.optionsHash,
        onProgress: (p) => {
          if (this.state.jobId !== p.jobId) this.setState({ ...this.state, jobId: p.jobId });
          const { jobId, total, done, succeeded, failed, skipped, inFlight, filesPerMin, etaSec } = p;
          this.deps.emitter.emit('batch:progress', String(jobId), { jobId, total, done, succeeded, failed, skipped, inFlight, filesPerMin, etaSec });
        },
      },
      analyzer.analyze,
      { signal: ac.signal, onProgress: () => {}, log: this.deps.log },
    )
      .then((s) => {
        const message =
          s.status === 'canceled'
            ? `Paused: ${s.pending} file(s) not finished; Resume continues job ${s.jobId}.`
            : `${s.total} file(s): ${s.succeeded} analysed, ${s.failed} failed, ${s.pending} not finished.`;
        this.end({ status: s.status === 'canceled' ? 'canceled' : 'succeeded', message }, s.jobId);
      })
      .catch((e: unknown) => {
        const err = toAppError(e);
        this.end({ status: 'failed', message: `${err.kind}: ${err.message}` }, this.state.jobId);
      })
      .finally(() => db.close());
    return this.current();
  }

  cancel(): BatchRunState {
    this.ac?.abort(new AppError('Canceled', 'Batch paused from the window.'));
    return this.current();
  }

  private end(last: NonNullable<BatchRunState['last']>, jobId: number | null): void {
    this.ac = null;
    this.setState({ running: false, folder: this.state.folder, jobId, storeFile: this.state.storeFile, last });
  }

  private setState(s: BatchRunState): void {
    this.state = s;
    this.deps.emitter.emit('batch:state', 'state', s, { final: true });
  }
}
