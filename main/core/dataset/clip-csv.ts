import path from 'node:path';
import type { BuildFailure } from './build-summary.ts';
import { readCsvTable } from './csv-table.ts';
import type { SplitName } from './format.ts';
import { SPLIT_VALUES_HELP, assignSplits, parseLabel, parseSplitValue } from './split.ts';

/**
 * The dataset CSV for own clips (DESIGN 8): `path,label[,split][,transcript]`; path relative to the
 * CSV's folder (or absolute); label in [-3, 3]; split train|valid|test ('dev' = valid), else the
 * seeded 80/10/10 split; transcript, when given, is the clip's text (instead of sidecar/ASR).
 * Unlike the transcript CSV, a bad row does not stop the build: it becomes a reported failure.
 */

export interface ClipRow {
  /** the path as written in the CSV, with '/' separators: the sample id */
  rel: string;
  file: string;
  label: number;
  split: SplitName;
  transcript?: string;
  row: number;
  line: number;
}

export const CLIP_COLUMNS = {
  required: { path: ['path', 'file', 'clip'], label: ['label'] },
  optional: { split: ['split', 'mode'], transcript: ['transcript', 'text'] },
};

export function readClipCsv(csvFile: string, seed: number): { rows: ClipRow[]; failures: BuildFailure[] } {
  const table = readCsvTable(csvFile, CLIP_COLUMNS);
  const base = path.dirname(path.resolve(csvFile));
  const failures: BuildFailure[] = table.errors.map((e) => ({ file: csvFile, ...e, kind: 'InvalidDataset' }));
  const firstRowOf = new Map<string, number>();
  const good: Array<Omit<ClipRow, 'split'> & { given: SplitName | null }> = [];
  for (const r of table.rows) {
    const rel = r.values.path!.trim().replace(/\\/g, '/');
    const file = rel === '' ? '' : path.resolve(base, rel);
    const label = parseLabel(r.values.label!);
    const given = table.has.has('split') ? parseSplitValue(r.values.split!) : null;
    const reasons: string[] = [];
    if (rel === '') reasons.push('path is empty');
    else if (firstRowOf.has(file)) reasons.push(`path '${rel}' repeats row ${firstRowOf.get(file)}`);
    if (typeof label === 'string') reasons.push(label);
    if (given === undefined) reasons.push(`split '${r.values.split!.trim()}' is not one of ${SPLIT_VALUES_HELP}`);
    if (file !== '' && !firstRowOf.has(file)) firstRowOf.set(file, r.row);
    if (reasons.length > 0) {
      failures.push({ file: file || csvFile, row: r.row, line: r.line, kind: 'InvalidDataset', reason: reasons.join('; ') });
      continue;
    }
    const transcript = table.has.has('transcript') ? r.values.transcript!.trim() : '';
    good.push({
      rel,
      file,
      label: label as number,
      given: given ?? null,
      row: r.row,
      line: r.line,
      ...(transcript !== '' ? { transcript } : {}),
    });
  }
  const splits = assignSplits(
    good.map((g) => g.given),
    seed,
  );
  const rows = good.map(({ given: _given, ...g }, i) => ({ ...g, split: splits[i]! }));
  failures.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return { rows, failures };
}
