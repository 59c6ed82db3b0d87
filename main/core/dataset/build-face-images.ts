import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type StageContext, makeContext } from '../context.ts';
import { AppError, throwIfAborted, toAppError } from '../errors.ts';
import { alignToSteps } from '../align/steps.ts';
import { EXTRACTORS } from '../features/extractors.ts';
import { type FaceCropMode, cropPolicyFor } from '../features/visual/face-crop.ts';
import { extractVisualSeries } from '../features/visual/visual-series.ts';
import { decodeStill, stillMediaInfo } from '../media/still-image.ts';
import { visualEvidence } from '../pipeline/evidence.ts';
import { stillAsVideo, stillUtterance } from '../pipeline/still-clip.ts';
import { stillFrames, workerExtractor } from '../pipeline/visual-branch.ts';
import { createVisualPool } from '../pipeline/worker-pools.ts';
import { defaultConcurrency } from '../jobs/concurrency.ts';
import { T_STEPS } from '../types.ts';
import { type BuildFailure, type BuildSummary, finishedSummary, progressReporter, splitWarnings } from './build-summary.ts';
import type { DatasetConfig } from './dataset-config.ts';
import { emotionToSentiment } from './emotion-sentiment.ts';
import { type FaceImageRow, listFaceImages } from './face-image-list.ts';
import type { DatasetSample, DatasetSpec, SplitName } from './format.ts';
import { type HashFractions, hashSplit } from './holdout.ts';
import { splitByGroup } from './split.ts';
import { V1_MODALITIES } from './v1-modalities.ts';
import { DatasetWriter } from './writer.ts';

/**
 * `corrkd dataset build --face-images DIR_OR_CSV`: labelled face images (FER2013-style crops, or
 * photos) -> one visual-only sample per image, labelled through the emotion table
 * (emotion-sentiment.ts, with the config's overrides). Each image goes through the same decoding,
 * face search (face-crop mode, default 'on' here), extractor, usability rules and stepping as a
 * still analysed by `corrkd analyze` (pipeline/still-clip.ts), so a model trained on the dataset
 * sees analysed pictures as it saw its samples. A file that fails (unreadable, not an image, no
 * usable face) is reported with its reason and the build goes on.
 *
 * Splits, first rule that applies: the CSV's split column; the config's "split" lists (group names:
 * a person, or an image's sha256); by person when the CSV names one (seeded 80/10/10 over persons,
 * split.ts splitByGroup); else by content (FACE_IMAGE_HOLDOUT: sha256 of the file bytes), so
 * byte-identical copies are one group, merged into one sample, and never straddle splits. A content
 * group whose copies carry different emotions is dropped and counted.
 */

/** Content-hash split (common brief, FER2013): first byte of sha256(bytes) < 26 -> test, 26..51 -> valid, else train. */
export const FACE_IMAGE_HOLDOUT: HashFractions = { test: 26 / 256, valid: 26 / 256 };

export interface FaceImageBuildOptions {
  T?: number;
  /** seed of the person split (rows with a person and no split) */
  seed?: number;
  overwrite?: boolean;
  config?: DatasetConfig;
  /** default 'on': the whole image is the face (face crops); 'auto' searches first (photos) */
  faceCrop?: FaceCropMode;
  /** face worker threads; default defaultConcurrency() */
  threads?: number;
  /** longest side an image is decoded at (px); default 640, as for video frames */
  maxSide?: number;
}

interface Candidate extends FaceImageRow {
  sha256: string;
  bytes: number;
  label: number;
  split: SplitName;
}

export interface FaceImageCounts {
  images: number;
  /** emotions without a sentiment target (e.g. surprised), per emotion */
  leftOut: Record<string, number>;
  /** byte-identical extra copies merged into their group's one sample */
  duplicatesMerged: number;
  /** content groups whose copies carry different emotions, and their files */
  conflictingGroups: number;
  conflictingFiles: number;
  /** files in the folder that are no images of a known kind */
  skipped: number;
}

