import { existsSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { AppError } from '../errors.ts';
import type { FeatureDataset, SplitData } from './feature-dataset.ts';
import { assertLittleEndian } from './append-file.ts';
import {
  HEADER_FILE,
  LABEL_MAX,
  LABEL_MIN,
  MODALITY_KEYS,
  SPLIT_FILES,
  SPLIT_NAMES,
  datasetHeaderSchema,
  expectedBytes,
  type DatasetHeader,
  type SplitFileKey,
  type SplitName,
} from './format.ts';

export interface ReadOptions {
  /** check every file's sha256 against dataset.json (default true; costs one pass over the bytes) */
  verify?: boolean;
}

/** Reads and validates dataset.json alone (cheap: for listings and `corrkd train` planning). */
export function readDatasetHeader(dir: string): DatasetHeader {
  const file = path.join(dir, HEADER_FILE);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new AppError('InvalidDataset', `${dir} is not a folder (expected a feature dataset folder).`, { file: dir });
  }
  if (!existsSync(file)) {
    throw new AppError('InvalidDataset', `${HEADER_FILE} is missing: ${dir} is not a complete feature dataset.`, { file });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AppError('InvalidDataset', `${file} is not valid JSON: ${(e as Error).message}`, { file, cause: e });
  }
  const parsed = datasetHeaderSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new AppError('InvalidDataset', `${file} does not match the dataset format: ${issues.join('; ')}`, { file });
  }
  return parsed.data;
}

/**
 * Reads a feature dataset folder (FORMAT.md) into memory, raw (not standardised; meta.norm holds
 * the train stats). Every file is checked against the header: size, checksum, finite values,
 * labels in range, 0/1 masks; a mismatch throws InvalidDataset naming the file.
 */
export function readFeatureDataset(dir: string, opts: ReadOptions = {}): FeatureDataset {
  assertLittleEndian();
  const header = readDatasetHeader(dir);
  const verify = opts.verify ?? true;
  const read = (split: SplitName) => readSplit(dir, header, split, verify);
  const splits = { train: read('train'), valid: read('valid'), test: read('test') };
  const all = new Set<string>();
  for (const s of SPLIT_NAMES) {
    for (const id of splits[s].ids) {
      if (all.has(id)) {
        throw new AppError('InvalidDataset', `id '${id}' appears in more than one split.`, {
          file: path.join(dir, s, SPLIT_FILES.samples),
        });
      }
      all.add(id);
    }
  }
  const ex = header.modalities;
  return {
    meta: {
      T: header.T,
      dims: { l: ex.l.dim, a: ex.a.dim, v: ex.v.dim },
      extractors: { l: ex.l.extractor, a: ex.a.extractor, v: ex.v.extractor },
      source: `${header.source.kind}: ${header.source.description}`,
      modalitiesPresent: header.modalitiesPresent,
      norm: {
        a: header.norm.a ? { mean: header.norm.a.mean, std: header.norm.a.std } : null,
        v: header.norm.v ? { mean: header.norm.v.mean, std: header.norm.v.std } : null,
      },
      standardized: false,
    },
    splits,
  };
}

function readSplit(dir: string, h: DatasetHeader, split: SplitName, verify: boolean): SplitData {
  const spec = h.splits[split];
  const n = spec.n;
  const dims = { l: h.modalities.l.dim, a: h.modalities.a.dim, v: h.modalities.v.dim };
  const bytesOf = (key: SplitFileKey): { buf: Buffer; file: string } => {
    const file = path.join(dir, split, SPLIT_FILES[key]);
    const bad = (why: string): never => {
      throw new AppError('InvalidDataset', `${file}: ${why}`, { file });
    };
    if (!existsSync(file)) bad('file is missing');
    const buf = readFileSync(file);
    const want = expectedBytes(key, n, h.T, dims);
    if (want !== null && buf.byteLength !== want) bad(`has ${buf.byteLength} bytes, the header implies ${want}`);
    if (buf.byteLength !== spec.files[key].bytes) bad(`has ${buf.byteLength} bytes, dataset.json says ${spec.files[key].bytes}`);
    if (verify && createHash('sha256').update(buf).digest('hex') !== spec.files[key].sha256) {
      bad('sha256 does not match dataset.json (the file changed or is corrupt)');
    }
    return { buf, file };
  };
  const floats = (key: SplitFileKey, dim: number): Float32Array => {
    const { buf, file } = bytesOf(key);
    const out = new Float32Array(buf.byteLength / 4);
    new Uint8Array(out.buffer).set(buf);
    for (let i = 0; i < out.length; i++) {
      if (!Number.isFinite(out[i])) {
        const at = dim > 0 ? `sample ${Math.floor(i / (h.T * dim))}, step ${Math.floor(i / dim) % h.T}` : `index ${i}`;
        throw new AppError('InvalidDataset', `${file}: non-finite value ${out[i]} at ${at}.`, { file });
      }
    }
    return out;
  };
  const flags = (key: SplitFileKey): Uint8Array => {
    const { buf, file } = bytesOf(key);
    const out = new Uint8Array(buf);
    const i = out.findIndex((x) => x > 1);
    if (i >= 0) throw new AppError('InvalidDataset', `${file}: value ${out[i]} at byte ${i}; only 0 and 1 are allowed.`, { file });
    return out;
  };

  const label = floats('label', 0);
  const labelFile = path.join(dir, split, SPLIT_FILES.label);
  const li = label.findIndex((y) => y < LABEL_MIN || y > LABEL_MAX);
  if (li >= 0) {
    throw new AppError('InvalidDataset', `${labelFile}: label ${label[li]} of sample ${li} is outside [${LABEL_MIN}, ${LABEL_MAX}].`, {
      file: labelFile,
    });
  }
  const presentAll = flags('present');
  const present = { l: new Uint8Array(n), a: new Uint8Array(n), v: new Uint8Array(n) };
  MODALITY_KEYS.forEach((m, k) => {
    let count = 0;
    for (let i = 0; i < n; i++) count += present[m][i] = presentAll[i * 3 + k]!;
    if (count !== spec.present[m]) {
      const file = path.join(dir, split, SPLIT_FILES.present);
      throw new AppError('InvalidDataset', `${file}: ${count} samples have '${m}', dataset.json says ${spec.present[m]}.`, { file });
    }
  });
  return {
    n,
    ids: readIds(split, n, bytesOf('samples')),
    label,
    l: floats('l', dims.l),
    a: floats('a', dims.a),
    v: floats('v', dims.v),
    present,
    stepMask: { l: flags('l.mask'), a: flags('a.mask'), v: flags('v.mask') },
  };
}

function readIds(split: SplitName, n: number, src: { buf: Buffer; file: string }): string[] {
  const { buf, file } = src;
  const lines = buf.toString('utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length !== n) {
    throw new AppError('InvalidDataset', `${file}: ${lines.length} lines, dataset.json says ${n} samples in ${split}.`, { file });
  }
  const ids: string[] = [];
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    let id: unknown;
    try {
      id = (JSON.parse(line) as { id?: unknown }).id;
    } catch {
      id = undefined;
    }
    if (typeof id !== 'string' || id.length === 0 || seen.has(id)) {
      const why = typeof id === 'string' && seen.has(id) ? `duplicate id '${id}'` : 'no string "id"';
      throw new AppError('InvalidDataset', `${file}: line ${i + 1}: ${why}.`, { file });
    }
    seen.add(id);
    ids.push(id);
  });
  return ids;
}
