import { z } from 'zod';
import { AppError } from '../errors.ts';
import { MODALITIES } from '../types.ts';
import { clipResultSchema, SUBSETS } from '../result/schema.ts';

/**
 * The CSV columns of `corrkd export` (documented in EXPORT.md; append new columns at the end, never
 * rename or reorder). Only these fields of the result JSON are flattened; the JSONL export carries
 * the whole object.
 */
export const CONTRIBUTION_KEYS = SUBSETS;
const MODALITY_FIELDS = ['present', 'usable', 'used_by_model', 'coverage', 'reason'] as const;

export const CSV_COLUMNS: readonly string[] = [
  'file',
  'sha256',
  'status',
  'error_kind',
  'error_message',
  'score',
  'label',
  'class7',
  ...Array.from({ length: 7 }, (_, i) => `p${i}`),
  ...MODALITIES.flatMap((m) => MODALITY_FIELDS.map((f) => `${m}_${f}`)),
  ...CONTRIBUTION_KEYS.map((k) => `contrib_${k}`),
  'duration_sec',
  'model_id',
  'model_version',
  'device',
  'prior_score',
];

export type Cell = string | number | boolean | null;

/**
 * The fields the CSV flattens, each with its type from the one result schema (main/core/result/
 * schema.ts) but optional: an error row or a partial result leaves cells empty, while a field that is
 * present with the wrong type fails loudly.
 */
const R = clipResultSchema.shape;
const M = R.modalities.shape;
const resultViewSchema = z.object({
  score: R.score.optional(),
  label: R.label.optional(),
  class7: R.class7.optional(),
  probabilities: R.probabilities.optional(),
  modalities: z.object({ text: M.text.optional(), audio: M.audio.optional(), visual: M.visual.optional() }).optional(),
  contributions: R.contributions.partial().optional(),
  durationSec: R.durationSec.optional(),
  model: R.model.partial().optional(),
  device: R.device.partial().optional(),
  prior: R.prior.optional(),
});

export interface ExportRowBase {
  file: string;
  sha256: string | null;
  status: string;
  error: { kind: string; message: string } | null;
  result: Record<string, unknown> | null;
}

/** One CSV record in CSV_COLUMNS order. Numbers stay numbers (the CSV writer escapes text cells only). */
export function toCsvRecord(row: ExportRowBase): Cell[] {
  const parsed = resultViewSchema.safeParse(row.result ?? {});
  if (!parsed.success) {
    throw new AppError('Internal', `The stored result for ${row.file} does not match the result schema: ${z.prettifyError(parsed.error)}`, {
      file: row.file,
    });
  }
  const r = parsed.data;
  const probs = r.probabilities ?? [];
  const modalityCells = MODALITIES.flatMap((m) => {
    const mod = r.modalities?.[m];
    return [mod?.present ?? null, mod?.usable ?? null, mod?.usedByModel ?? null, mod?.coverage ?? null, mod?.reason ?? null];
  });
  return [
    row.file,
    row.sha256,
    row.status,
    row.error?.kind ?? null,
    row.error?.message ?? null,
    r.score ?? null,
    r.label ?? null,
    r.class7 ?? null,
    ...Array.from({ length: 7 }, (_, i) => probs[i] ?? null),
    ...modalityCells,
    ...CONTRIBUTION_KEYS.map((k) => r.contributions?.[k] ?? null),
    r.durationSec ?? null,
    r.model?.id ?? null,
    r.model?.version ?? null,
    r.device?.provider ?? null,
    r.prior?.score ?? null,
  ];
}
