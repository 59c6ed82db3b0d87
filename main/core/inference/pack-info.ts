import type { Modality } from '../types.ts';

/**
 * What inference needs to know about a verified model pack (see pack.ts for loading and the
 * checks). Modalities use the model's short names: l (text), a (audio), v (visual).
 */
export type ShortModality = 'l' | 'a' | 'v';
export const SHORT_OF: Record<Modality, ShortModality> = { text: 'l', audio: 'a', visual: 'v' };

export interface PackInfo {
  dir: string;
  id: string;
  version: string;
  modelPath: string;
  T: number;
  dims: Record<ShortModality, number>;
  inputNames: Record<ShortModality, string>;
  outputNames: { probabilities: string; score: string };
  /** Per-dimension mean/std applied to audio and visual inputs before the model (text is raw). */
  normalisation: Partial<Record<ShortModality, { mean: number[]; std: number[] }>>;
  trainedModalities: ShortModality[];
  extractors: Record<ShortModality, { id: string; version: number; dim: number }>;
}
