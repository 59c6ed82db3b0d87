/**
 * Training configuration (DESIGN 6), validated with zod at every boundary: `--config FILE`, the
 * checkpoint read back on resume, the window's settings. Defaults are DESIGN's MOSI-like values;
 * where DESIGN is silent (dropouts, patience) the value is our choice and says so.
 */
import { z } from 'zod';
import { AppError } from '../core/errors.ts';

const int = z.number().int();
/** A dropout rate: 1 would zero everything (and divide by 0 in inverted dropout), so it is excluded. */
const rate = z.number().min(0).lt(1);

export const modelConfigSchema = z
  .object({
    /** model width per modality (DESIGN: 40) */
    d: int.min(1).max(4096).default(40),
    /** Transformer encoder layers per modality (DESIGN: 4) */
    layers: int.min(1).max(64).default(4),
    /** attention heads (DESIGN: 10 for MOSI/IEMOCAP, 8 for MOSEI); must divide d */
    heads: int.min(1).max(512).default(10),
    /** temporal convolution width of the input projection (DESIGN: 3); odd, so 'same' padding is symmetric */
    kernel: int.min(1).max(15).default(3),
    /**
     * Dropout rates (our choice; DESIGN is silent). MulT's MOSI values are embed 0.25, attn 0.2 (text)
     * / 0.0 (audio, visual), relu 0.1, res 0.1, out 0.0; we use one attention rate for all three
     * modalities, 0.1, and 0.1 on the head's hidden layer.
     */
    embedDropout: rate.default(0.25),
    attnDropout: rate.default(0.1),
    reluDropout: rate.default(0.1),
    resDropout: rate.default(0.1),
    outDropout: rate.default(0.1),
  })
  .superRefine((m, ctx) => {
    if (m.d % m.heads !== 0) {
      ctx.addIssue({ code: 'custom', path: ['heads'], message: `heads (${m.heads}) must divide d (${m.d})` });
    }
    if (m.kernel % 2 !== 1) {
      ctx.addIssue({ code: 'custom', path: ['kernel'], message: `kernel (${m.kernel}) must be odd ('same' padding)` });
    }
  });

export const lossWeightsSchema = z.object({
  task: z.number().min(0).default(1),
  scd: z.number().min(0).default(1),
  cpd: z.number().min(0).default(1),
  rcd: z.number().min(0).default(1),
});

export const STAGES = ['teacher', 'student', 'both'] as const;
export type StageSelection = (typeof STAGES)[number];

export const trainConfigSchema = z.object({
  /** Adam learning rate (DESIGN: 1e-3); betas 0.9 / 0.999 as tf.train.adam */
  lr: z.number().positive().max(1).default(1e-3),
  beta1: z.number().min(0).lt(1).default(0.9),
  beta2: z.number().min(0).lt(1).default(0.999),
  /** Adam epsilon: tfjs's float32 backend epsilon (tf.train.adam's default) */
  adamEpsilon: z.number().positive().default(1e-7),
  batchSize: int.min(2).max(65_536).default(128),
  /** epochs per stage (DESIGN: 50) */
  epochs: int.min(1).max(100_000).default(50),
  /** early stop after this many epochs without a better validation loss (our choice: 10) */
  patience: int.min(1).max(100_000).default(10),
  seed: int.min(0).max(0xffffffff).default(1),
  stages: z.enum(STAGES).default('both'),
  /** stage-2 loss weights (DESIGN: all 1) */
  weights: lossWeightsSchema.prefault({}),
  /** SCD margin eta (DESIGN: 1) */
  eta: z.number().positive().default(1),
  /** RCD temperature tau (DESIGN is silent on the value: 1) */
  tau: z.number().positive().default(1),
  /**
   * How the student starts (our choice; the paper is silent): 'random' (its own seeded init, the
   * default) or 'teacher' (a copy of the trained teacher's weights, then trained with MRM and the
   * distillation losses). 'teacher' helps when the data is small: on MOSI text-only the student
   * from scratch reached dev F1 0.728, below its teacher's 0.787 (text-v1 features).
   */
  studentInit: z.enum(['random', 'teacher']).default('random'),
  /** Adam learning rate of the student stage (our choice; default: lr). Lower when studentInit is 'teacher'. */
  studentLr: z.number().positive().max(1).optional(),
  /**
   * What the student's model selection and early stop watch (DESIGN: "select on validation loss"):
   * 'mrm' (default) the validation loss under fixed-seed MRM masks, i.e. robustness; 'complete' the
   * loss on complete inputs. MRM never empties a sample (README "Samples with absent
   * modalities"): on a one-modality dataset 'mrm' keeps every sample's modality and only drops steps.
   */
  studentSelection: z.enum(['mrm', 'complete']).default('mrm'),
  /** hidden width of the RCD statistics networks (DESIGN: 64) */
  statsHidden: int.min(1).max(4096).default(64),
});

export const corrkdConfigSchema = z.object({
  model: modelConfigSchema.prefault({}),
  train: trainConfigSchema.prefault({}),
});

export type ModelConfig = z.infer<typeof modelConfigSchema>;
export type TrainConfig = z.infer<typeof trainConfigSchema>;
export type LossWeights = z.infer<typeof lossWeightsSchema>;
export type CorrkdConfig = z.infer<typeof corrkdConfigSchema>;
/** What callers may pass: any subset, defaults fill the rest. */
export type CorrkdConfigInput = z.input<typeof corrkdConfigSchema>;

/** Validates a partial config and fills the defaults; `where` names the source in the error (a file, 'options'). */
export function parseConfig(input: unknown, where = 'config'): CorrkdConfig {
  const r = corrkdConfigSchema.safeParse(input ?? {});
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new AppError('InvalidArgument', `Invalid training config in ${where}: ${issues}`);
  }
  return r.data;
}

export const DEFAULT_CONFIG: CorrkdConfig = parseConfig({}, 'defaults');
