import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { emotionOverridesSchema } from './emotion-sentiment.ts';

/**
 * The dataset config JSON (`dataset build ... --config FILE`): what is particular to one corpus
 * lives here, not in code (DESIGN 10). Every field is optional:
 *
 * ```json
 * {
 *   "columns":  { "speaker": "actor" },                  // our column name -> the CSV's header name
 *   "emotions": { "calm": 0.5, "surprised": null },      // overrides of the emotion table (EMOTION-SENTIMENT.md)
 *   "split":    { "seed": 0, "valid": ["13", "14"], "test": ["15", "16", "17", "18"] },  // groups per split
 *   "text":     false                                     // emotion audio: ignore the text column
 * }
 * ```
 */
const groupList = z.array(z.string().min(1));

export const datasetConfigSchema = z
  .object({
    columns: z.record(z.string().min(1), z.string().min(1)).optional(),
    emotions: emotionOverridesSchema.optional(),
    split: z
      .object({
        seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
        train: groupList.optional(),
        valid: groupList.optional(),
        test: groupList.optional(),
      })
      .strict()
      .optional(),
    text: z.boolean().optional(),
  })
  .strict();

export type DatasetConfig = z.infer<typeof datasetConfigSchema>;

/** Reads and validates a dataset config; every problem names the file and the field. */
export function readDatasetConfig(file: string): DatasetConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const kind = e instanceof SyntaxError ? 'is not valid JSON' : 'cannot be read';
    throw new AppError('InvalidArgument', `dataset config ${file} ${kind}: ${(e as Error).message}`, { file, cause: e });
  }
  const parsed = datasetConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');
    throw new AppError('InvalidArgument', `dataset config ${file} is not valid: ${issues}.`, { file });
  }
  return parsed.data;
}

/**
 * Column aliases for csv-table's ColumnSpec with the config's renames applied: `{speaker: 'actor'}`
 * makes the header 'actor' the speaker column.
 */
export function withColumnRenames(
  spec: { required: Record<string, string[]>; optional: Record<string, string[]> },
  renames: DatasetConfig['columns'],
): { required: Record<string, string[]>; optional: Record<string, string[]> } {
  if (!renames) return spec;
  const known = [...Object.keys(spec.required), ...Object.keys(spec.optional)];
  const unknown = Object.keys(renames).filter((k) => !known.includes(k));
  if (unknown.length) {
    throw new AppError('InvalidArgument', `dataset config "columns" names unknown column(s) ${unknown.join(', ')}; known: ${known.join(', ')}.`);
  }
  const apply = (group: Record<string, string[]>): Record<string, string[]> =>
    Object.fromEntries(Object.entries(group).map(([k, names]) => [k, renames[k] ? [renames[k]!.toLowerCase()] : names]));
  return { required: apply(spec.required), optional: apply(spec.optional) };
}
