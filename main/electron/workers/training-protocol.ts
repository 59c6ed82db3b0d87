import { z } from 'zod';

/**
 * The worker protocol carries core Progress events; an epoch summary has no variant of its own, so
 * it travels as a `message` with this prefix and a JSON body that the main side validates with zod
 * (STYLE habit 3) before it becomes a `training:epoch` event.
 */
export const EPOCH_END_PREFIX = 'epoch-end ';

export const epochEndSchema = z.object({
  phase: z.enum(['teacher', 'student']),
  epoch: z.number().int().min(1),
  epochs: z.number().int().min(1),
  train: z.record(z.string(), z.number()),
  valLoss: z.number(),
  improved: z.boolean(),
});

export type EpochEnd = z.infer<typeof epochEndSchema>;

export function parseEpochEnd(text: string): EpochEnd | null {
  if (!text.startsWith(EPOCH_END_PREFIX)) return null;
  try {
    const r = epochEndSchema.safeParse(JSON.parse(text.slice(EPOCH_END_PREFIX.length)));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
