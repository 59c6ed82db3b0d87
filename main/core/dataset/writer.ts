import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppError } from '../errors.ts';
import type { StepMatrix } from '../types.ts';
import { AppendFile, assertLittleEndian } from './append-file.ts';
import {
  DATASET_FORMAT,
  DATASET_FORMAT_VERSION,
  HEADER_FILE,
  LABEL_MAX,
  LABEL_MIN,
  MODALITY_KEYS,
  SPLIT_FILES,
  SPLIT_FILE_KEYS,
  SPLIT_NAMES,
  datasetHeaderSchema,
  type DatasetHeader,
  type DatasetSample,
  type DatasetSpec,
  type ModalityKey,
  type SampleSink,
  type SplitFileKey,
  type SplitName,
} from './format.ts';
import { NormAccumulator } from './norm-stats.ts';

interface SplitState {
  n: number;
  present: Record<ModalityKey, number>;
  files: Record<SplitFileKey, AppendFile>;
}

export interface WriterOptions {
  /** replace an existing non-empty output folder (only after the new one is complete) */
  overwrite?: boolean;
}

export interface FinishInfo {
  tool: string;
  seed?: number;
  failed: number;
  durationSec?: number;
}

/**
 * Streaming writer of the feature dataset folder (FORMAT.md). Samples are appended one at a time to
 * a sibling temp folder; `finish()` writes dataset.json and renames the folder into place, so a
 * canceled or crashed build never leaves a half-written dataset at `outDir` (`abort()` removes it).
 */
export class DatasetWriter implements SampleSink {
  readonly outDir: string;
  readonly tempDir: string;
  private readonly spec: DatasetSpec;
  private readonly overwrite: boolean;
  private readonly splits: Record<SplitName, SplitState>;
  private readonly norm: Record<'a' | 'v', NormAccumulator>;
  private readonly zeros: Record<ModalityKey, Float32Array>;
  private readonly zeroMask: Uint8Array;
  private readonly ids = new Set<string>();
  private closed = false;

