import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StageContext } from '../context.ts';
import { AppError, throwIfAborted, toAppError } from '../errors.ts';
import type { StepMatrix } from '../types.ts';
import { T_STEPS } from '../types.ts';
import type { BuildFailure, BuildSummary } from './build-summary.ts';
import { finishedSummary, splitWarnings } from './build-summary.ts';
import { readClipCsv, type ClipRow } from './clip-csv.ts';
import type { DatasetSample, DatasetSpec } from './format.ts';
import { V1_MODALITIES } from './v1-modalities.ts';
import { DatasetWriter, sampleProblem } from './writer.ts';
import { extractClipFeatures } from '../pipeline/clip-features.ts';
import { createPipelineWorkers, withWorkers, type PipelineContext, type PipelineWorkers } from '../pipeline/worker-pools.ts';
import type { FaceCropMode } from '../features/visual/face-crop.ts';

/**
 * `corrkd dataset build --csv labels.csv`: real clips through the feature pipeline (DESIGN 3),
 * one sample per utterance, each with its clip's label. A bad row or a clip that fails (unreadable,
 * no streams, corrupt, ...) becomes a reported failure (file + reason) and the build goes on; only
 * cancel stops it. A clip is all-or-nothing: none of its utterances is written if one is invalid.
 */

/** A build's context: the pipeline's threads are optional (the builder makes its own without them). */
export type BuildContext = StageContext & { workers?: PipelineWorkers };

/** One utterance as the builder needs it; null = the modality is missing or unusable there. */
export interface ClipUtteranceFeatures {
  start: number;
  end: number;
  text: string;
  l: StepMatrix | null;
  a: StepMatrix | null;
  v: StepMatrix | null;
}

export type ClipFeatureExtractor = (
  file: string,
  ctx: PipelineContext,
  opts: { T: number; transcript?: string; allowAsr?: boolean; faceCrop?: FaceCropMode },
) => Promise<ClipUtteranceFeatures[]>;

export interface ClipBuildOptions {
  T?: number;
  seed?: number;
  overwrite?: boolean;
  /** allow Whisper for clips without a transcript column, sidecar or subtitle stream */
  allowAsr?: boolean;
  /** `--face-crop` for rows that are still images (default auto: detect first, a tight crop falls back to the whole image) */
  faceCrop?: FaceCropMode;
  /** the feature pipeline; default: main/core/pipeline's extractClipFeatures (pipelineExtractor) */
  extract?: ClipFeatureExtractor;
}

/**
 * The feature pipeline as the builder uses it: the lead's `extractClipFeatures` (DESIGN 3), its
 * steps per utterance kept only where the modality is usable for the clip (unusable = missing =
 * absent, as the model sees it at analysis time). A transcript from the CSV goes in as a
 * temporary .txt given as `--transcript` (spread over the speech segments like any plain text).
 */
