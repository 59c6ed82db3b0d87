import { cacheKey } from '../cache/feature-cache.ts';
import { loadPack, readManifest } from '../inference/pack.ts';
import { parseDevicePref } from '../inference/providers.ts';
import type { ModelKey } from '../store/schemas.ts';
import { packIdentityOf, type PackIdentity } from '../queue/pack-identity.ts';
import type { Analyze } from './process-file.ts';
import type { PipelineWorkers } from '../pipeline/worker-pools.ts';

/**
 * What `corrkd batch` (and the app's batch view) analyse each file with: analyzeClip, plus the
 * model key and options hash that, with the content sha256, key each stored result. The pack is
 * loaded and verified once, before any file is touched, so a missing or tampered pack stops the
 * batch at once instead of failing every file.
 */
export interface BatchAnalyzer {
  analyze: Analyze;
  model: ModelKey;
  optionsHash: string;
  /** The pack's id, version and file checksums: a queue worker takes a job only for the same pack. */
  pack: PackIdentity;
  /** Ends what the analysis keeps running between files (the pipeline's worker threads). */
  close?: () => Promise<void>;
}

export interface BatchAnalyzerOptions {
  /** Model pack folder (--model); the default pack when absent. */
  modelDir?: string;
  /** auto | cpu | cuda | webgpu (--device). */
  device?: string;
  /**
   * The pipeline's threads when the caller owns them (the app shares one set between single clips and
   * batches); the analyzer does not close them. Absent: the analyzer starts its own on the first file
   * and closes them in close().
   */
  workers?: PipelineWorkers;
}

export async function createBatchAnalyzer(opts: BatchAnalyzerOptions = {}): Promise<BatchAnalyzer> {
  const pack = await loadPack(opts.modelDir);
  const device = parseDevicePref(opts.device ?? 'auto');
  const fps = 5;
  let own: PipelineWorkers | undefined;
  return {
    model: { id: pack.id, version: pack.version },
    pack: packIdentityOf(readManifest(pack.dir)),
    // every option that changes results (the device changes speed, not results beyond float rounding)
    optionsHash: cacheKey({ fps, allowAsr: false, T: pack.T, extractors: JSON.stringify(pack.extractors) }),
    // The pipeline loads on the first file: a queue coordinator never analyses and starts fast.
    analyze: async (file, ctx, known) => {
      const { analyzeClip } = await import('../pipeline/analyze-clip.ts');
      const { createPipelineWorkers, withWorkers } = await import('../pipeline/worker-pools.ts');
      const workers = opts.workers ?? (own ??= createPipelineWorkers());
      return analyzeClip(file, withWorkers(ctx, workers), { model: pack.dir, device, fps, ...(known ? { known } : {}) });
    },
    close: async () => {
      const w = own;
      own = undefined;
      await w?.close();
    },
  };
}