  constructor(outDir: string, spec: DatasetSpec, opts: WriterOptions = {}) {
    assertLittleEndian();
    this.outDir = path.resolve(outDir);
    this.spec = spec;
    this.overwrite = opts.overwrite ?? false;
    checkOutDir(this.outDir, this.overwrite);
    mkdirSync(path.dirname(this.outDir), { recursive: true });
    this.tempDir = `${this.outDir}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
    mkdirSync(this.tempDir);
    const T = spec.T;
    this.zeros = { l: zerosFor(spec, 'l'), a: zerosFor(spec, 'a'), v: zerosFor(spec, 'v') };
    this.zeroMask = new Uint8Array(T);
    this.norm = { a: new NormAccumulator(spec.modalities.a.dim), v: new NormAccumulator(spec.modalities.v.dim) };
    const open = (split: SplitName): SplitState => {
      const dir = path.join(this.tempDir, split);
      mkdirSync(dir);
      const files = Object.fromEntries(
        SPLIT_FILE_KEYS.map((k) => [k, new AppendFile(path.join(dir, SPLIT_FILES[k]))]),
      ) as Record<SplitFileKey, AppendFile>;
      return { n: 0, present: { l: 0, a: 0, v: 0 }, files };
    };
    this.splits = { train: open('train'), valid: open('valid'), test: open('test') };
  }

  /** Total samples appended so far. */
  get count(): number {
    return this.splits.train.n + this.splits.valid.n + this.splits.test.n;
  }

  /** Whether a sample with this id was appended already. */
  hasId(id: string): boolean {
    return this.ids.has(id);
  }

  append(split: SplitName, sample: DatasetSample): void {
    if (this.closed) throw new AppError('Internal', `Dataset writer for ${this.outDir} is already closed.`);
    this.checkSample(sample);
    const st = this.splits[split];
    const f = st.files;
    f.label.writeFloats(Float32Array.of(sample.label));
    const presentRow = new Uint8Array(3);
    MODALITY_KEYS.forEach((m, k) => {
      const mat = sample[m];
      f[m].writeFloats(mat ? mat.data : this.zeros[m]);
      f[`${m}.mask`].write(mat ? mat.stepMask : this.zeroMask);
      presentRow[k] = mat ? 1 : 0;
      if (mat) st.present[m] += 1;
      if (mat && split === 'train' && m !== 'l') this.norm[m].add(mat.data, this.spec.T, mat.stepMask);
    });
    f.present.write(presentRow);
    f.samples.write(Buffer.from(`${JSON.stringify({ id: sample.id, ...sample.info })}\n`, 'utf8'));
    st.n += 1;
    this.ids.add(sample.id);
  }

  /** Closes every file, writes dataset.json and moves the folder into place. */
  finish(info: FinishInfo): DatasetHeader {
    if (this.closed) throw new AppError('Internal', `Dataset writer for ${this.outDir} is already closed.`);
    this.closed = true;
    const splits = {} as DatasetHeader['splits'];
    for (const s of SPLIT_NAMES) {
      const st = this.splits[s];
      const files = Object.fromEntries(SPLIT_FILE_KEYS.map((k) => [k, st.files[k].close()]));
      splits[s] = { n: st.n, present: st.present, files: files as DatasetHeader['splits'][SplitName]['files'] };
    }
    const normOf = (m: 'a' | 'v') => (splits.train.present[m] > 0 ? this.norm[m].result() : null);
    const header: DatasetHeader = datasetHeaderSchema.parse({
      format: DATASET_FORMAT,
      formatVersion: DATASET_FORMAT_VERSION,
      created: new Date().toISOString(),
      T: this.spec.T,
      modalities: this.spec.modalities,
      modalitiesPresent: MODALITY_KEYS.filter((m) => SPLIT_NAMES.some((s) => splits[s].present[m] > 0)),
      norm: { a: normOf('a'), v: normOf('v') },
      splits,
      source: this.spec.source,
      build: info,
    });
    writeFileSync(path.join(this.tempDir, HEADER_FILE), `${JSON.stringify(header, null, 2)}\n`);
    moveIntoPlace(this.tempDir, this.outDir);
    return header;
  }

  /** Drops everything written so far (cancel or failure). Safe to call more than once. */
  abort(): void {
    if (!this.closed) {
      for (const s of SPLIT_NAMES) for (const k of SPLIT_FILE_KEYS) this.splits[s].files[k].abandon();
    }
    this.closed = true;
    rmSync(this.tempDir, { recursive: true, force: true });
  }

  private checkSample(s: DatasetSample): void {
    const problem = this.ids.has(s.id) ? 'duplicate id' : sampleProblem(s, this.spec);
    if (problem) throw new AppError('InvalidDataset', `Sample '${s.id}': ${problem}`);
  }
}

/** Why a sample does not fit a dataset spec (id, label range, matrix shapes, finite values), or null. */
export function sampleProblem(s: DatasetSample, spec: DatasetSpec): string | null {
  if (typeof s.id !== 'string' || s.id.length === 0) return 'the id is empty';
  if (!Number.isFinite(s.label) || s.label < LABEL_MIN || s.label > LABEL_MAX) {
    return `label ${s.label} is outside [${LABEL_MIN}, ${LABEL_MAX}]`;
  }
  for (const m of MODALITY_KEYS) {
    const mat = s[m];
    const why = mat ? matrixProblem(mat, spec.T, spec.modalities[m].dim, m) : null;
    if (why) return why;
  }
  return null;
}

function matrixProblem(mat: StepMatrix, T: number, dim: number, m: ModalityKey): string | null {
  if (mat.steps !== T || mat.dim !== dim) return `${m} is ${mat.steps}x${mat.dim}, the dataset declares ${T}x${dim}`;
  if (mat.data.length !== T * dim || mat.stepMask.length !== T) return `${m} data/mask lengths do not match ${T}x${dim}`;
  for (let i = 0; i < mat.data.length; i++) {
    if (!Number.isFinite(mat.data[i])) return `${m} has a non-finite value at step ${Math.floor(i / dim)}`;
  }
  for (let t = 0; t < T; t++) if (mat.stepMask[t]! > 1) return `${m} step mask must be 0/1`;
  return null;
}

function zerosFor(spec: DatasetSpec, m: ModalityKey): Float32Array {
  return new Float32Array(spec.T * spec.modalities[m].dim);
}

function checkOutDir(outDir: string, overwrite: boolean): void {
  if (!existsSync(outDir)) return;
  if (!statSync(outDir).isDirectory()) {
    throw new AppError('InvalidArgument', `Output ${outDir} exists and is not a folder.`, { file: outDir });
  }
  if (readdirSync(outDir).length > 0 && !overwrite) {
    throw new AppError('InvalidArgument', `Output folder ${outDir} is not empty; choose a new folder or overwrite it.`, {
      file: outDir,
    });
  }
}

function moveIntoPlace(tempDir: string, outDir: string): void {
  if (!existsSync(outDir)) {
    renameSync(tempDir, outDir);
    return;
  }
  // The old folder goes aside first and is deleted only once the new one is in place.
  const old = `${outDir}.old-${process.pid}-${randomBytes(4).toString('hex')}`;
  renameSync(outDir, old);
  renameSync(tempDir, outDir);
  rmSync(old, { recursive: true, force: true });
}