export async function buildFaceImageDataset(input: string, outDir: string, opts: FaceImageBuildOptions, ctx: StageContext): Promise<BuildSummary & { counts: FaceImageCounts }> {
  const t0 = performance.now();
  const T = opts.T ?? T_STEPS;
  const config = opts.config ?? {};
  const list = listFaceImages(input, config);
  const failures: BuildFailure[] = [...list.failures];
  const counts: FaceImageCounts = { images: list.rows.length, leftOut: {}, duplicatesMerged: 0, conflictingGroups: 0, conflictingFiles: 0, skipped: list.skipped };

  // 1. label, content hash and content split of every image (reads each file once)
  const hashed: Candidate[] = [];
  for (const [i, row] of list.rows.entries()) {
    throwIfAborted(ctx.signal, 'dataset build');
    const at = { file: row.file, ...(row.row ? { row: row.row, line: row.line } : {}) };
    let label: number | null;
    try {
      label = emotionToSentiment(row.emotion, undefined, config.emotions).label;
    } catch (e) {
      failures.push({ ...at, kind: 'InvalidDataset', reason: toAppError(e).message });
      continue;
    }
    if (label === null) {
      counts.leftOut[row.emotion] = (counts.leftOut[row.emotion] ?? 0) + 1;
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(row.file);
    } catch (e) {
      failures.push({ ...at, kind: 'FileUnreadable', reason: `cannot read ${row.file}: ${(e as Error).message}` });
      continue;
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    hashed.push({ ...row, sha256, bytes: bytes.length, label, split: hashSplit(bytes, FACE_IMAGE_HOLDOUT) });
    if (i % 500 === 0) ctx.onProgress({ type: 'message', text: `hashing ${i + 1}/${list.rows.length}` });
  }

  // 2. groups and splits
  const kept = assignSplits(hashed, config, opts.seed ?? 0, counts, failures);

  // 3. features, in row order, several images in flight
  const spec: DatasetSpec = {
    T,
    modalities: { ...V1_MODALITIES },
    source: {
      kind: 'other',
      path: path.resolve(input),
      description: `face images from ${path.basename(input)} (${list.kind}), ${EXTRACTORS.visual.id}, face-crop ${opts.faceCrop ?? 'on'}; text and audio absent`,
    },
  };
  const writer = new DatasetWriter(outDir, spec, { overwrite: opts.overwrite ?? false });
  const threads = opts.threads ?? defaultConcurrency();
  const pool = createVisualPool(threads);
  try {
    // per-image calls report no progress of their own: the build reports one line per image
    const quiet = makeContext({ signal: ctx.signal, log: ctx.log });
    const extractor = workerExtractor(pool, EXTRACTORS.visual.id, {}, quiet);
    const one = async (c: Candidate): Promise<DatasetSample | BuildFailure> => {
      const at = { file: c.file, ...(c.row ? { row: c.row, line: c.line } : {}) };
      try {
        const pic = await decodeStill(c.file, quiet, { maxSide: opts.maxSide ?? 640 });
        const crop = cropPolicyFor(opts.faceCrop ?? 'on', { still: true, width: pic.sourceWidth, height: pic.sourceHeight });
        const media = stillMediaInfo(c.file, c.bytes, pic);
        const visual = await extractVisualSeries(stillFrames(pic), quiet, { extractor, expectedFrames: 1, crop });
        const { verdict } = visualEvidence(media, { ...visual, crop, fromCache: false });
        if (!verdict.usable) return { ...at, kind: 'InvalidDataset', reason: `no usable face: ${verdict.reason}` };
        const v = alignToSteps(stillUtterance(), stillAsVideo(visual.series), T, EXTRACTORS.visual.dim);
        return { id: c.rel, label: c.label, l: null, a: null, v, info: { file: c.rel } };
      } catch (e) {
        const err = toAppError(e, c.file);
        if (err.kind === 'Canceled' || ctx.signal.aborted) throw err;
        return { ...at, kind: err.kind, reason: err.message };
      }
    };
    const progress = progressReporter(ctx, 'visual-features', kept.length);
    const window = Math.max(2, threads * 2);
    const pending = new Map<number, Promise<DatasetSample | BuildFailure>>();
    let next = 0;
    for (let i = 0; i < kept.length; i++) {
      while (next < kept.length && next < i + window) {
        pending.set(next, one(kept[next]!));
        next++;
      }
      const r = await pending.get(i)!;
      pending.delete(i);
      throwIfAborted(ctx.signal, 'dataset build');
      if ('id' in r) writer.append(kept[i]!.split, r);
      else failures.push(r);
      progress(i + 1, kept[i]!.rel);
    }
    if (writer.count === 0) {
      const shown = failures.slice(0, 10).map((f) => `${f.file}: ${f.reason}`);
      throw new AppError('InvalidDataset', `${input}: no image could be used (${failures.length} failed): ${shown.join('; ')}`, { file: input });
    }
    failures.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    const durationSec = (performance.now() - t0) / 1000;
    const header = writer.finish({ tool: 'corrkd dataset build --face-images', seed: opts.seed ?? 0, failed: failures.length, durationSec });
    const warnings = [...splitWarnings(header), ...countWarnings(counts)];
    return { ...finishedSummary(writer.outDir, writer.count, header, failures, warnings, durationSec), counts };
  } catch (e) {
    writer.abort();
    throw e;
  } finally {
    await pool.close();
  }
}

function countWarnings(c: FaceImageCounts): string[] {
  const out: string[] = [];
  const left = Object.entries(c.leftOut);
  if (left.length) out.push(`left out (no sentiment target in the emotion table): ${left.map(([e, n]) => `${e} ${n}`).join(', ')}`);
  if (c.duplicatesMerged) out.push(`${c.duplicatesMerged} byte-identical extra copies merged into their group's one sample`);
  if (c.conflictingGroups) out.push(`${c.conflictingGroups} groups of byte-identical copies with different emotions dropped (${c.conflictingFiles} files)`);
  if (c.skipped) out.push(`${c.skipped} entries of the folder are not images in an emotion sub-folder (skipped)`);
  return out;
}

/**
 * Groups, merges and splits (see the module comment); returns one candidate per sample, in path
 * order. Conflicting content groups and split conflicts become counts / failures.
 */
function assignSplits(rows: Candidate[], config: DatasetConfig, seed: number, counts: FaceImageCounts, failures: BuildFailure[]): Candidate[] {
  const lists = config.split ?? {};
  const listed = new Map<string, SplitName>();
  for (const s of ['train', 'valid', 'test'] as const) for (const g of lists[s] ?? []) listed.set(g, s);

  const byContent = new Map<string, Candidate[]>();
  const withPerson: Candidate[] = [];
  for (const r of rows) {
    if (r.person) withPerson.push(r);
    else byContent.set(r.sha256, [...(byContent.get(r.sha256) ?? []), r]);
  }
  const out: Candidate[] = [];
  for (const [sha, copies] of byContent) {
    const emotions = new Set(copies.map((c) => c.emotion.toLowerCase()));
    if (emotions.size > 1) {
      counts.conflictingGroups++;
      counts.conflictingFiles += copies.length;
      continue;
    }
    const givens = new Set(copies.map((c) => c.given).filter((g): g is SplitName => g !== null));
    if (givens.size > 1) {
      for (const c of copies) failures.push({ file: c.file, ...(c.row ? { row: c.row, line: c.line } : {}), kind: 'InvalidDataset', reason: `byte-identical copies are given different splits (${[...givens].join(', ')})` });
      continue;
    }
    counts.duplicatesMerged += copies.length - 1;
    const first = copies[0]!;
    out.push({ ...first, split: [...givens][0] ?? listed.get(sha) ?? first.split });
  }
  if (withPerson.length) {
    const { splits } = splitByGroup(
      withPerson.map((r) => ({ group: r.person!, given: r.given, ...(r.row ? { row: r.row } : {}) })),
      seed,
      lists,
    );
    withPerson.forEach((r, i) => out.push({ ...r, split: splits[i]! }));
  }
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}
