import { z } from 'zod';
import type { StepMatrix } from '../types.ts';

/**
 * The feature dataset folder (written by `corrkd dataset build`, read by the trainer).
 * FORMAT.md next to this file is the one place that documents it; keep both in step.
 */

export const DATASET_FORMAT = 'corrkd-feature-dataset';
export const DATASET_FORMAT_VERSION = 1;
export const HEADER_FILE = 'dataset.json';

export type ModalityKey = 'l' | 'a' | 'v';
export const MODALITY_KEYS: readonly ModalityKey[] = ['l', 'a', 'v'];
export type SplitName = 'train' | 'valid' | 'test';
export const SPLIT_NAMES: readonly SplitName[] = ['train', 'valid', 'test'];

/** File names inside each split folder; every one is always present (0 bytes for an empty split). */
export const SPLIT_FILES = {
  label: 'label.f32', // [n] float32
  l: 'l.f32', // [n, T, dims.l] float32
  a: 'a.f32',
  v: 'v.f32',
  'l.mask': 'l.mask.u8', // [n, T] uint8 0/1
  'a.mask': 'a.mask.u8',
  'v.mask': 'v.mask.u8',
  present: 'present.u8', // [n, 3] uint8 0/1 in the order l, a, v
  samples: 'samples.jsonl', // n lines, one JSON object {id, ...info}
} as const;
export type SplitFileKey = keyof typeof SPLIT_FILES;
export const SPLIT_FILE_KEYS = Object.keys(SPLIT_FILES) as SplitFileKey[];

/** Bytes a binary file must have for n samples (samples.jsonl has no fixed size: null). */
export function expectedBytes(key: SplitFileKey, n: number, T: number, dims: Record<ModalityKey, number>): number | null {
  switch (key) {
    case 'label':
      return n * 4;
    case 'l':
    case 'a':
    case 'v':
      return n * T * dims[key] * 4;
    case 'l.mask':
    case 'a.mask':
    case 'v.mask':
      return n * T;
    case 'present':
      return n * 3;
    case 'samples':
      return null;
  }
}

/** Sentiment label range (DESIGN 6: class = round(clip(y, -3, 3)) + 3). */
export const LABEL_MIN = -3;
export const LABEL_MAX = 3;

const int = z.number().int();
const modalitySpec = z.object({
  /** extractor id including its version, e.g. 'text-v1' */
  extractor: z.string().min(1),
  dim: int.min(1),
});
const fileEntry = z.object({ bytes: int.min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) });
const countsSpec = z.object({ l: int.min(0), a: int.min(0), v: int.min(0) });
const splitSpec = z.object({
  n: int.min(0),
  /** how many samples have each modality present */
  present: countsSpec,
  files: z.object(
    Object.fromEntries(SPLIT_FILE_KEYS.map((k) => [k, fileEntry])) as Record<SplitFileKey, typeof fileEntry>,
  ),
});
const normSpec = z.object({
  mean: z.array(z.number()),
  std: z.array(z.number().positive()),
  /** number of (sample, step) rows the stats were computed over */
  count: int.min(0),
});

export const datasetHeaderSchema = z
  .object({
    format: z.literal(DATASET_FORMAT),
    formatVersion: z.literal(DATASET_FORMAT_VERSION),
    created: z.iso.datetime(),
    T: int.min(1).max(100_000),
    modalities: z.object({ l: modalitySpec, a: modalitySpec, v: modalitySpec }),
    modalitiesPresent: z.array(z.enum(['l', 'a', 'v'])),
    /** per-dim stats over train, valid steps only (DESIGN 4: audio/visual are standardised) */
    norm: z.object({ a: normSpec.nullable(), v: normSpec.nullable() }),
    splits: z.object({ train: splitSpec, valid: splitSpec, test: splitSpec }),
    source: z.object({
      kind: z.enum(['transcripts', 'clips', 'pickle', 'other']),
      path: z.string(),
      description: z.string(),
    }),
    build: z
      .object({
        tool: z.string(),
        seed: int.optional(),
        durationSec: z.number().min(0).optional(),
        failed: int.min(0),
      })
      .optional(),
  })
  .superRefine((h, ctx) => {
    for (const m of ['a', 'v'] as const) {
      const s = h.norm[m];
      if (s && (s.mean.length !== h.modalities[m].dim || s.std.length !== h.modalities[m].dim)) {
        ctx.addIssue({ code: 'custom', path: ['norm', m], message: `mean/std length must equal dim ${h.modalities[m].dim}` });
      }
    }
  });

export type DatasetHeader = z.infer<typeof datasetHeaderSchema>;
export type NormStats = NonNullable<DatasetHeader['norm']['a']>;

export interface ModalityDecl {
  extractor: string;
  dim: number;
}

/** What a dataset declares before the first sample arrives. */
export interface DatasetSpec {
  T: number;
  modalities: Record<ModalityKey, ModalityDecl>;
  source: DatasetHeader['source'];
}

/** Extra per-sample facts kept in samples.jsonl (never read by the trainer). */
export interface SampleInfo {
  text?: string;
  file?: string;
  utterance?: number;
  start?: number;
  end?: number;
}

/** One sample as builders produce it; a null modality is absent (stored as zeros, present = 0). */
export interface DatasetSample {
  id: string;
  label: number;
  l: StepMatrix | null;
  a: StepMatrix | null;
  v: StepMatrix | null;
  info?: SampleInfo;
}

/** Where builders put samples: the on-disk writer or an in-memory collector (training). */
export interface SampleSink {
  append(split: SplitName, sample: DatasetSample): void;
}
