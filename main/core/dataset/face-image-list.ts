import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.ts';
import type { BuildFailure } from './build-summary.ts';
import { readCsvTable } from './csv-table.ts';
import { type DatasetConfig, withColumnRenames } from './dataset-config.ts';
import type { SplitName } from './format.ts';
import { SPLIT_VALUES_HELP, parseSplitValue } from './split.ts';

/**
 * The input of `dataset build --face-images`: a folder with one sub-folder per emotion (the folder
 * name is the emotion, as in FER2013's `train/<emotion>/*.jpg`), or a CSV `file,emotion[,split][,person]`
 * (paths relative to the CSV). Rows come back sorted by path so a build does not depend on the
 * order the file system lists them in.
 */

/** Image files the builder reads (JPEG/PNG in-process, the others through ffmpeg). */
export const FACE_IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(['jpg', 'jpeg', 'png', 'bmp', 'webp', 'tif', 'tiff']);

export interface FaceImageRow {
  /** the path as given (folder: `<emotion>/<file>`; CSV: the cell), '/' separators: the sample id */
  rel: string;
  file: string;
  emotion: string;
  /** the CSV's split column, when it has one and the cell is not empty */
  given: SplitName | null;
  /** the CSV's person column (a speaker, subject, actor), when given */
  person?: string;
  row?: number;
  line?: number;
}

export interface FaceImageList {
  kind: 'folder' | 'csv';
  rows: FaceImageRow[];
  failures: BuildFailure[];
  /** files in the folder that are not images of a known kind, or not inside an emotion folder */
  skipped: number;
}

export const FACE_IMAGE_COLUMNS = {
  required: { file: ['file', 'path', 'image'], emotion: ['emotion', 'expression', 'label'] },
  optional: { split: ['split', 'mode'], person: ['person', 'subject', 'speaker', 'actor', 'identity'] },
};

const isImage = (name: string): boolean => FACE_IMAGE_EXTENSIONS.has(path.extname(name).slice(1).toLowerCase());

function fromFolder(dir: string): FaceImageList {
  const rows: FaceImageRow[] = [];
  let skipped = 0;
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    if (!d.isDirectory()) {
      skipped++;
      continue;
    }
    for (const f of readdirSync(path.join(dir, d.name), { withFileTypes: true })) {
      if (!f.isFile() || !isImage(f.name)) {
        skipped++;
        continue;
      }
      rows.push({ rel: `${d.name}/${f.name}`, file: path.join(dir, d.name, f.name), emotion: d.name, given: null });
    }
  }
  rows.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return { kind: 'folder', rows, failures: [], skipped };
}

function fromCsv(csv: string, config: DatasetConfig): FaceImageList {
  const table = readCsvTable(csv, withColumnRenames(FACE_IMAGE_COLUMNS, config.columns));
  const base = path.dirname(path.resolve(csv));
  const failures: BuildFailure[] = table.errors.map((e) => ({ file: csv, ...e, kind: 'InvalidDataset' }));
  const rows: FaceImageRow[] = [];
  const seen = new Map<string, number>();
  for (const r of table.rows) {
    const rel = r.values.file!.trim().replace(/\\/g, '/');
    const file = rel === '' ? '' : path.resolve(base, rel);
    const emotion = r.values.emotion!.trim();
    const given = table.has.has('split') ? parseSplitValue(r.values.split!) : null;
    const person = table.has.has('person') ? r.values.person!.trim() : '';
    const reasons: string[] = [];
    if (rel === '') reasons.push('file is empty');
    else if (seen.has(file)) reasons.push(`file '${rel}' repeats row ${seen.get(file)}`);
    if (emotion === '') reasons.push('emotion is empty');
    if (given === undefined) reasons.push(`split '${r.values.split!.trim()}' is not one of ${SPLIT_VALUES_HELP}`);
    if (file !== '' && !seen.has(file)) seen.set(file, r.row);
    if (reasons.length) {
      failures.push({ file: file || csv, row: r.row, line: r.line, kind: 'InvalidDataset', reason: reasons.join('; ') });
      continue;
    }
    rows.push({ rel, file, emotion, given: given ?? null, row: r.row, line: r.line, ...(person ? { person } : {}) });
  }
  rows.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return { kind: 'csv', rows, failures, skipped: 0 };
}

/** Lists a folder of emotion sub-folders or reads a CSV; anything else is InvalidArgument. */
export function listFaceImages(input: string, config: DatasetConfig = {}): FaceImageList {
  let isDir: boolean;
  try {
    isDir = statSync(input).isDirectory();
  } catch (e) {
    throw new AppError('FileUnreadable', `--face-images ${input} cannot be read: ${(e as Error).message}`, { file: input, cause: e });
  }
  const list = isDir ? fromFolder(input) : fromCsv(input, config);
  if (list.rows.length === 0 && list.failures.length === 0) {
    const what = isDir ? 'no image files in emotion sub-folders (expected DIR/<emotion>/<image>.jpg)' : 'no rows';
    throw new AppError('InvalidDataset', `--face-images ${input} has ${what}.`, { file: input });
  }
  return list;
}
