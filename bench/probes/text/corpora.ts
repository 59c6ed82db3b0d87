import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { readTranscriptCsv } from '../../../main/core/dataset/transcript-csv.ts';
import type { SplitName } from '../../../main/core/dataset/format.ts';
import { PROJECT_ROOT } from '../../../main/core/paths.ts';

/**
 * The text corpora of the text probes (MOSI, MOSEI) with the project-wide held-out rule applied: a
 * `train` row whose video has sha256(videoId)[0] < 38 (~15 %) is HELD-OUT TEST; dev/valid rows are
 * for selection. The rule is written out here until main's core/dataset/holdout.ts lands.
 */

export const SHARED_DATA = process.env.CORRKD_SHARED_DATA ?? path.resolve(PROJECT_ROOT, '..', 'shared', 'data');
export const TEXT_CORPORA = ['mosi', 'mosei'] as const;
export type TextCorpus = (typeof TEXT_CORPORA)[number];

export interface CorpusRow {
  corpus: TextCorpus;
  id: string;
  text: string;
  label: number;
  /** train (minus held-out), valid (dev/valid rows), test (held-out train videos) */
  split: SplitName;
}

/** Video of a clip id: the leading digits of numeric MOSEI ids (100499_0_0), else the YouTube id (11 characters). */
export function videoOfClipId(id: string): string {
  return /^\d+_\d+(_\d+)?$/.test(id) ? id.slice(0, id.indexOf('_')) : id.slice(0, 11);
}

/** True when the video's sha256 first byte is below 38: held-out test. */
export function isHeldOutVideo(videoId: string): boolean {
  return createHash('sha256').update(videoId, 'utf8').digest()[0]! < 38;
}

export function readCorpus(corpus: TextCorpus): CorpusRow[] {
  const csv = readTranscriptCsv(path.join(SHARED_DATA, corpus, 'label.csv'), 0);
  if (csv.splitFrom !== 'column') throw new Error(`${csv.file}: every row needs its mode`);
  return csv.rows.map((r) => {
    if (r.split === 'test') throw new Error(`${csv.file}: row ${r.row} is already test`);
    const split: SplitName = r.split === 'train' && isHeldOutVideo(videoOfClipId(r.id)) ? 'test' : r.split;
    return { corpus, id: r.id, text: r.text, label: r.label, split };
  });
}

export interface MeldRow {
  id: string;
  text: string;
  /** positive +1, negative -1, neutral 0 (dropped by the Non0 metrics) */
  label: number;
}

const MELD_SENTIMENT: Readonly<Record<string, number>> = { positive: 1, negative: -1, neutral: 0 };

/** MELD's train + dev utterances (TV dialogue; out of domain, never used for selection); id = file + row (its Sr No. repeats). */
export function readMeld(): MeldRow[] {
  const out: MeldRow[] = [];
  for (const part of ['train', 'dev']) {
    const file = path.join(SHARED_DATA, 'meld', `${part}_sent_emo.csv`);
    const records = parse(readFileSync(file, 'utf8'), { bom: true, columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
    for (const [i, r] of records.entries()) {
      const label = MELD_SENTIMENT[(r.Sentiment ?? '').trim()];
      if (label === undefined) throw new Error(`${file}: row ${r['Sr No.']} has sentiment '${r.Sentiment}'`);
      out.push({ id: `meld-${part}-${i + 1}`, text: r.Utterance ?? '', label });
    }
  }
  return out;
}
