import path from 'node:path';
import type { BuildFailure } from './build-summary.ts';
import type { ClipRow } from './clip-csv.ts';
import { readCsvTable } from './csv-table.ts';
import { withColumnRenames, type DatasetConfig } from './dataset-config.ts';
import { emotionToSentiment } from './emotion-sentiment.ts';
import type { SplitName } from './format.ts';
import { SPLIT_VALUES_HELP, parseSplitValue, splitByGroup } from './split.ts';

/**
 * The CSV of an emotional-speech corpus (`dataset build --emotion-audio`):
 * `file,emotion[,intensity][,text][,speaker][,split]`, paths relative to the CSV's folder. Column
 * names can be remapped in the dataset config (`{"columns": {"speaker": "actor"}}`). Each row's
 * label is the emotion table's sentiment for (emotion, intensity) with the config's overrides
 * (emotion-sentiment.ts); an emotion the table leaves out (surprised) is skipped, not a failure.
 * The text column (the sentence said) becomes the transcript unless text is turned off. Splits go
 * by speaker (split.ts splitByGroup): the split column, then the config's lists, else a seeded split
 * of the speakers, and never one speaker in two splits. Without a speaker column each clip is its
 * own group. A bad row becomes a reported failure; the build goes on.
 */

export const EMOTION_AUDIO_COLUMNS = {
  required: { file: ['file', 'path', 'clip'], emotion: ['emotion'] },
  optional: {
    intensity: ['intensity'],
    text: ['text', 'transcript', 'sentence'],
    speaker: ['speaker', 'actor', 'speaker_id'],
    split: ['split', 'mode'],
  },
};

export interface EmotionAudioRows {
  rows: ClipRow[];
  failures: BuildFailure[];
  /** rows whose emotion has no sentiment target, per emotion */
  skipped: Record<string, number>;
  /** the speakers of each split (sorted) */
  speakers: Record<SplitName, string[]>;
  /** the text column was used as the transcript */
  usedText: boolean;
}

export interface EmotionAudioOptions {
  seed: number;
  config?: DatasetConfig;
  /** build audio-only samples even when the CSV has a text column */
  noText?: boolean;
}

export function readEmotionAudioCsv(csvFile: string, opts: EmotionAudioOptions): EmotionAudioRows {
  const config = opts.config ?? {};
  const table = readCsvTable(csvFile, withColumnRenames(EMOTION_AUDIO_COLUMNS, config.columns));
  const base = path.dirname(path.resolve(csvFile));
  const failures: BuildFailure[] = table.errors.map((e) => ({ file: csvFile, ...e, kind: 'InvalidDataset' }));
  const skipped: Record<string, number> = {};
  const usedText = table.has.has('text') && !opts.noText && config.text !== false;
  const firstRowOf = new Map<string, number>();
  const good: Array<Omit<ClipRow, 'split'> & { group: string; given: SplitName | null }> = [];
  for (const r of table.rows) {
    const rel = r.values.file!.trim().replace(/\\/g, '/');
    const file = rel === '' ? '' : path.resolve(base, rel);
    const reasons: string[] = [];
    if (rel === '') reasons.push('file is empty');
    else if (firstRowOf.has(file)) reasons.push(`file '${rel}' repeats row ${firstRowOf.get(file)}`);
    else firstRowOf.set(file, r.row);
    let label: number | null = null;
    let emotion = r.values.emotion!.trim();
    try {
      const t = emotionToSentiment(emotion, table.has.has('intensity') ? r.values.intensity : undefined, config.emotions);
      label = t.label;
      emotion = t.emotion;
    } catch (e) {
      reasons.push((e as Error).message);
    }
    const given = table.has.has('split') ? parseSplitValue(r.values.split!) : null;
    if (given === undefined) reasons.push(`split '${r.values.split!.trim()}' is not one of ${SPLIT_VALUES_HELP}`);
    const speaker = table.has.has('speaker') ? r.values.speaker!.trim() : rel;
    if (speaker === '') reasons.push('speaker is empty');
    if (reasons.length > 0) {
      failures.push({ file: file || csvFile, row: r.row, line: r.line, kind: 'InvalidDataset', reason: reasons.join('; ') });
      continue;
    }
    if (label === null) {
      skipped[emotion] = (skipped[emotion] ?? 0) + 1;
      continue;
    }
    const text = usedText ? r.values.text!.trim() : '';
    good.push({ rel, file, label, row: r.row, line: r.line, group: speaker, given: given ?? null, ...(text !== '' ? { transcript: text } : {}) });
  }
  const split = splitByGroup(good, config.split?.seed ?? opts.seed, config.split ?? {});
  const rows = good.map(({ group: _g, given: _s, ...g }, i) => ({ ...g, split: split.splits[i]! }));
  failures.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return { rows, failures, skipped, speakers: split.groups, usedText };
}
