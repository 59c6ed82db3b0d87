import { AppError } from '../errors.ts';
import { formatRowErrors, readCsvTable, type RowError } from './csv-table.ts';
import type { SplitName } from './format.ts';
import { hashSplit, videoOfClipId } from './holdout.ts';
import { SPLIT_VALUES_HELP, assignSplits, parseLabel, parseSplitValue } from './split.ts';

/**
 * The transcript-only CSV (DESIGN 8): `id,text,label[,mode]`, e.g. ../shared/data/mosi/label.csv.
 * mode (or split) is train / valid / test, 'dev' meaning valid; rows without one get the seeded
 * 80/10/10 split. Any bad row fails the whole file with every bad row listed (InvalidDataset):
 * labels train a model, so a wrong one should be fixed, not skipped silently.
 */

export interface TranscriptRow {
  id: string;
  text: string;
  label: number;
  split: SplitName;
  row: number;
  line: number;
}

export interface TranscriptCsv {
  file: string;
  rows: TranscriptRow[];
  /** where the splits came from: the mode column, the seeded split, or both */
  splitFrom: 'column' | 'seeded' | 'column+seeded';
  /** train rows moved to test by the video hold-out (0 without one) */
  heldOut: number;
}

export interface TranscriptCsvReadOptions {
  /**
   * Hold out this share of the train split's videos as test (0..1): a train row whose video
   * (videoOfClipId: the `<video>` of a MOSI/MOSEI `<video>_<clip>` id) falls in the hash bucket
   * hashSplit(video, {test: holdout}) becomes a test row. For corpora that ship no test split, so
   * that a held-out part of whole videos (speakers) exists from the first build. Valid rows stay.
   */
  holdout?: number;
}

export const TRANSCRIPT_COLUMNS = {
  required: { id: ['id'], text: ['text', 'transcript'], label: ['label'] },
  optional: { mode: ['mode', 'split'] },
};

export function readTranscriptCsv(file: string, seed: number, opts: TranscriptCsvReadOptions = {}): TranscriptCsv {
  const table = readCsvTable(file, TRANSCRIPT_COLUMNS);
  const errors: RowError[] = [...table.errors];
  const firstRowOf = new Map<string, number>();
  const good: Array<Omit<TranscriptRow, 'split'> & { given: SplitName | null }> = [];
  for (const r of table.rows) {
    const at = { row: r.row, line: r.line };
    const id = r.values.id!.trim();
    const label = parseLabel(r.values.label!);
    const given = table.has.has('mode') ? parseSplitValue(r.values.mode!) : null;
    const reasons: string[] = [];
    if (id === '') reasons.push('id is empty');
    else if (firstRowOf.has(id)) reasons.push(`id '${id}' repeats row ${firstRowOf.get(id)}`);
    if (typeof label === 'string') reasons.push(label);
    if (given === undefined) reasons.push(`mode '${r.values.mode!.trim()}' is not one of ${SPLIT_VALUES_HELP}`);
    if (id !== '' && !firstRowOf.has(id)) firstRowOf.set(id, r.row);
    if (reasons.length > 0) {
      errors.push({ ...at, reason: reasons.join('; ') });
      continue;
    }
    good.push({ ...at, id, text: r.values.text!, label: label as number, given: given ?? null });
  }
  if (errors.length > 0) {
    errors.sort((a, b) => a.row - b.row);
    throw new AppError('InvalidDataset', `${file}: ${errors.length} bad row(s): ${formatRowErrors(errors)}`, { file });
  }
  if (good.length === 0) throw new AppError('InvalidDataset', `${file} has a header but no data rows.`, { file });
  const splits = assignSplits(
    good.map((g) => g.given),
    seed,
  );
  const seeded = good.filter((g) => g.given === null).length;
  const splitFrom = seeded === 0 ? 'column' : seeded === good.length ? 'seeded' : 'column+seeded';
  const holdout = opts.holdout ?? 0;
  let heldOut = 0;
  const rows = good.map(({ given: _given, ...g }, i): TranscriptRow => {
    let split = splits[i]!;
    if (holdout > 0 && split === 'train' && hashSplit(videoOfClipId(g.id), { test: holdout, valid: 0 }) === 'test') {
      split = 'test';
      heldOut += 1;
    }
    return { ...g, split };
  });
  return { file, rows, splitFrom, heldOut };
}