export const pipelineExtractor: ClipFeatureExtractor = async (file, ctx, opts) => {
  let tmp: string | null = null;
  try {
    if (opts.transcript !== undefined) {
      tmp = mkdtempSync(path.join(os.tmpdir(), 'corrkd-transcript-'));
      writeFileSync(path.join(tmp, 'transcript.txt'), `${opts.transcript}\n`);
    }
    const clip = await extractClipFeatures(file, ctx, {
      T: opts.T,
      allowAsr: opts.allowAsr ?? false,
      ...(opts.faceCrop ? { faceCrop: opts.faceCrop } : {}),
      ...(tmp ? { transcriptPath: path.join(tmp, 'transcript.txt') } : {}),
    });
    const use = clip.modalities;
    // a modality counts in an utterance only where it is usable for the clip and has a real step there
    const kept = (usable: boolean, m: StepMatrix): StepMatrix | null => (usable && m.stepMask.some((x) => x === 1) ? m : null);
    return clip.utterances.map((u) => ({
      start: u.start,
      end: u.end,
      text: u.text,
      l: kept(use.text.usable, u.steps.text),
      a: kept(use.audio.usable, u.steps.audio),
      v: kept(use.visual.usable, u.steps.visual),
    }));
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
};

export function clipSpec(csvFile: string, T: number): DatasetSpec {
  return {
    T,
    modalities: { ...V1_MODALITIES },
    source: {
      kind: 'clips',
      path: path.resolve(csvFile),
      description: `labelled clips from ${path.basename(csvFile)} (${V1_MODALITIES.l.extractor}, ${V1_MODALITIES.a.extractor}, ${V1_MODALITIES.v.extractor})`,
    },
  };
}

/** Sample id: the CSV path, plus #k (1-based) when the clip has more than one utterance. */
export function clipSampleId(rel: string, k: number, count: number): string {
  return count === 1 ? rel : `${rel}#${k + 1}`;
}

export async function buildClipDataset(
  csvFile: string,
  outDir: string,
  opts: ClipBuildOptions,
  ctx: BuildContext,
): Promise<BuildSummary> {
  const seed = opts.seed ?? 0;
  const { rows, failures } = readClipCsv(csvFile, seed);
  return buildClipRows(rows, failures, clipSpec(csvFile, opts.T ?? T_STEPS), outDir, { ...opts, seed }, ctx, { tool: 'corrkd dataset build --csv' });
}

/**
 * Clip rows (from any labelled-clip CSV reader) through the feature pipeline into a dataset folder:
 * each row's clip -> one sample per utterance with the row's label and split. `failures` (bad rows
 * found while reading) are extended with the clips that fail; the build fails only when no clip
 * gives a sample. `notes` join the summary's warnings.
 */
export async function buildClipRows(
  rows: readonly ClipRow[],
  failures: BuildFailure[],
  spec: DatasetSpec,
  outDir: string,
  opts: ClipBuildOptions,
  buildCtx: BuildContext,
  build: { tool: string; notes?: string[] },
): Promise<BuildSummary> {
  const t0 = performance.now();
  const seed = opts.seed ?? 0;
  const extract = opts.extract ?? pipelineExtractor;
  const writer = new DatasetWriter(outDir, spec, { overwrite: opts.overwrite ?? false });
  // the pipeline's threads: the caller's when given, else made for this build and closed after it
  const own = buildCtx.workers ? null : createPipelineWorkers();
  const ctx = withWorkers(buildCtx, buildCtx.workers ?? own!);
  let clipsDone = 0;
  try {
    for (const [i, row] of rows.entries()) {
      throwIfAborted(ctx.signal, 'dataset build');
      ctx.onProgress({ type: 'message', text: `[${i + 1}/${rows.length}] ${row.rel}` });
      const failure = await buildOneClip(row, extract, spec, writer, ctx, { allowAsr: opts.allowAsr ?? false, ...(opts.faceCrop ? { faceCrop: opts.faceCrop } : {}) });
      if (failure) {
        failures.push(failure);
        ctx.log('warn', `${failure.file}: ${failure.kind}: ${failure.reason}`);
      } else {
        clipsDone += 1;
      }
    }
    throwIfAborted(ctx.signal, 'dataset build');
    if (writer.count === 0) {
      const shown = failures.slice(0, 10).map((f) => `${f.row ? `row ${f.row} ` : ''}${f.file}: ${f.reason}`);
      throw new AppError('InvalidDataset', `${spec.source.path}: no clip could be used (${failures.length} failed): ${shown.join('; ')}`, {
        file: spec.source.path,
      });
    }
    failures.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    const durationSec = (performance.now() - t0) / 1000;
    const header = writer.finish({ tool: build.tool, seed, failed: failures.length, durationSec });
    const warnings = splitWarnings(header);
    warnings.push(`${clipsDone} clip(s) gave ${writer.count} utterance sample(s)`, ...(build.notes ?? []));
    return finishedSummary(writer.outDir, writer.count, header, failures, warnings, durationSec);
  } catch (e) {
    writer.abort();
    throw e;
  } finally {
    await own?.close();
  }
}

async function buildOneClip(
  row: ClipRow,
  extract: ClipFeatureExtractor,
  spec: DatasetSpec,
  writer: DatasetWriter,
  ctx: PipelineContext,
  run: { allowAsr: boolean; faceCrop?: FaceCropMode },
): Promise<BuildFailure | null> {
  const at = { file: row.file, row: row.row, line: row.line };
  let utts: ClipUtteranceFeatures[];
  try {
    utts = await extract(row.file, ctx, { T: spec.T, ...run, ...(row.transcript ? { transcript: row.transcript } : {}) });
  } catch (e) {
    const err = toAppError(e, row.file);
    if (err.kind === 'Canceled' || ctx.signal.aborted) throw err;
    return { ...at, kind: err.kind, reason: err.message };
  }
  // an utterance with no data in any modality (a silent stretch without a face) teaches nothing
  const withData = utts.filter((u) => u.l || u.a || u.v);
  if (withData.length === 0) {
    return { ...at, kind: 'InvalidDataset', reason: utts.length === 0 ? 'the clip gave no utterance' : 'no modality is usable in any utterance of the clip' };
  }
  const samples: DatasetSample[] = withData.map((u, k) => ({
    id: clipSampleId(row.rel, k, withData.length),
    label: row.label,
    l: u.l,
    a: u.a,
    v: u.v,
    info: { file: row.rel, utterance: k, start: u.start, end: u.end, text: u.text },
  }));
  for (const s of samples) {
    const problem = writer.hasId(s.id) ? `sample id '${s.id}' is already taken` : sampleProblem(s, spec);
    if (problem) return { ...at, kind: 'InvalidDataset', reason: `utterance ${s.info!.utterance}: ${problem}` };
  }
  for (const s of samples) writer.append(row.split, s);
  return null;
}
