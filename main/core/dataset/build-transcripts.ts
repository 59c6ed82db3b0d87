import path from 'node:path';
// lets timers, signals and I/O run between chunks of rows
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { StageContext } from '../context.ts';
import { throwIfAborted } from '../errors.ts';
import type { StepMatrix, Utterance } from '../types.ts';
import { T_STEPS } from '../types.ts';
import { textSteps, textV3Steps } from '../align/steps.ts';
import { splitWords } from '../transcript/spread-words.ts';
import type { DatasetSpec, SampleSink, SplitName } from './format.ts';
import { finishedSummary, progressReporter, splitWarnings, type BuildSummary } from './build-summary.ts';
import { readTranscriptCsv, type TranscriptCsv } from './transcript-csv.ts';
import { V1_MODALITIES } from './v1-modalities.ts';
import { DatasetWriter } from './writer.ts';

/**
 * `corrkd dataset build --transcripts X.csv`: text-only samples (DESIGN 8). Each row is one
 * utterance; its words become text steps exactly as the app makes them for a transcript without
 * times (align/steps.ts textV3Steps: word steps + the sentence vector), cut or zero-padded to T.
 * Audio and visual are absent: zeros, present = 0. Rows go to the sentence encoder 64 at a time.
 */

export interface TranscriptBuildOptions {
  T?: number;
  seed?: number;
  overwrite?: boolean;
  /** share of the train videos held out as test (readTranscriptCsv's holdout) */
  holdout?: number;
}

export function transcriptSpec(file: string, T: number): DatasetSpec {
  return {
    T,
    modalities: { ...V1_MODALITIES },
    source: {
      kind: 'transcripts',
      path: path.resolve(file),
      description: `transcript-only CSV ${path.basename(file)} (${V1_MODALITIES.l.extractor}; audio and visual absent)`,
    },
  };
}

/** The transcript as an utterance without times: its whitespace words, as the app splits plain text. */
export function transcriptUtterance(text: string): Utterance {
  const words = splitWords(text).map((w) => ({ text: w, start: 0, end: 0 }));
  return { start: 0, end: 0, text, words };
}

/** text-v2 word steps of one transcript (no sentence dims), null without any word: the text probes' base. */
export function transcriptWordSteps(text: string, T: number): StepMatrix | null {
  const utt = transcriptUtterance(text);
  return utt.words.length === 0 ? null : textSteps(utt, T);
}

/** Text steps of transcripts (text-v3), null for one without any word (text absent for that sample). */
export async function transcriptTextSteps(texts: readonly string[], T: number): Promise<(StepMatrix | null)[]> {
  const utts = texts.map(transcriptUtterance);
  const withWords = utts.filter((u) => u.words.length > 0);
  const steps = withWords.length > 0 ? await textV3Steps(withWords, T) : [];
  let k = 0;
  return utts.map((u) => (u.words.length === 0 ? null : steps[k++]!));
}

/** Rows per sentence-encoder call while building (one USE batch; keeps memory flat on MOSEI). */
const TEXT_CHUNK = 64;

/** Appends one sample per CSV row to `sink` (disk writer or memory); returns how many had no text. */
export async function appendTranscriptSamples(
  csv: TranscriptCsv,
  sink: SampleSink,
  T: number,
  ctx: StageContext,
): Promise<{ emptyText: number; splits: Record<SplitName, number> }> {
  const report = progressReporter(ctx, 'text-features', csv.rows.length);
  const splits: Record<SplitName, number> = { train: 0, valid: 0, test: 0 };
  let emptyText = 0;
  for (let start = 0; start < csv.rows.length; start += TEXT_CHUNK) {
    throwIfAborted(ctx.signal, 'dataset build');
    await yieldToEventLoop();
    const rows = csv.rows.slice(start, start + TEXT_CHUNK);
    const steps = await transcriptTextSteps(rows.map((r) => r.text), T);
    rows.forEach((r, j) => {
      const l = steps[j] ?? null;
      if (!l) emptyText += 1;
      sink.append(r.split, { id: r.id, label: r.label, l, a: null, v: null, info: { text: r.text } });
      splits[r.split] += 1;
    });
    report(start + rows.length);
  }
  throwIfAborted(ctx.signal, 'dataset build');
  return { emptyText, splits };
}

export async function buildTranscriptDataset(
  file: string,
  outDir: string,
  opts: TranscriptBuildOptions,
  ctx: StageContext,
): Promise<BuildSummary> {
  const t0 = performance.now();
  const T = opts.T ?? T_STEPS;
  const seed = opts.seed ?? 0;
  const csv = readTranscriptCsv(file, seed, opts.holdout ? { holdout: opts.holdout } : {});
  ctx.log('info', `${file}: ${csv.rows.length} rows, splits from ${csv.splitFrom}`);
  const writer = new DatasetWriter(outDir, transcriptSpec(file, T), { overwrite: opts.overwrite ?? false });
  try {
    const { emptyText } = await appendTranscriptSamples(csv, writer, T, ctx);
    const durationSec = (performance.now() - t0) / 1000;
    const header = writer.finish({ tool: 'corrkd dataset build --transcripts', seed, failed: 0, durationSec });
    const warnings = splitWarnings(header);
    if (csv.heldOut > 0) warnings.push(`${csv.heldOut} train row(s) of ${(100 * (opts.holdout ?? 0)).toFixed(0)} % of the train videos held out as test`);
    if (emptyText > 0) warnings.push(`${emptyText} row(s) have no words: their text is absent (zeros, present = 0)`);
    return finishedSummary(writer.outDir, writer.count, header, [], warnings, durationSec);
  } catch (e) {
    writer.abort();
    throw e;
  }
}
