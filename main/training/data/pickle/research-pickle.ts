import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../core/errors.ts';
import { NormAccumulator, standardizeInPlace } from '../../../core/dataset/norm-stats.ts';
import { LABEL_MAX, LABEL_MIN } from '../../../core/dataset/format.ts';
import type { ModalityKey, SplitName } from '../../../core/dataset/format.ts';
import type { FeatureDataset, SplitData } from '../../../core/dataset/feature-dataset.ts';
import { fitToSteps, type FitMethod } from './fit-steps.ts';
import { isNdArray, unpickle, type NdArray, type NumericArray } from './numpy-unpickle.ts';

/**
 * The research pickles users already have (read dimensions from the data; they differ per corpus):
 *  - MMSA `aligned_50.pkl` / `unaligned_50.pkl`: {train|valid|test: {text [n,50,768|300],
 *    audio [n,50|La,74|5|33], vision [n,50|Lv,35|20|709], regression_labels [n], id, raw_text,
 *    audio_lengths?, vision_lengths?, text_bert?, classification_labels?}}
 *  - MulT `mosi_data.pkl` style: {train|valid|test: {text [n,50,300], audio [n,50,74],
 *    vision [n,50,35], labels [n,1,1], id [n,k]}}
 * Steps are brought to T with fit-steps.ts; non-finite values (audio -inf) become 0.
 */

export type PickleFlavour = 'mmsa' | 'mult';

interface Flavour {
  label: string;
  lengths: Partial<Record<ModalityKey, string>>;
}

/** What distinguishes the two layouts (a table, not a switch: STYLE 13). */
const FLAVOURS: Record<PickleFlavour, Flavour> = {
  mmsa: { label: 'regression_labels', lengths: { a: 'audio_lengths', v: 'vision_lengths' } },
  mult: { label: 'labels', lengths: {} },
};

const MODALITY_FIELD: Record<ModalityKey, string> = { l: 'text', a: 'audio', v: 'vision' };
const SPLIT_KEYS: Record<SplitName, string[]> = { train: ['train'], valid: ['valid', 'dev', 'val'], test: ['test'] };

/** Node's fs.readFile limit; bigger pickles (e.g. MOSEI unaligned) need to be split first. */
const MAX_PICKLE_BYTES = 2 ** 31 - 1;

export interface PickleOptions {
  /** steps per sample; default: the text array's length (50 in every known file) */
  T?: number;
  /** how sequences longer than T are shortened (fit-steps.ts); default 'pool' */
  unaligned?: FitMethod;
  /**
   * standardise audio/visual with the train stats (default false: MMSA and MulT feed these
   * features as they are; the stats are in meta.norm either way)
   */
  standardize?: boolean;
  log?: (message: string) => void;
}

