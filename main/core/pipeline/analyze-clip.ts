import type { StageContext } from '../context.ts';
import type { DevicePref } from '../inference/providers.ts';
import type { PackInfo } from '../inference/pack-info.ts';
import { SHORT_OF } from '../inference/pack-info.ts';
import { buildInputs, type StudentRow } from '../inference/student-inputs.ts';
import { loadPack } from '../inference/pack.ts';
import { class7Of, clipResultSchema, labelOf, RESULT_SCHEMA_VERSION, SUBSETS, type ClipResult, type Subset } from '../result/schema.ts';
import { MODALITIES, type Modality } from '../types.ts';
import { AppError } from '../errors.ts';
import { extractClipFeatures, type ClipFeatureOptions, type UtteranceFeatures } from './clip-features.ts';
import { pipelineWorkers } from './worker-pools.ts';

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
 * modality subset -> the result JSON schema 1. The complete row ('lav') is the prediction; the
 * other six show what each modality subset alone would say (contributions).
 */
export async function analyzeClip(file: string, ctx: StageContext, opts: AnalyzeOptions = {}): Promise<ClipResult> {
  const t0 = performance.now();
  const pack = await loadPack(opts.model);
  const features = await extractClipFeatures(file, ctx, { ...opts, T: pack.T });
  const device = opts.device ?? 'auto';

  ctx.onProgress({ type: 'stage', stage: 'inference', fraction: 0 });
  const tInf = performance.now();
  const rows: StudentRow[] = features.utterances.flatMap((u) => SUBSETS.map((subset) => ({ steps: u.steps, subset })));
  const { probabilities, scores, provider, skipped } = await runRows(pack, rows, device, ctx);
  const inferenceMs = performance.now() - tInf;

  const K = 7;
  const S = SUBSETS.length;
  const lav = SUBSETS.indexOf('lav');
  const weights = features.utterances.map((u) => Math.max(MIN_WEIGHT_SEC, u.end - u.start));
  const wsum = weights.reduce((a, b) => a + b, 0);
  const clipProbs = new Array<number>(K).fill(0);
  const contributions = Object.fromEntries(SUBSETS.map((s) => [s, 0])) as Record<Subset, number>;
  features.utterances.forEach((_, i) => {
    const w = (weights[i] as number) / wsum;
    for (let k = 0; k < K; k++) clipProbs[k] = (clipProbs[k] as number) + w * (probabilities[(i * S + lav) * K + k] as number);
    SUBSETS.forEach((s, j) => {
      contributions[s] += w * (scores[i * S + j] as number);
    });
  });
  const psum = clipProbs.reduce((a, b) => a + b, 0);
  const probs = clipProbs.map((p) => p / psum);
  const score = clamp3(probs.reduce((acc, p, k) => acc + p * (k - 3), 0));
  const class7 = class7Of(score);

  const used = (m: Modality) => pack.trainedModalities.includes(SHORT_OF[m]) && features.modalities[m].usable;
  const warnings = [...features.warnings];
  for (const m of MODALITIES) {
    if (features.modalities[m].usable && !pack.trainedModalities.includes(SHORT_OF[m])) {
      warnings.push(`The ${m} modality is usable but model ${pack.id} was not trained on it, so it is fed as zeros.`);
    }
  }
  if (!MODALITIES.some(used)) warnings.push('No modality the model uses is usable in this clip: the score is the model’s prior, not evidence.');

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
    label: labelOf(class7),
    class7,
    probabilities: probs,
    contributions: Object.fromEntries(SUBSETS.map((s) => [s, clamp3(contributions[s])])) as ClipResult['contributions'],
    segments: features.utterances.map((u, i) => segmentOf(u, scores[i * S + lav] as number)),
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

function segmentOf(u: UtteranceFeatures, score: number): ClipResult['segments'][number] {
  const s = clamp3(score);
  const real = Math.max(1, Math.min(u.steps.text.steps, u.words.length > 0 ? u.words.length : Math.ceil((u.end - u.start) / 0.3 - 1e-9)));
  const cov = (m: Modality) => Math.min(1, u.steps[m].stepMask.subarray(0, real).reduce((a, b) => a + b, 0) / real);
  return {
    start: u.start,
    end: u.end,
    text: u.text,
    score: s,
    class7: class7Of(s),
    modalities: { text: cov('text'), audio: cov('audio'), visual: cov('visual') },
  };
}

async function runRows(pack: PackInfo, rows: StudentRow[], device: DevicePref, ctx: StageContext) {
  const pool = pipelineWorkers().inference;
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
