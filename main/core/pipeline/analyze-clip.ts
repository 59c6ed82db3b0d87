import type { DevicePref } from '../inference/providers.ts';
import type { PackInfo } from '../inference/pack-info.ts';
import { SHORT_OF } from '../inference/pack-info.ts';
import { buildInputs, keptBy, type StudentRow } from '../inference/student-inputs.ts';
import { loadPack } from '../inference/pack.ts';
import { class7Of, clipResultSchema, labelOf, RESULT_SCHEMA_VERSION, SUBSETS, type ClipResult, type Subset } from '../result/schema.ts';
import { MODALITIES, type Modality, type StepMatrix } from '../types.ts';
import { emptySteps, NO_WORD_STEP_SEC } from '../align/steps.ts';
import { AppError } from '../errors.ts';
import { extractClipFeatures, type ClipFeatureOptions, type UtteranceFeatures } from './clip-features.ts';
import type { PipelineContext } from './worker-pools.ts';

export interface AnalyzeOptions extends ClipFeatureOptions {
  /** Model pack folder; default models/default. */
  model?: string;
  device?: DevicePref;
}

/** Rows per ONNX run: bounds memory on long clips (rows = utterances x 7 subsets). */
const MAX_BATCH = 128;
/** An utterance's weight in the clip mean is its duration, with a floor so a one-word cue still counts. */
const MIN_WEIGHT_SEC = 0.1;

/**
 * The product's main job (DESIGN 3, 8): features -> the student on every utterance and every
 * modality subset -> the result JSON (schema 2). The complete row ('lav') is the prediction; the
 * other six show what each modality subset alone would say (contributions). Only utterances where a
 * modality the model reads has data count (evidence); with none, the score is null and the model's
 * answer on an all-missing input is reported as `prior`.
 */
export async function analyzeClip(file: string, ctx: PipelineContext, opts: AnalyzeOptions = {}): Promise<ClipResult> {
  const t0 = performance.now();
  const pack = await loadPack(opts.model);
  const features = await extractClipFeatures(file, ctx, { ...opts, T: pack.T });
  const device = opts.device ?? 'auto';

  ctx.onProgress({ type: 'stage', stage: 'inference', fraction: 0 });
  const tInf = performance.now();
  // every utterance under every subset, then one row with every modality missing: the prior
  const priorRow: StudentRow = { steps: emptyStepsOf(pack), subset: 'lav' };
  const rows: StudentRow[] = [...features.utterances.flatMap((u) => SUBSETS.map((subset) => ({ steps: u.steps, subset }))), priorRow];
  const { probabilities, scores, provider, skipped } = await runRows(pack, rows, device, ctx);
  const inferenceMs = performance.now() - tInf;

  const K = 7;
  const S = SUBSETS.length;
  const lav = SUBSETS.indexOf('lav');
  const used = (m: Modality) => pack.trainedModalities.includes(SHORT_OF[m]) && features.modalities[m].usable;
  const coverage = features.utterances.map(stepCoverage);
  // a subset has evidence in an utterance when it keeps a modality the model reads that has data there
  const evidenceIn = (i: number, subset: Subset): boolean =>
    MODALITIES.some((m) => used(m) && keptBy(subset).has(SHORT_OF[m]) && (coverage[i] as Record<Modality, number>)[m] > 0);
  const weights = features.utterances.map((u) => Math.max(MIN_WEIGHT_SEC, u.end - u.start));
  /** duration-weighted mean over the utterances where `subset` has evidence (all of them if none has: see below) */
  const meanOver = (subset: Subset, value: (i: number) => number[]): number[] | null => {
    const idx = features.utterances.map((_, i) => i).filter((i) => evidenceIn(i, subset));
    if (idx.length === 0) return null;
    const wsum = idx.reduce((a, i) => a + (weights[i] as number), 0);
    const acc = value(idx[0] as number).map(() => 0);
    for (const i of idx) value(i).forEach((v, k) => (acc[k] = (acc[k] as number) + ((weights[i] as number) / wsum) * v));
    return acc;
  };
  const rowProbs = (row: number): number[] => Array.from(probabilities.subarray(row * K, (row + 1) * K));
  const evidence = MODALITIES.some(used);
  // A usable modality always leaves data in some utterance (usable text has words, usable audio has speech
  // inside the speech utterances, a usable face is in most frames); should none have any, the clip is read
  // over all utterances rather than called evidence-free while a modality is usable.
  const clipMean = meanOver('lav', (i) => rowProbs(i * S + lav)) ?? (evidence ? allUtteranceMean(weights, (i) => rowProbs(i * S + lav)) : null);
  const probs = clipMean ? normalise(clipMean) : null;
  const score = probs ? clamp3(expectedClass(probs)) : null;
  const class7 = score === null ? null : class7Of(score);
  const priorRowIdx = rows.length - 1;
  const priorProbs = normalise(rowProbs(priorRowIdx));
  const priorScore = clamp3(scores[priorRowIdx] as number);

  const warnings = [...features.warnings];
  for (const m of MODALITIES) {
    if (features.modalities[m].usable && !pack.trainedModalities.includes(SHORT_OF[m])) {
      warnings.push(`The ${m} modality is usable but model ${pack.id} was not trained on it, so it is fed as zeros.`);
    }
  }
  if (!evidence) {
    warnings.push(
      `No modality the model reads is usable in this clip, so there is no score (no evidence); the model's prior, ${signed(priorScore)}, is in "prior" and is the same for every such clip.`,
    );
  }

  const result: ClipResult = {
    schema: RESULT_SCHEMA_VERSION,
    file,
    sha256: features.sha256,
    durationSec: features.durationSec,
    model: { id: pack.id, version: pack.version, trainedModalities: pack.trainedModalities },
    device: { requested: device, provider, skipped },
    modalities: Object.fromEntries(
      MODALITIES.map((m) => [m, { ...features.modalities[m], usedByModel: used(m) }]),
    ) as ClipResult['modalities'],
    transcript: { source: features.transcript.source, text: features.transcript.text },
    score,
    label: class7 === null ? null : labelOf(class7),
    class7,
    probabilities: probs,
    prior: { score: priorScore, class7: class7Of(priorScore), probabilities: priorProbs },
    contributions: Object.fromEntries(
      SUBSETS.map((sub, j) => {
        const mean = evidence ? meanOver(sub, (i) => [scores[i * S + j] as number]) : null;
        return [sub, mean ? clamp3(mean[0] as number) : null];
      }),
    ) as ClipResult['contributions'],
    segments: features.utterances.map((u, i) => segmentOf(u, coverage[i] as Record<Modality, number>, evidenceIn(i, 'lav') ? (scores[i * S + lav] as number) : null)),
    timingsMs: { ...features.timingsMs, inference: Math.round(inferenceMs), total: Math.round(performance.now() - t0) },
    warnings,
  };
  const checked = clipResultSchema.safeParse(result);
  if (!checked.success) throw new AppError('Internal', `analyze produced an invalid result for ${file}: ${checked.error.message}`, { file });
  return result;
}

