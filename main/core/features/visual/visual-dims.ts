/**
 * The visual extractors' ids, versions and dims tables, without loading any model code (the CLI,
 * the dataset builders and the pipeline's main thread read these; the face worker loads the
 * extractors themselves through visual-extractors.ts). An unknown id throws and lists the valid ones.
 */
import { AppError } from '../../errors.ts';
import { type VisualDim, VISUAL_V1_DIMS, VISUAL_V1_EXTRACTOR } from './visual-v1-dims.ts';
import { VISUAL_V2_DIMS, VISUAL_V2_EXTRACTOR } from './visual-v2-dims.ts';
import { VISUAL_V3_DIMS, VISUAL_V3_EXTRACTOR } from './visual-v3-dims.ts';

export interface VisualDimsEntry {
  id: string;
  version: number;
  dims: readonly VisualDim[];
}

export const VISUAL_DIM_TABLES = {
  [VISUAL_V1_EXTRACTOR]: { id: VISUAL_V1_EXTRACTOR, version: 1, dims: VISUAL_V1_DIMS },
  [VISUAL_V2_EXTRACTOR]: { id: VISUAL_V2_EXTRACTOR, version: 1, dims: VISUAL_V2_DIMS },
  [VISUAL_V3_EXTRACTOR]: { id: VISUAL_V3_EXTRACTOR, version: 1, dims: VISUAL_V3_DIMS },
} as const satisfies Record<string, VisualDimsEntry>;

export type VisualExtractorId = keyof typeof VISUAL_DIM_TABLES;
export const VISUAL_EXTRACTOR_IDS = Object.keys(VISUAL_DIM_TABLES) as VisualExtractorId[];

export function visualDimsOf(id: string): VisualDimsEntry {
  const e = (VISUAL_DIM_TABLES as Record<string, VisualDimsEntry>)[id];
  if (!e) throw new AppError('InvalidArgument', `Unknown visual extractor '${id}'; valid: ${VISUAL_EXTRACTOR_IDS.join(', ')}.`);
  return e;
}
