import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Transferable } from 'node:worker_threads';
import { AppError } from '../errors.ts';
import type { LogLevel, Progress } from '../context.ts';
import { ReplyMessage } from './protocol.ts';
import type { CallMessage } from './protocol.ts';

/**
 * One worker thread that runs one job at a time. The thread starts on the first job, and again on
 * the next job after it died or was terminated (abort), so a crash costs one job, not the pool.
 * While idle the thread is unref'd: an idle pool never keeps the CLI from exiting.
 */

export interface Job {
  id: number;
  method: string;
  args: unknown;
  transfer: readonly Transferable[];
  signal: AbortSignal | undefined;
  onProgress: ((p: Progress) => void) | undefined;
  log: ((level: LogLevel, message: string) => void) | undefined;
  resolve: (value: unknown) => void;
  reject: (err: AppError) => void;
}

const require = createRequire(import.meta.url);

let tsxApiUrls: { esm: string; cjs: string } | undefined;

/** File URLs of tsx's registration APIs (`tsx/esm/api`, `tsx/cjs/api`, import condition) from its exports map. */
function tsxApis(entry: URL): { esm: string; cjs: string } {
  if (tsxApiUrls) return tsxApiUrls;
  try {
    const pkgPath = require.resolve('tsx/package.json');
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports?: Record<string, { import?: string | { default?: string } }> };
    const url = (sub: string): string => {
      const imp = pkg.exports?.[sub]?.import;
      const rel = typeof imp === 'string' ? imp : imp?.default;
      if (!rel) throw new Error(`tsx's package.json has no ${sub} export`);
      return pathToFileURL(path.join(path.dirname(pkgPath), rel)).href;
    };
    tsxApiUrls = { esm: url('./esm/api'), cjs: url('./cjs/api') };
    return tsxApiUrls;
  } catch (e) {
    throw new AppError('ToolFailed', `Cannot start the TypeScript worker ${fileURLToPath(entry)}: tsx is not usable (${e instanceof Error ? e.message : String(e)}).`, { cause: e });
  }
}

/**
 * Starts the thread. A built `.js` entry runs directly. A `.ts` entry (the CLI under tsx, tests under
 * vitest) needs tsx inside the thread, but `execArgv: ['--import', 'tsx']` does NOT work on Node 20
 * (checked on 20.20: --import is ignored for worker threads and the entry fails with
 * ERR_UNKNOWN_FILE_EXTENSION; see tsx issue #354), nor does importing tsx's loader module from a
 * bootstrap. What works: a bootstrap that calls tsx's register() APIs (ESM and CJS hooks), then
 * imports the entry.
 */
export function startWorkerThread(entry: URL, name: string): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { name });
  const { esm, cjs } = tsxApis(entry);
  const bootstrap =
    `Promise.all([import(${JSON.stringify(esm)}), import(${JSON.stringify(cjs)})])` +
    `.then(([e, c]) => { e.register(); c.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, name });
}

export class WorkerSlot {
  private worker: Worker | undefined;
  private job: Job | undefined;
  private onAbort: (() => void) | undefined;

  constructor(
    private readonly entry: URL,
    private readonly name: string,
    private readonly onFree: () => void,
  ) {}

  get busy(): boolean {
    return this.job !== undefined;
  }

  /** Thread id of the live worker (for tests and logs); undefined when none runs. */
  get threadId(): number | undefined {
    return this.worker?.threadId;
  }

  run(job: Job): void {
    if (this.job) throw new AppError('Internal', `Worker ${this.name} is busy.`);
    this.job = job;
    let w: Worker;
    try {
      w = this.worker ?? this.spawn();
    } catch (e) {
      this.finish(undefined, e instanceof AppError ? e : new AppError('ToolFailed', `Cannot start worker ${this.name}: ${e instanceof Error ? e.message : String(e)}`, { cause: e }));
      return;
    }
    w.ref();
    if (job.signal) {
      this.onAbort = () => this.abort();
      job.signal.addEventListener('abort', this.onAbort, { once: true });
    }
    const msg: CallMessage = { type: 'call', id: job.id, method: job.method, args: job.args };
    try {
      w.postMessage(msg, [...job.transfer]);
    } catch (e) {
      // Arguments that cannot be cloned (functions, detached buffers): the caller's mistake.
      this.finish(undefined, new AppError('InvalidArgument', `Cannot send arguments of '${job.method}' to worker ${this.name}: ${e instanceof Error ? e.message : String(e)}`, { cause: e }));
    }
  }

  /** Ends the thread (if any); a job in flight fails with `err`. */
  async terminate(err: AppError): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (this.job) this.finish(undefined, err);
    if (w) await w.terminate();
  }

  private spawn(): Worker {
    const w = startWorkerThread(this.entry, this.name);
    this.worker = w;
    // Listeners are bound to this Worker object: events of a replaced (terminated) one are ignored.
    w.on('message', (raw: unknown) => {
      if (this.worker === w) this.onMessage(raw);
    });
    w.on('messageerror', (e: Error) => {
      if (this.worker === w) this.finish(undefined, new AppError('ToolFailed', `Worker ${this.name} sent a message that could not be read: ${e.message}`, { cause: e }));
    });
    w.on('error', (e: Error) => {
      if (this.worker !== w) return;
      this.worker = undefined;
      const what = this.job ? ` while running '${this.job.method}' (call #${this.job.id})` : '';
      this.finish(undefined, new AppError('ToolFailed', `Worker ${this.name} crashed${what}: ${e.message}`, { cause: e }));
    });
    w.on('exit', (code: number) => {
      if (this.worker !== w) return;
      this.worker = undefined;
      if (this.job) {
        this.finish(undefined, new AppError('ToolFailed', `Worker ${this.name} exited with code ${code} without replying to '${this.job.method}' (call #${this.job.id}); it will be restarted on the next call.`));
      }
    });
    return w;
  }

  private onMessage(raw: unknown): void {
    const job = this.job;
    const parsed = ReplyMessage.safeParse(raw);
    if (!parsed.success) {
      if (job) this.finish(undefined, new AppError('ToolFailed', `Worker ${this.name} sent a malformed reply to '${job.method}': ${parsed.error.message}`));
      return;
    }
    const m = parsed.data;
    if (!job || m.id !== job.id) return; // a late reply to a call that already ended
    switch (m.type) {
      case 'result':
        this.finish(m.value, undefined);
        return;
      case 'error':
        this.finish(undefined, AppError.fromJSON(m.error));
        return;
      case 'progress':
        job.onProgress?.(m.progress as Progress);
        return;
      case 'log':
        job.log?.(m.level, m.message);
        return;
      default: {
        const never: never = m;
        return never;
      }
    }
  }

  /** Aborting a running call terminates its thread: the only way to stop synchronous work. */
  private abort(): void {
    const job = this.job;
    if (!job) return;
    const w = this.worker;
    this.worker = undefined;
    this.finish(undefined, new AppError('Canceled', `The worker call '${job.method}' (call #${job.id}) on ${this.name} was canceled.`, { cause: job.signal?.reason }));
    void w?.terminate();
  }

  private finish(value: unknown, err: AppError | undefined): void {
    const job = this.job;
    if (!job) return;
    this.job = undefined;
    if (this.onAbort) job.signal?.removeEventListener('abort', this.onAbort);
    this.onAbort = undefined;
    this.worker?.unref();
    if (err) job.reject(err);
    else job.resolve(value);
    // Later, not now: the pool may hand this slot its next job, and we may be inside run().
    queueMicrotask(this.onFree);
  }
}
