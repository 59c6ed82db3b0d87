import { z } from 'zod';

/**
 * The result JSON, schema version 2 (DESIGN 8): one object per clip. This zod schema is the single
 * definition used by `corrkd analyze --json`, the results store, the exports and the window.
 * Pure (zod only) so the renderer can import its types through preload/contract.ts.
 *
 * Changes from version 1 (README "Reading the result" says the same for users):
 * - "no evidence" is null, not a number: when no modality the model reads is usable in the clip,
 *   `score`, `label`, `class7` and `probabilities` are null; a segment with no step of such a
 *   modality has `score` and `class7` null; a contribution whose subset holds none is null.
 *   The clip's reading averages only the segments with evidence.
 * - `prior`: what the model answers with every modality missing (its prior), always given for a
 *   fresh result, so the no-evidence answer stays available without being mistaken for a score.
 * Stored results of version 1 are read through `parseClipResult`, which upgrades them (prior null).
 */
export const RESULT_SCHEMA_VERSION = 2;

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
const score = z.number().min(-3).max(3);
const class7 = z.number().int().min(-3).max(3);

export const segmentSchema = z.object({
  start: z.number().min(0),
  end: z.number().min(0),
  text: z.string(),
  /** null: no step of this segment carries a modality the model reads (no evidence) */
  score: score.nullable(),
  class7: class7.nullable(),
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
    /** null: no modality the model reads is usable in this clip (no evidence; see `prior`) */
    score: score.nullable(),
    label: z.enum(LABELS).nullable(),
    /** round(score) in -3..3, the 7-class reading of the score. */
    class7: class7.nullable(),
    /** P(class k) for k = -3..3 (index 0 is -3). */
    probabilities: probability7.nullable(),
    /** the model's answer with every modality missing; null only in results upgraded from schema 1 */
    prior: z.object({ score, class7, probabilities: probability7 }).nullable(),
    /** score with only that subset of modalities kept; null when the subset holds no usable modality the model reads */
    contributions: z.object(Object.fromEntries(SUBSETS.map((s) => [s, score.nullable()])) as Record<Subset, z.ZodNullable<z.ZodNumber>>),
    segments: z.array(segmentSchema),
    timingsMs: z.record(z.string(), z.number().min(0)),
    warnings: z.array(z.string()),
  })
  .superRefine((r, ctx) => {
    for (const [path, probs] of [[['probabilities'], r.probabilities], [['prior', 'probabilities'], r.prior?.probabilities ?? null]] as const) {
      const sum = probs?.reduce((a, b) => a + b, 0) ?? 1;
      if (Math.abs(sum - 1) > 1e-3) ctx.addIssue({ code: 'custom', path: [...path], message: `probabilities sum to ${sum}, not 1` });
    }
    const nulls = [r.score, r.label, r.class7, r.probabilities].filter((v) => v === null).length;
    if (nulls !== 0 && nulls !== 4) ctx.addIssue({ code: 'custom', path: ['score'], message: 'score, label, class7 and probabilities are null together (no evidence) or not at all' });
    const evidence = Object.values(r.modalities).some((m) => m.usedByModel);
    if ((r.score === null) === evidence) {
      ctx.addIssue({ code: 'custom', path: ['score'], message: evidence ? 'a modality the model reads is usable, so the score must be given' : 'no modality the model reads is usable, so the score must be null' });
    }
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

/** Version 1 results (stored by earlier releases) as version 2: the same numbers, prior unknown. */
const clipResultV1Schema = z.looseObject({ schema: z.literal(1) });

/**
 * Reads a result object of any schema version this app has written (store, exports, IPC): version
 * 1 is upgraded (it always had a score; its prior was not recorded). Throws the zod error otherwise.
 */
export function parseClipResult(json: unknown): ClipResult {
  const v1 = clipResultV1Schema.safeParse(json);
  if (v1.success) return clipResultSchema.parse({ ...v1.data, schema: RESULT_SCHEMA_VERSION, prior: null });
  return clipResultSchema.parse(json);
}

/** True when the result carries a score (some modality the model reads was usable). */
export function hasEvidence(r: Pick<ClipResult, 'score'>): r is Pick<ClipResult, 'score'> & { score: number } {
  return r.score !== null;
}
