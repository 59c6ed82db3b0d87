/**
 * The audio probe (voice brief item 1): how much sentiment the app's voice features carry on
 * RAVDESS actors 1-14, as `corrkd analyze` sees the clips. Per clip: the app's decode, Silero VAD,
 * usability, transcript and utterances (clip-source.ts), the extractor's frames masked to speech
 * and averaged per step (clip-steps.ts), pooled to mean + std over the valid steps; then an L2
 * logistic regression in nested leave-actor-pair-out CV (actor-cv.ts). Actors 15-18 are never read.
 *
 *   npm run bench -- probe-audio                   (the default report: audio-v1 and the app's extractor)
 *   npx tsx bench/probes/probe-audio.ts --extractors audio-v1,audio-v2 --steps 0.3,0.15,0.1 --modes none,text
 *   npx tsx bench/probes/probe-audio.ts --extractors audio-v2 --ablate --lambda 0.1   (leave each column group out; fixed L2)
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { makeContext } from '../../main/core/context.ts';
import { AppError } from '../../main/core/errors.ts';
import type { FrameSeries } from '../../main/core/types.ts';
import { NO_WORD_STEP_SEC } from '../../main/core/align/steps.ts';
import { EXTRACTORS } from '../../main/core/features/extractors.ts';
import type { Bench } from '../registry.ts';
import { printTable } from '../table.ts';
import { LAMBDA_GRID, nestedActorCv, type CvResult, type CvSample } from './actor-cv.ts';
import { loadProbeSources, type ProbeClipSource } from './clip-source.ts';
import { clipAudioSteps, poolMeanStd, validStepRows, type TranscriptMode } from './clip-steps.ts';
import { perturbation } from './perturb.ts';
import { PROBE_EXTRACTORS, probeExtractor, type ProbeExtractor } from './probe-extractors.ts';
import { readProbeClips, type RavdessEmotion } from './ravdess-clips.ts';

/** The probe's two questions (the voice brief's definitions; surprised is left out of both). */
export const PROBE_TASKS: Record<string, { classes: number; of: Partial<Record<RavdessEmotion, number>> }> = {
  'happy vs neg': { classes: 2, of: { happy: 1, sad: 0, angry: 0, fearful: 0, disgust: 0 } },
  '3-way': { classes: 3, of: { happy: 2, neutral: 1, calm: 1, sad: 0, angry: 0, fearful: 0, disgust: 0 } },
};

export interface ProbeOptions {
  extractors: string[];
  modes: TranscriptMode[];
  steps: number[];
  /** leave-one-group-out rows for each extractor's column groups */
  ablate?: boolean;
  /** one row per column group alone */
  single?: boolean;
  /** column names to keep (default all) */
  only?: string[];
  /** recording changes applied to the test actors' audio only (perturb.ts), each its own rows */
  perturb?: string[];
  /** a fixed L2 strength (no nested choice; for quick ablations) */
  lambda?: number;
  log?: (line: string) => void;
}

interface Row {
  extractor: string;
  columns: string;
  transcript: TranscriptMode;
  'step s': number;
  'steps/clip': number;
  [task: string]: string | number;
}

function cvSamples(pooled: readonly Float64Array[], pooledTest: readonly Float64Array[] | null, srcs: readonly ProbeClipSource[], task: string): CvSample[] {
  const { of } = PROBE_TASKS[task]!;
  const out: CvSample[] = [];
  srcs.forEach((s, i) => {
    const y = of[s.clip.emotion];
    if (y !== undefined && s.audioUsable) out.push({ actor: s.clip.actor, x: pooled[i]!, y, ...(pooledTest ? { xTest: pooledTest[i]! } : {}) });
  });
  return out;
}

function pool(series: readonly FrameSeries[], srcs: readonly ProbeClipSource[], mode: TranscriptMode, step: number, cols: number[]): { pooled: Float64Array[]; steps: number } {
  let steps = 0;
  const pooled = srcs.map((s, i) => {
    const rows = validStepRows(clipAudioSteps(s, series[i]!, mode, step), cols);
    steps += rows.length;
    return poolMeanStd(rows, cols.length);
  });
  return { pooled, steps };
}

const fmt = (r: CvResult): string => `${r.balancedAccuracy.toFixed(3)} [${Math.min(...r.perFold).toFixed(2)}-${Math.max(...r.perFold).toFixed(2)}]`;
const lambdaTally = (r: CvResult): string => [...new Set(r.lambdas)].map((l) => `${l}x${r.lambdas.filter((x) => x === l).length}`).join(' ');

function evaluate(
  ex: ProbeExtractor,
  series: readonly FrameSeries[],
  testSeries: readonly FrameSeries[] | null,
  srcs: readonly ProbeClipSource[],
  mode: TranscriptMode,
  step: number,
  cols: number[],
  label: string,
  lambda: number | undefined,
): Row {
  const { pooled, steps } = pool(series, srcs, mode, step, cols);
  const pooledTest = testSeries ? pool(testSeries, srcs, mode, step, cols).pooled : null;
  const row: Row = { extractor: ex.id, columns: label, transcript: mode, 'step s': step, 'steps/clip': steps / srcs.length };
  const lambdas: string[] = [];
  for (const task of Object.keys(PROBE_TASKS)) {
    const r = nestedActorCv(cvSamples(pooled, pooledTest, srcs, task), PROBE_TASKS[task]!.classes, lambda === undefined ? LAMBDA_GRID : [lambda]);
    row[task] = fmt(r);
    lambdas.push(lambdaTally(r));
  }
  row.lambda = lambdas.join(' / ');
  return row;
}

