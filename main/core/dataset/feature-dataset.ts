/**
 * The in-memory feature dataset (DESIGN 6): what core's reader (reader.ts: readFeatureDataset)
 * returns for a dataset folder and what every reader of main/training/data produces (a transcript-only
 * CSV, the research pickles, merged sources); the trainer and the evaluation consume it. Model-free,
 * so it lives in core, below training (ARCHITECTURE.md).
 *
 * Layout: every modality array is row-major [n, T, dims[m]] float32. A modality that a dataset does
 * not have (e.g. audio and visual in a transcript-only CSV) KEEPS its declared extractor dim (e.g. the
 * audio-v1 dim) and is all zeros with present[m][i] = 0, so a model trained text-only still has the
 * app's io contract (DESIGN 5: "a modality the model pack was not trained with is fed as zeros").
 */

import type { ModalityKey } from './format.ts';

export interface PresentFlags {
  /** per sample: 1 when the modality exists for that sample; 0 -> its rows are all zeros */
  l: Uint8Array;
  a: Uint8Array;
  v: Uint8Array;
}

export interface StepMasks {
  /** per sample and step ([n*T]): 1 when that step holds a real observation (e.g. a word) */
  l: Uint8Array;
  a: Uint8Array;
  v: Uint8Array;
}

export interface SplitData {
  n: number;
  ids: string[];
  /** [n] continuous sentiment in [-3, 3] */
  label: Float32Array;
  /** [n*T*dims.l] */
  l: Float32Array;
  /** [n*T*dims.a] */
  a: Float32Array;
  /** [n*T*dims.v] */
  v: Float32Array;
  /** per-sample whether the modality exists (0 -> all zeros). Absent means "all present". */
  present?: PresentFlags;
  /** per-step validity; absent means "unknown" (the pickles do not carry it). */
  stepMask?: StepMasks;
  /** [n] index into DatasetMeta.sources of the source each row came from (merged data only) */
  source?: Uint16Array;
}

/** One of several training sources merged into one dataset (data/merge-datasets.ts). */
export interface SourceInfo {
  /** the path given to `--data` (how run.json, progress and errors name it) */
  name: string;
  /** sampling weight per epoch: round(weight * n.train) train samples (README "Several datasets in one run") */
  weight: number;
  /**
   * 'sign': the source's rows of an epoch are drawn in equal numbers from its negative, zero and
   * positive labels (those it has), as a class-balanced loss would weigh them (README "Several
   * datasets in one run"). Absent: every row in proportion to how often it occurs.
   */
  balance?: 'sign';
  n: { train: number; valid: number; test: number };
  modalitiesPresent: ModalityKey[];
  extractors: { l: string; a: string; v: string };
}

export interface DatasetMeta {
  T: number;
  dims: { l: number; a: number; v: number };
  /** extractor id@version per modality, e.g. 'text-v1', or a pickle's feature name ('glove-300') */
  extractors: { l: string; a: string; v: string };
  /** human-readable: where the data came from */
  source: string;
  /** modalities that carry data in at least one sample */
  modalitiesPresent: ModalityKey[];
  /**
   * Per-dim stats of audio/visual computed on train over valid steps only (DESIGN 4). The model
   * pack's manifest copies them: the app standardises its inputs with exactly these numbers.
   */
  norm: { a: NormVector | null; v: NormVector | null };
  /** true when a/v arrays are already (x - mean) / std at valid steps (padding stays 0) */
  standardized: boolean;
  /**
   * The sources when several were merged (their rows in this order in every split, SplitData.source),
   * or one source with a sampling weight other than 1. Absent: one source, weight 1.
   */
  sources?: SourceInfo[];
}

export interface NormVector {
  mean: number[];
  std: number[];
}

export interface FeatureDataset {
  meta: DatasetMeta;
  splits: { train: SplitData; valid: SplitData; test: SplitData };
}
