import path from 'node:path';
import { T_STEPS } from '../types.ts';
import type { BuildSummary } from './build-summary.ts';
import { buildClipRows, clipSpec, type BuildContext, type ClipBuildOptions } from './build-clips.ts';
import type { DatasetConfig } from './dataset-config.ts';
import { readEmotionAudioCsv } from './emotion-audio-csv.ts';

/**
 * `corrkd dataset build --emotion-audio LABELS.csv`: an emotional-speech corpus (RAVDESS and the
 * like) as sentiment samples. Rows come from emotion-audio-csv.ts (emotion -> sentiment through the
 * one table, speaker-disjoint splits, the sentence as the transcript unless turned off); each clip
 * then goes through exactly the `--csv` clip pipeline (build-clips.ts), failures reported per row.
 */

export interface EmotionAudioBuildOptions extends ClipBuildOptions {
  config?: DatasetConfig;
  /** audio-only samples even when the CSV has a text column (as the app sees a clip without transcript) */
  noText?: boolean;
}

export async function buildEmotionAudioDataset(csvFile: string, outDir: string, opts: EmotionAudioBuildOptions, ctx: BuildContext): Promise<BuildSummary> {
  const seed = opts.seed ?? 0;
  const read = readEmotionAudioCsv(csvFile, { seed, ...(opts.config ? { config: opts.config } : {}), ...(opts.noText ? { noText: true } : {}) });
  const spec = clipSpec(csvFile, opts.T ?? T_STEPS);
  spec.source.description = `emotional speech from ${path.basename(csvFile)}: emotion -> sentiment by the emotion table${opts.config?.emotions ? ' with the config overrides' : ''}; ${read.usedText ? 'the sentence as transcript' : 'audio only (no transcript)'}; splits by speaker`;
  const list = (names: string[]): string => [...names].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).join(' ') || '-';
  const notes = [
    `speakers: train ${list(read.speakers.train)}; valid ${list(read.speakers.valid)}; test ${list(read.speakers.test)}`,
    ...Object.entries(read.skipped).map(([emotion, n]) => `${n} row(s) left out: '${emotion}' has no sentiment target in the emotion table`),
  ];
  return buildClipRows(read.rows, read.failures, spec, outDir, { ...opts, seed }, ctx, { tool: 'corrkd dataset build --emotion-audio', notes });
}