export async function runAudioProbe(opts: ProbeOptions): Promise<Row[]> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const ctx = makeContext();
  const clips = readProbeClips();
  const t0 = performance.now();
  const srcs = await loadProbeSources(clips, ctx, (i) => {
    if (i % 100 === 0) log(`decode + VAD ${i}/${clips.length}`);
  });
  log(`${srcs.length} clips (actors 1-14) ready in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${srcs.filter((s) => !s.audioUsable).length} with unusable audio`);
  const rows: Row[] = [];
  for (const id of opts.extractors) {
    const ex = probeExtractor(id);
    const t1 = performance.now();
    const series = srcs.map((s) => ex.extract(s.samples));
    const audioSec = srcs.reduce((n, s) => n + s.samples.length / 16000, 0);
    const sec = (performance.now() - t1) / 1000;
    log(`${id}: ${audioSec.toFixed(0)} s of audio in ${sec.toFixed(1)} s (${(audioSec / sec).toFixed(0)}x real time)`);
    // The clean test clips first, then each recording change of them.
    const tests: Array<[string, FrameSeries[] | null]> = [['clean', null]];
    for (const p of opts.perturb ?? []) {
      const perturb = perturbation(p);
      tests.push([p, srcs.map((s, i) => ex.extract(perturb(s.samples, s.speech, i + 1)))]);
    }
    const names = ex.dims.map((d) => d.name);
    const keep = opts.only ? opts.only.map((n) => {
      const i = names.indexOf(n);
      if (i < 0) throw new AppError('InvalidArgument', `${id} has no column '${n}'; columns: ${names.join(', ')}.`);
      return i;
    }) : names.map((_, i) => i);
    const variants: Array<[string, number[]]> = [[opts.only ? `${keep.length} chosen` : `all ${keep.length}`, keep]];
    for (const [group, members] of Object.entries(ex.groups)) {
      const set = new Set(members.map((n) => names.indexOf(n)));
      if (opts.ablate) variants.push([`- ${group}`, keep.filter((i) => !set.has(i))]);
      if (opts.single) variants.push([`only ${group}`, keep.filter((i) => set.has(i))]);
    }
    for (const mode of opts.modes) {
      for (const step of opts.steps) {
        for (const [label, cols] of variants) {
          for (const [test, testSeries] of tests) {
            const row = evaluate(ex, series, testSeries, srcs, mode, step, cols, label, opts.lambda);
            row.test = test;
            log(Object.values(row).join('  '));
            rows.push(row);
          }
        }
      }
    }
  }
  return rows;
}

function parseCli(argv: string[]): ProbeOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      extractors: { type: 'string', default: 'audio-v1' },
      modes: { type: 'string', default: 'none,text' },
      steps: { type: 'string', default: '0.3' },
      ablate: { type: 'boolean', default: false },
      single: { type: 'boolean', default: false },
      only: { type: 'string' },
      lambda: { type: 'string' },
      perturb: { type: 'string' },
    },
  });
  const modes = values.modes.split(',').map((m) => {
    if (m !== 'none' && m !== 'text') throw new AppError('InvalidArgument', `--modes takes none and/or text, got '${m}'.`);
    return m;
  });
  const steps = values.steps.split(',').map(Number);
  if (steps.some((s) => !(s >= 0.02 && s <= 2))) throw new AppError('InvalidArgument', `--steps must be seconds in [0.02, 2], got '${values.steps}'.`);
  return {
    extractors: values.extractors.split(',').map((e) => probeExtractor(e).id),
    modes,
    steps,
    ablate: values.ablate,
    single: values.single,
    ...(values.only ? { only: values.only.split(',') } : {}),
    ...(values.lambda ? { lambda: Number(values.lambda) } : {}),
    ...(values.perturb ? { perturb: values.perturb.split(',') } : {}),
  };
}

/** `npm run bench -- probe-audio`: audio-v1 against the app's extractor, nested CV, both transcript modes (about 15 min). */
export const probeAudioBench: Bench = {
  name: 'probe-audio',
  description: 'voice features on RAVDESS actors 1-14 as analyze sees them: balanced accuracy of an L2 logistic regression, nested leave-actor-pair-out CV (bench/probes/probe-audio.ts for options)',
  async run() {
    printTable(await runAudioProbe({ extractors: ['audio-v1', EXTRACTORS.audio.id], modes: ['none', 'text'], steps: [NO_WORD_STEP_SEC] }));
  },
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rows = await runAudioProbe(parseCli(process.argv.slice(2)));
  process.stdout.write(`probe extractors available: ${Object.keys(PROBE_EXTRACTORS).join(', ')}\n`);
  printTable(rows);
  process.exit(0);
}