export function loadResearchPickle(file: string, opts: PickleOptions = {}): FeatureDataset {
  const root = readPickle(file);
  const bad = (why: string): never => {
    throw new AppError('InvalidDataset', `${file}: ${why}`, { file });
  };
  if (typeof root !== 'object' || root === null || Array.isArray(root)) bad('the pickle does not hold a dict of splits');
  const top = root as Record<string, unknown>;
  const splitDict = (s: SplitName): Record<string, unknown> | null => {
    const key = SPLIT_KEYS[s].find((k) => k in top);
    if (key === undefined) return null;
    const v = top[key];
    if (typeof v !== 'object' || v === null || isNdArray(v)) bad(`'${key}' is not a dict of arrays`);
    return v as Record<string, unknown>;
  };
  const train = splitDict('train');
  if (!train) bad(`no 'train' split (top-level keys: ${Object.keys(top).join(', ')})`);
  const flavour = detectFlavour(train!, bad);
  const text = train!.text;
  if (!isNdArray(text) || text.shape.length !== 3) {
    bad(`train.text must be a [n, steps, dim] array${'text_bert' in train! ? ' (text_bert holds BERT token ids, which need a BERT model: not supported)' : ''}`);
  }
  const T = opts.T ?? (text as NdArray).shape[1]!;
  const method = opts.unaligned ?? 'pool';
  let dims: Record<ModalityKey, number> | null = null;
  let nonFinite = 0;

  const readSplit = (s: SplitName): SplitData => {
    const dict = splitDict(s);
    if (!dict) {
      opts.log?.(`${path.basename(file)}: no '${s}' split; it is empty`);
      return emptySplit();
    }
    const where = (k: string) => `${s}.${k}`;
    const label = readLabels(dict[FLAVOURS[flavour].label], where(FLAVOURS[flavour].label), bad);
    const n = label.length;
    const arrays = {} as Record<ModalityKey, Float32Array>;
    const myDims = {} as Record<ModalityKey, number>;
    for (const m of ['l', 'a', 'v'] as const) {
      const key = MODALITY_FIELD[m];
      const arr = dict[key];
      if (!isNdArray(arr) || arr.shape.length !== 3 || typeof (arr.data as NumericArray).BYTES_PER_ELEMENT !== 'number') {
        bad(`${where(key)} must be a numeric [n, steps, dim] array`);
      }
      const a = arr as NdArray;
      const [an, L, d] = a.shape as [number, number, number];
      if (an !== n) bad(`${where(key)} has ${an} samples, ${where(FLAVOURS[flavour].label)} has ${n}`);
      const lenKey = FLAVOURS[flavour].lengths[m];
      const lengths = lenKey && dict[lenKey] !== undefined ? readNumbers(dict[lenKey], where(lenKey), n, bad) : null;
      const fit = fitToSteps(a.data as NumericArray, n, L, d, T, lengths, method);
      nonFinite += fit.nonFinite;
      arrays[m] = fit.data;
      myDims[m] = d;
    }
    if (dims && (['l', 'a', 'v'] as const).some((m) => dims![m] !== myDims[m])) {
      bad(`${s} has dims ${JSON.stringify(myDims)}, train has ${JSON.stringify(dims)}`);
    }
    dims = myDims;
    const ones = () => new Uint8Array(n).fill(1);
    return {
      n,
      ids: readIds(dict.id, n, s),
      label,
      ...arrays,
      present: { l: ones(), a: ones(), v: ones() },
    };
  };

  const splits = { train: readSplit('train'), valid: readSplit('valid'), test: readSplit('test') };
  if (nonFinite > 0) opts.log?.(`${path.basename(file)}: ${nonFinite} non-finite values (audio -inf) set to 0`);
  const d = dims!;
  const norm = { a: trainNorm(splits.train, 'a', T, d.a), v: trainNorm(splits.train, 'v', T, d.v) };
  if (opts.standardize) {
    for (const sp of Object.values(splits)) {
      standardizeInPlace(sp.a, sp.n, T, norm.a, null, null);
      standardizeInPlace(sp.v, sp.n, T, norm.v, null, null);
    }
  }
  return {
    meta: {
      T,
      dims: d,
      extractors: { l: `${flavour}:text`, a: `${flavour}:audio`, v: `${flavour}:vision` },
      source: `${flavour} pickle ${path.resolve(file)}`,
      modalitiesPresent: ['l', 'a', 'v'],
      norm,
      standardized: Boolean(opts.standardize),
    },
    splits,
  };
}

function readPickle(file: string): unknown {
  let buf: Buffer;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new Error('not a regular file');
    if (st.size === 0) throw new AppError('EmptyFile', `${file} is empty.`, { file });
    if (st.size > MAX_PICKLE_BYTES) {
      throw new AppError('InvalidDataset', `${file} is ${(st.size / 2 ** 30).toFixed(1)} GiB; pickles over 2 GiB are not supported (split it per split first).`, { file });
    }
    buf = readFileSync(file);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('FileUnreadable', `Cannot read ${file}: ${(e as Error).message}`, { file, cause: e });
  }
  if (buf[0] !== 0x80) {
    throw new AppError('InvalidDataset', `${file} is not a binary pickle (protocol 2 or later).`, { file });
  }
  try {
    return unpickle(buf);
  } catch (e) {
    throw new AppError('InvalidDataset', `${file} could not be unpickled: ${(e as Error).message}`, { file, cause: e });
  }
}