function clamp3(x: number): number {
  return Math.min(3, Math.max(-3, x));
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;
}

function normalise(p: number[]): number[] {
  const sum = p.reduce((a, b) => a + b, 0);
  return p.map((v) => v / sum);
}

function expectedClass(p: readonly number[]): number {
  return p.reduce((acc, v, k) => acc + v * (k - 3), 0);
}

function allUtteranceMean(weights: readonly number[], value: (i: number) => number[]): number[] | null {
  if (weights.length === 0) return null;
  const wsum = weights.reduce((a, b) => a + b, 0);
  const acc = value(0).map(() => 0);
  weights.forEach((w, i) => value(i).forEach((v, k) => (acc[k] = (acc[k] as number) + (w / wsum) * v)));
  return acc;
}

/** All-zero steps in the pack's dims: the input of a clip in which every modality is missing. */
function emptyStepsOf(pack: PackInfo): Record<Modality, StepMatrix> {
  return Object.fromEntries(MODALITIES.map((m) => [m, emptySteps(pack.T, pack.dims[SHORT_OF[m]])])) as Record<Modality, StepMatrix>;
}

/** Share of an utterance's real steps (its words, or its 300 ms windows) that carry each modality. */
function stepCoverage(u: UtteranceFeatures): Record<Modality, number> {
  const real = Math.max(1, Math.min(u.steps.text.steps, u.words.length > 0 ? u.words.length : Math.ceil((u.end - u.start) / NO_WORD_STEP_SEC - 1e-9)));
  const cov = (m: Modality) => Math.min(1, u.steps[m].stepMask.subarray(0, real).reduce((a, b) => a + b, 0) / real);
  return { text: cov('text'), audio: cov('audio'), visual: cov('visual') };
}

function segmentOf(u: UtteranceFeatures, coverage: Record<Modality, number>, score: number | null): ClipResult['segments'][number] {
  const s = score === null ? null : clamp3(score);
  return { start: u.start, end: u.end, text: u.text, score: s, class7: s === null ? null : class7Of(s), modalities: coverage };
}

async function runRows(pack: PackInfo, rows: StudentRow[], device: DevicePref, ctx: PipelineContext) {
  const pool = ctx.workers.inference;
  const K = 7;
  const probabilities = new Float32Array(rows.length * K);
  const scores = new Float32Array(rows.length);
  const opened = await pool.call('open', { modelPath: pack.modelPath, device }, { signal: ctx.signal });
  const { provider, skipped } = opened;
  const missing = [...Object.values(pack.inputNames).filter((n) => !opened.inputNames.includes(n)), ...Object.values(pack.outputNames).filter((n) => !opened.outputNames.includes(n))];
  if (missing.length) {
    throw new AppError('ModelContractMismatch', `${pack.modelPath} does not have the inputs/outputs its manifest declares (missing: ${missing.join(', ')}; the graph has inputs ${opened.inputNames.join(', ')}).`, { file: pack.modelPath });
  }
  for (let start = 0; start < rows.length; start += MAX_BATCH) {
    const chunk = rows.slice(start, start + MAX_BATCH);
    const x = buildInputs(pack, chunk);
    const B = chunk.length;
    const inputs = Object.fromEntries(
      (['l', 'a', 'v'] as const).map((s) => [pack.inputNames[s], { data: x[s], dims: [B, pack.T, pack.dims[s]] as [number, number, number] }]),
    );
    const r = await pool.call('run', { modelPath: pack.modelPath, device, inputs, outputs: pack.outputNames }, { signal: ctx.signal, transfer: [x.l.buffer, x.a.buffer, x.v.buffer] as ArrayBuffer[] });
    probabilities.set(r.probabilities, start * K);
    scores.set(r.score, start);
    ctx.onProgress({ type: 'stage', stage: 'inference', fraction: Math.min(1, (start + B) / rows.length) });
  }
  return { probabilities, scores, provider, skipped };
}
