import { makeContext, type StageContext } from '../../core/context.ts';
import { T_STEPS } from '../../core/types.ts';
import { readTranscriptCsv } from '../../core/dataset/transcript-csv.ts';
import { appendTranscriptSamples, transcriptSpec } from '../../core/dataset/build-transcripts.ts';
import { MemorySink } from './memory-sink.ts';
import type { FeatureDataset } from '../../core/dataset/feature-dataset.ts';

export interface TranscriptCsvOptions {
  /** steps per sample (default 50) */
  T?: number;
  /** seed of the 80/10/10 split for rows without a mode (default 0, as `corrkd dataset build`) */
  seed?: number;
}

/**
 * A transcript-only CSV (`id,text,label[,mode]`) straight into memory: the same samples
 * `corrkd dataset build --transcripts` writes (text-v2 steps; audio/visual absent, zeros with
 * present = 0), for `corrkd eval --transcripts` and training without a dataset folder.
 */
export async function loadTranscriptCsv(
  csv: string,
  opts: TranscriptCsvOptions = {},
  ctx: StageContext = makeContext(),
): Promise<FeatureDataset> {
  const T = opts.T ?? T_STEPS;
  const table = readTranscriptCsv(csv, opts.seed ?? 0);
  const sink = new MemorySink(transcriptSpec(csv, T));
  await appendTranscriptSamples(table, sink, T, ctx);
  return sink.toDataset();
}
