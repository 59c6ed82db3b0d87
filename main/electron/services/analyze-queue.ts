import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger, Progress, StageContext } from '../../core/context.ts';
import { AppError, toAppError } from '../../core/errors.ts';
import { walkFolder } from '../../core/jobs/walk.ts';
import type { ClipResult } from '../../core/result/schema.ts';
import type { AnalyzeJob, AnalyzeStartReply } from '../../../preload/contract.ts';
import type { ThrottledEmitter } from '../ipc/event-sink.ts';

/** Analyses one file; built from the current settings when a job starts (clip-analyzer.ts). */
export type ClipAnalyzer = (file: string, ctx: StageContext) => Promise<ClipResult>;

interface Entry {
  job: AnalyzeJob;
  ac: AbortController;
  result: ClipResult | null;
  /** set by cancel() itself: the only thing that makes a job `canceled` (STYLE habit 8) */
  cancelRequested: boolean;
}

export interface AnalyzeQueueDeps {
  analyzer: () => Promise<ClipAnalyzer>;
  emitter: ThrottledEmitter;
  log: Logger;
  /**
   * Clips analysed at once. One clip already keeps about two cores busy (ffmpeg child process,
   * audio and face workers, the ONNX worker), so the window runs them one after the other.
   */
  concurrency?: number;
}

/**
 * The Analyse view's job list: dropped files and folders become jobs, run in order, with stage
 * progress, cancel (one AbortController per job reaching every stage) and the result kept for the
 * result page. Lives for the window's session; batches of archives belong in the batch view.
 */
export class AnalyzeQueue {
  private readonly entries = new Map<string, Entry>();
  private nextId = 1;
  private running = 0;

  constructor(private readonly deps: AnalyzeQueueDeps) {}

  async start(paths: readonly string[]): Promise<AnalyzeStartReply> {
    const rejected: AnalyzeStartReply['rejected'] = [];
    const files: string[] = [];
    for (const p of paths) {
      const abs = path.resolve(p);
      const st = await stat(abs).catch((e: unknown) => e as Error);
      if (st instanceof Error) {
        rejected.push({ path: abs, reason: `cannot be read: ${st.message}` });
      } else if (st.isDirectory()) {
        const walk = await walkFolder(abs, { signal: new AbortController().signal, log: this.deps.log });
        const media = walk.entries.filter((e) => e.kind === 'file').map((e) => e.path);
        for (const e of walk.entries) if (e.kind === 'error') rejected.push({ path: e.path, reason: e.error.message });
        if (media.length === 0) rejected.push({ path: abs, reason: `no audio or video file in this folder (${walk.ignored} other file(s) ignored)` });
        files.push(...media);
      } else if (st.isFile()) {
        files.push(abs);
      } else {
        rejected.push({ path: abs, reason: 'not a regular file' });
      }
    }
    const jobs = files.map((f) => this.enqueue(f));
    this.pump();
    return { jobs, rejected };
  }

  cancel(id: string): { canceled: boolean } {
    const e = this.mustGet(id);
    if (e.job.status !== 'queued' && e.job.status !== 'running') return { canceled: false };
    e.cancelRequested = true;
    if (e.job.status === 'queued') this.finish(e, 'canceled', null);
    else e.ac.abort(new AppError('Canceled', `Analysis of ${e.job.name} was canceled.`, { file: e.job.file }));
    return { canceled: true };
  }

  list(): AnalyzeJob[] {
    return [...this.entries.values()].map((e) => e.job);
  }

  result(id: string): ClipResult {
    const e = this.mustGet(id);
    if (!e.result) throw new AppError('InvalidArgument', `Job ${id} (${e.job.name}) has no result: it is ${e.job.status}.`);
    return e.result;
  }

  /** Removes finished jobs from the list (running and queued ones stay). */
  clear(): { removed: number } {
    let removed = 0;
    for (const [id, e] of this.entries) {
      if (e.job.status === 'queued' || e.job.status === 'running') continue;
      this.entries.delete(id);
      removed++;
    }
    return { removed };
  }

  /** Aborts everything (window closing). */
  cancelAll(): void {
    for (const e of this.entries.values()) if (e.job.status === 'queued' || e.job.status === 'running') this.cancel(e.job.id);
  }

  private mustGet(id: string): Entry {
    const e = this.entries.get(id);
    if (!e) throw new AppError('InvalidArgument', `No analyse job ${id}; known: ${[...this.entries.keys()].join(', ') || 'none'}.`);
    return e;
  }

  private enqueue(file: string): AnalyzeJob {
    const job: AnalyzeJob = {
      id: `a${this.nextId++}`,
      file,
      name: path.basename(file),
      status: 'queued',
      stage: null,
      stages: [],
      error: null,
      createdAt: new Date().toISOString(),
      finishedAt: null,
      summary: null,
    };
    this.entries.set(job.id, { job, ac: new AbortController(), result: null, cancelRequested: false });
    this.emit(job, true);
    return job;
  }

  private pump(): void {
    const limit = this.deps.concurrency ?? 1;
    for (const e of this.entries.values()) {
      if (this.running >= limit) return;
      if (e.job.status !== 'queued') continue;
      this.running++;
      void this.run(e).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async run(e: Entry): Promise<void> {
    e.job = { ...e.job, status: 'running' };
    this.emit(e.job, true);
    const ctx: StageContext = { signal: e.ac.signal, onProgress: (p) => this.onProgress(e, p), log: this.deps.log };
    try {
      const analyze = await this.deps.analyzer();
      const result = await analyze(e.job.file, ctx);
      e.result = result;
      this.finish(e, 'succeeded', null);
    } catch (err) {
      const ae = toAppError(err, e.job.file);
      this.finish(e, e.cancelRequested ? 'canceled' : 'failed', e.cancelRequested ? null : { kind: ae.kind, message: ae.message });
    }
  }

  private onProgress(e: Entry, p: Progress): void {
    if (p.type !== 'stage' || e.job.status !== 'running') return;
    const stages = [...e.job.stages];
    const i = stages.findIndex((s) => s.stage === p.stage);
    const fraction = p.fraction ?? (i >= 0 ? stages[i]!.fraction : 0);
    if (i >= 0) stages[i] = { stage: p.stage, fraction };
    else stages.push({ stage: p.stage, fraction });
    e.job = { ...e.job, stage: p.stage, stages };
    this.emit(e.job, false);
  }

  private finish(e: Entry, status: 'succeeded' | 'failed' | 'canceled', error: AnalyzeJob['error']): void {
    const stages = status === 'succeeded' ? e.job.stages.map((s) => ({ ...s, fraction: 1 })) : e.job.stages;
    e.job = {
      ...e.job,
      status,
      stage: null,
      stages,
      error,
      finishedAt: new Date().toISOString(),
      summary: e.result ? { score: e.result.score, label: e.result.label } : null,
    };
    this.emit(e.job, true);
  }

  private emit(job: AnalyzeJob, final: boolean): void {
    this.deps.emitter.emit('analyze:job', job.id, job, { final });
  }
}
