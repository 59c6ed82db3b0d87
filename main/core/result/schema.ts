import { z } from 'zod';

/**
 * The result JSON, schema version 1 (DESIGN 8): one object per clip. This zod schema is the single
 * definition used by `corrkd analyze --json`, the results store, the exports and the window.
 * Pure (zod only) so the renderer can import its types through preload/contract.ts.
 */
export const RESULT_SCHEMA_VERSION = 1;

export const SUBSETS = ['l', 'a', 'v', 'la', 'lv', 'av', 'lav'] as const;
export type Subset = (typeof SUBSETS)[number];

export const LABELS = ['negative', 'neutral', 'positive'] as const;

const modalityResult = z.object({
  present: z.boolean(),
  usable: z.boolean(),
  usedByModel: z.boolean(),
  coverage: z.number().min(0).max(1),
  reason: z.string().nullable(),
});

const probability7 = z.array(z.number().min(0).max(1)).length(7);

export const segmentSchema = z.object({
  start: z.number().min(0),
  end: z.number().min(0),
  text: z.string(),
  score: z.number().min(-3).max(3),
  class7: z.number().int().min(-3).max(3),
  modalities: z.object({ text: z.number().min(0).max(1), audio: z.number().min(0).max(1), visual: z.number().min(0).max(1) }),
});

export const clipResultSchema = z
  .object({
    schema: z.literal(RESULT_SCHEMA_VERSION),
    file: z.string(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    durationSec: z.number().min(0),
    model: z.object({
      id: z.string(),
      version: z.string(),
      trainedModalities: z.array(z.enum(['l', 'a', 'v'])),
    }),
    device: z.object({
      requested: z.string(),
      provider: z.string(),
      skipped: z.array(z.object({ provider: z.string(), reason: z.string() })),
    }),
    modalities: z.object({ text: modalityResult, audio: modalityResult, visual: modalityResult }),
    transcript: z.object({ source: z.string(), text: z.string() }),
    score: z.number().min(-3).max(3),
    label: z.enum(LABELS),
    /** round(score) in -3..3, the 7-class reading of the score. */
    class7: z.number().int().min(-3).max(3),
    /** P(class k) for k = -3..3 (index 0 is -3). */
    probabilities: probability7,
    contributions: z.object(Object.fromEntries(SUBSETS.map((s) => [s, z.number().min(-3).max(3)])) as Record<Subset, z.ZodNumber>),
    segments: z.array(segmentSchema),
    timingsMs: z.record(z.string(), z.number().min(0)),
    warnings: z.array(z.string()),
  })
  .superRefine((r, ctx) => {
    const sum = r.probabilities.reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > 1e-3) ctx.addIssue({ code: 'custom', path: ['probabilities'], message: `probabilities sum to ${sum}, not 1` });
    for (const m of ['text', 'audio', 'visual'] as const) {
      const mod = r.modalities[m];
      if (!mod.usable && !mod.reason) ctx.addIssue({ code: 'custom', path: ['modalities', m, 'reason'], message: 'an unusable modality needs a reason' });
    }
  });

export type ClipResult = z.infer<typeof clipResultSchema>;
export type ClipSegment = z.infer<typeof segmentSchema>;

/** Round half to even (the MMSA convention for Acc-7), after clipping to [-3, 3]. */
export function class7Of(score: number): number {
  const x = Math.min(3, Math.max(-3, score));
  const f = Math.floor(x);
  const diff = x - f;
  const r = diff > 0.5 ? f + 1 : diff < 0.5 ? f : f % 2 === 0 ? f : f + 1;
  return r === 0 ? 0 : r; // no -0
}

/** The label is the sign of the 7-class reading, so score, class7 and label never disagree. */
export function labelOf(class7: number): (typeof LABELS)[number] {
  return class7 < 0 ? 'negative' : class7 > 0 ? 'positive' : 'neutral';
}