function detectFlavour(train: Record<string, unknown>, bad: (why: string) => never): PickleFlavour {
  const found = (Object.keys(FLAVOURS) as PickleFlavour[]).find((f) => FLAVOURS[f].label in train);
  if (!found) {
    return bad(`train has no 'regression_labels' (MMSA) or 'labels' (MulT) array (keys: ${Object.keys(train).join(', ')})`);
  }
  return found;
}

function readNumbers(x: unknown, where: string, n: number, bad: (why: string) => never): ArrayLike<number> {
  const vals = isNdArray(x) ? (x.data as ArrayLike<unknown>) : Array.isArray(x) ? x : null;
  if (!vals || vals.length !== n) bad(`${where} must hold ${n} numbers`);
  return Array.from(vals as ArrayLike<unknown>, (v) => Number(v));
}

function readLabels(x: unknown, where: string, bad: (why: string) => never): Float32Array {
  if (!isNdArray(x)) return bad(`${where} is missing or not an array`);
  const n = x.shape[0] ?? 0;
  if (x.shape.slice(1).some((s) => s !== 1)) {
    bad(`${where} has shape [${x.shape.join(', ')}]; only sentiment regression labels [n], [n,1] or [n,1,1] are supported`);
  }
  const out = Float32Array.from(x.data as ArrayLike<number>, Number);
  const i = out.findIndex((y) => !Number.isFinite(y) || y < LABEL_MIN || y > LABEL_MAX);
  if (i >= 0) bad(`${where}[${i}] = ${out[i]} is not a sentiment in [${LABEL_MIN}, ${LABEL_MAX}]`);
  return out.length === n ? out : bad(`${where} has ${out.length} values for ${n} samples`);
}

/** ids: [n] strings, or [n, k] rows joined with '_' (MulT: video id, segment); duplicates get #2, #3. */
function readIds(x: unknown, n: number, split: SplitName): string[] {
  const asText = (v: unknown): string =>
    v instanceof Uint8Array ? new TextDecoder().decode(v) : typeof v === 'string' ? v : String(v);
  let ids: string[];
  if (isNdArray(x) && x.shape[0] === n) {
    const per = x.shape.slice(1).reduce((a, b) => a * b, 1);
    const data = Array.from(x.data as ArrayLike<unknown>, asText);
    ids = Array.from({ length: n }, (_, i) => data.slice(i * per, (i + 1) * per).filter((p) => p !== '').join('_'));
  } else if (Array.isArray(x) && x.length === n) {
    ids = x.map((v) => (Array.isArray(v) ? v.map(asText).join('_') : asText(v)));
  } else {
    ids = Array.from({ length: n }, (_, i) => `${split}-${i}`);
  }
  const seen = new Map<string, number>();
  return ids.map((id) => {
    const k = (seen.get(id) ?? 0) + 1;
    seen.set(id, k);
    return k === 1 ? id : `${id}#${k}`;
  });
}

function trainNorm(sp: SplitData, m: 'a' | 'v', T: number, d: number): { mean: number[]; std: number[] } {
  const acc = new NormAccumulator(d);
  for (let i = 0; i < sp.n; i++) acc.add(sp[m].subarray(i * T * d, (i + 1) * T * d), T, null);
  const r = acc.result();
  return { mean: r.mean, std: r.std };
}

function emptySplit(): SplitData {
  const none = () => new Uint8Array(0);
  return {
    n: 0,
    ids: [],
    label: new Float32Array(0),
    l: new Float32Array(0),
    a: new Float32Array(0),
    v: new Float32Array(0),
    present: { l: none(), a: none(), v: none() },
  };
}
