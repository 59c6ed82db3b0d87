import { readFileSync, statSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { AppError } from '../errors.ts';

/**
 * Reads a labelled CSV (RFC 4180 via csv-parse: quotes, commas and newlines inside quotes, a UTF-8
 * BOM, CRLF). The header names the columns (trimmed, case-insensitive, any order); extra columns are
 * ignored. Rows with the wrong field count are returned as row errors, not thrown, so a caller can
 * report every bad row at once.
 */

export interface ColumnSpec {
  /** canonical name -> accepted header names (lower case) */
  required: Record<string, string[]>;
  optional: Record<string, string[]>;
}

export interface CsvRow {
  /** 1-based data row number (the header is row 0) */
  row: number;
  /** 1-based line in the file where the row starts */
  line: number;
  values: Record<string, string>;
}

export interface RowError {
  row: number;
  line: number;
  reason: string;
}

export interface CsvTable {
  file: string;
  /** canonical names of the optional columns the header has */
  has: Set<string>;
  rows: CsvRow[];
  errors: RowError[];
}

interface ParsedRecord {
  record: string[];
  info: { lines: number; empty_lines: number };
}

export function readCsvTable(file: string, spec: ColumnSpec): CsvTable {
  let text: string;
  try {
    if (!statSync(file).isFile()) throw new Error('not a regular file');
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new AppError('FileUnreadable', `Cannot read ${file}: ${(e as Error).message}`, { file, cause: e });
  }
  if (text.replace(/^\uFEFF/, '').trim().length === 0) throw new AppError('EmptyFile', `${file} is empty.`, { file });

  let records: ParsedRecord[];
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as ParsedRecord[];
  } catch (e) {
    throw new AppError('InvalidDataset', `${file} is not valid CSV: ${(e as Error).message}`, { file, cause: e });
  }
  const [head, ...body] = records;
  if (!head) throw new AppError('InvalidDataset', `${file} has no header row.`, { file });
  const names = head.record.map((h) => h.trim().toLowerCase());
  const index = resolveColumns(file, names, spec);

  const rows: CsvRow[] = [];
  const errors: RowError[] = [];
  // Line numbers are counted here: csv-parse's info.lines counts a CRLF inside quotes as two lines.
  let linesBefore = lineSpan(head.record);
  body.forEach((r, k) => {
    const at = { row: k + 1, line: 1 + linesBefore + r.info.empty_lines };
    linesBefore += lineSpan(r.record);
    if (r.record.length !== names.length) {
      errors.push({ ...at, reason: `has ${r.record.length} fields, the header has ${names.length}` });
      return;
    }
    const values: Record<string, string> = {};
    for (const [canon, i] of index) values[canon] = r.record[i] ?? '';
    rows.push({ ...at, values });
  });
  const has = new Set([...index.keys()].filter((k) => k in spec.optional));
  return { file, has, rows, errors };
}

function resolveColumns(file: string, names: string[], spec: ColumnSpec): Map<string, number> {
  const dup = names.find((n, i) => n.length > 0 && names.indexOf(n) !== i);
  if (dup) throw new AppError('InvalidDataset', `${file}: column '${dup}' appears twice in the header.`, { file });
  const index = new Map<string, number>();
  const find = (aliases: string[]) => names.findIndex((n) => aliases.includes(n));
  const missing: string[] = [];
  for (const [canon, aliases] of Object.entries(spec.required)) {
    const i = find(aliases);
    if (i < 0) missing.push(canon);
    else index.set(canon, i);
  }
  if (missing.length > 0) {
    const want = [...Object.keys(spec.required), ...Object.keys(spec.optional).map((o) => `[${o}]`)].join(',');
    throw new AppError(
      'InvalidDataset',
      `${file}: the header lacks column(s) ${missing.join(', ')}; expected ${want} (found: ${names.join(',')}).`,
      { file },
    );
  }
  for (const [canon, aliases] of Object.entries(spec.optional)) {
    const i = find(aliases);
    if (i >= 0) index.set(canon, i);
  }
  return index;
}

/** Lines a record covers: 1 + the line breaks (CRLF, LF or CR) inside its quoted fields. */
function lineSpan(record: string[]): number {
  let n = 1;
  for (const f of record) n += f.match(/\r\n|\n|\r/g)?.length ?? 0;
  return n;
}

/** "row 3 (line 4): reason; row 9 (line 12): reason; ... and 5 more" */
export function formatRowErrors(errors: RowError[], max = 10): string {
  const shown = errors.slice(0, max).map((e) => `row ${e.row} (line ${e.line}): ${e.reason}`);
  const more = errors.length > max ? `; ... and ${errors.length - max} more` : '';
  return `${shown.join('; ')}${more}`;
}
