import type { Command } from 'commander';
import { makeContext } from '../../core/context.ts';
import { AppError, toAppError } from '../../core/errors.ts';
import { parseDevicePref } from '../../core/inference/providers.ts';
import type { ClipResult } from '../../core/result/schema.ts';
import { MODALITIES } from '../../core/types.ts';
import { FACE_CROP_HELP, parseFaceCropMode } from '../../core/features/visual/face-crop.ts';
import { printJson, sigintController } from '../run.ts';
import { asrPreflight } from '../asr-preflight.ts';
import { stderrProgress } from '../progress.ts';

interface AnalyzeCliOptions {
  json?: boolean;
  model?: string;
  device: string;
  transcript?: string;
  fps: string;
  faceCrop: string;
  asr?: boolean;
  cache: boolean;
}

const signed = (v: number, digits = 2): string => `${v >= 0 ? '+' : ''}${v.toFixed(digits)}`;

export function humanSummary(r: ClipResult): string {
  const bar = (p: number) => '#'.repeat(Math.round(p * 20)).padEnd(20, '.');
  const prior = r.prior ? `; the model's prior would say ${signed(r.prior.score)}` : '';
  const lines = [
    `${r.file}  (${r.durationSec.toFixed(1)} s)`,
    r.score === null || r.class7 === null
      ? `  sentiment  none: no evidence (no modality the model reads is usable${prior})`
      : `  sentiment  ${signed(r.score)} on -3..+3  -> ${r.label} (class ${r.class7 >= 0 ? '+' : ''}${r.class7})`,
  ];
  if (r.probabilities) lines.push(`  classes    ${r.probabilities.map((p, k) => `${k - 3 >= 0 ? '+' : ''}${k - 3}:${(100 * p).toFixed(0)}%`).join(' ')}`);
  for (const m of MODALITIES) {
    const v = r.modalities[m];
    const state = !v.present ? 'missing ' : !v.usable ? 'unusable' : v.usedByModel ? 'used    ' : 'not used';
    const detail = v.reason ? `- ${v.reason}` : v.usable && !v.usedByModel ? `- usable, but model ${r.model.id} was not trained on ${m}` : `coverage ${(100 * v.coverage).toFixed(0)}%`;
    lines.push(`  ${m.padEnd(9)}  ${state} ${detail}`);
  }
  lines.push(`  transcript (${r.transcript.source}): ${r.transcript.text.length > 160 ? `${r.transcript.text.slice(0, 157)}...` : r.transcript.text || '(none)'}`);
  lines.push(`  subsets    ${Object.entries(r.contributions).map(([k, v]) => `${k}:${v === null ? '-' : signed(v)}`).join(' ')}`);
  for (const s of r.segments.slice(0, 12)) {
    const reading = s.score === null ? `${'.'.repeat(20)}   -    no evidence` : `${bar((s.score + 3) / 6)} ${signed(s.score)}`;
    lines.push(`  ${s.start.toFixed(1).padStart(6)}-${s.end.toFixed(1).padEnd(6)} ${reading}  ${s.text.slice(0, 60)}`);
  }
  if (r.segments.length > 12) lines.push(`  ... ${r.segments.length - 12} more segments (--json for all)`);
  lines.push(`  model ${r.model.id} ${r.model.version} on ${r.device.provider}; ${(r.timingsMs.total ?? 0) / 1000} s`);
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  return lines.join('\n');
}

/** `corrkd analyze <file...>`: the result JSON of DESIGN 8 (schema 2), or a short summary. */
export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description('analyse video files: sentiment score, class, usable modalities with reasons, transcript, timeline')
    .argument('<file...>', 'video or audio files')
    .option('--json', 'print one JSON document on stdout (one result object, or an array for several files)')
    .option('--model <dir>', 'model pack folder (default: models/default)')
    .option('--device <device>', 'auto | cpu | gpu | cuda | webgpu | dml | coreml', 'auto')
    .option('--transcript <file>', 'use this .srt/.vtt/.txt transcript (one file only)')
    .option('--fps <n>', 'face frames sampled per second', '5')
    .option('--asr', 'allow speech-to-text (Whisper, local model) when no transcript file applies')
    .option('--no-cache', 'do not read or write the feature cache')
    .option('--face-crop <mode>', FACE_CROP_HELP, 'auto')
    .action(async (files: string[], opts: AnalyzeCliOptions) => {
      const device = parseDevicePref(opts.device);
      const fps = Number(opts.fps);
      const faceCrop = parseFaceCropMode(opts.faceCrop);
      if (!(fps > 0 && fps <= 30)) throw new AppError('InvalidArgument', `--fps ${opts.fps} is not allowed; use a number in (0, 30].`);
      if (opts.transcript && files.length > 1) throw new AppError('InvalidArgument', '--transcript applies to one file; give one file or use sidecar transcripts.');
      // loaded on use: the CLI starts fast for every other command
      const { analyzeClip } = await import('../../core/pipeline/analyze-clip.ts');
      const { createPipelineWorkers } = await import('../../core/pipeline/worker-pools.ts');
      await asrPreflight(Boolean(opts.asr));
      const ac = sigintController();
      const results: (ClipResult | { file: string; error: { kind: string; message: string } })[] = [];
      let badInput = false;
      const workers = createPipelineWorkers(); // one set for every file of this call
      try {
        for (const file of files) {
          const ctx = { ...makeContext({ signal: ac.signal, onProgress: stderrProgress(file) }), workers };
          try {
            const r = await analyzeClip(file, ctx, {
              device,
              fps,
              faceCrop,
              allowAsr: Boolean(opts.asr),
              ...(opts.model ? { model: opts.model } : {}),
              ...(opts.transcript ? { transcriptPath: opts.transcript } : {}),
              ...(opts.cache ? {} : { cache: null }),
            });
            if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
            results.push(r);
            if (!opts.json) process.stdout.write(`${humanSummary(r)}\n`);
          } catch (e) {
            const err = toAppError(e, file);
            // One file: let the error decide the exit code. Several: report and go on.
            if (files.length === 1 || err.kind === 'Canceled' || !err.isBadInput) throw err;
            badInput = true;
            process.stderr.write(`corrkd: ${err.kind}: ${err.message}\n`);
            results.push({ file, error: { kind: err.kind, message: err.message } });
          }
        }
        if (opts.json) printJson(files.length === 1 ? results[0] : results);
        if (badInput) process.exitCode = 2;
      } finally {
        await workers.close(); // the threads would keep the process alive
      }
    });
}
