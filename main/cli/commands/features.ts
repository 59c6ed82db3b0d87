import type { Command } from 'commander';
import { makeContext } from '../../core/context.ts';
import type { ClipFeatures } from '../../core/pipeline/clip-features.ts';
import { MODALITIES } from '../../core/types.ts';
import { FACE_CROP_HELP, parseFaceCropMode } from '../../core/features/visual/face-crop.ts';
import { printJson, sigintController } from '../run.ts';
import { asrPreflight } from '../asr-preflight.ts';
import { stderrProgress } from '../progress.ts';

/** What analyze sees before the model (DESIGN 8): modalities, usability, transcript, utterances. */
export function featuresSummary(f: ClipFeatures) {
  return {
    file: f.file,
    sha256: f.sha256,
    durationSec: f.durationSec,
    modalities: f.modalities,
    transcript: { source: f.transcript.source, origin: f.transcript.origin ?? null, text: f.transcript.text, attempts: f.transcript.attempts },
    speech: f.speech,
    utterances: f.utterances.map((u) => ({
      start: u.start,
      end: u.end,
      text: u.text,
      words: u.words.length,
      steps: Object.fromEntries(MODALITIES.map((m) => [m, u.steps[m].stepMask.reduce((a, b) => a + b, 0)])),
    })),
    timingsMs: f.timingsMs,
    warnings: f.warnings,
  };
}

export function registerFeatures(program: Command): void {
  program
    .command('features')
    .description('extract what the model sees from one clip: modalities, usability with reasons, transcript, utterances')
    .argument('<file>', 'video or audio file')
    .option('--json', 'print one JSON document on stdout')
    .option('--fps <n>', 'face frames sampled per second', '5')
    .option('--transcript <file>', 'use this .srt/.vtt/.txt transcript')
    .option('--asr', 'allow speech-to-text (Whisper) when no transcript file applies')
    .option('--no-cache', 'do not read or write the feature cache')
    .option('--face-crop <mode>', FACE_CROP_HELP, 'auto')
    .action(async (file: string, opts: { json?: boolean; fps: string; transcript?: string; asr?: boolean; cache: boolean; faceCrop: string }) => {
      const faceCrop = parseFaceCropMode(opts.faceCrop);
      const { extractClipFeatures } = await import('../../core/pipeline/clip-features.ts');
      const { createPipelineWorkers } = await import('../../core/pipeline/worker-pools.ts');
      await asrPreflight(Boolean(opts.asr));
      const ac = sigintController();
      const workers = createPipelineWorkers();
      const ctx = { ...makeContext({ signal: ac.signal, onProgress: stderrProgress(file) }), workers };
      try {
        const f = await extractClipFeatures(file, ctx, {
          fps: Number(opts.fps),
          faceCrop,
          allowAsr: Boolean(opts.asr),
          ...(opts.transcript ? { transcriptPath: opts.transcript } : {}),
          ...(opts.cache ? {} : { cache: null }),
        });
        const s = featuresSummary(f);
        if (opts.json) {
          printJson(s);
          return;
        }
        const lines = [`${f.file}  (${f.durationSec.toFixed(1)} s)`];
        for (const m of MODALITIES) {
          const v = f.modalities[m];
          lines.push(`  ${m.padEnd(7)} ${v.usable ? 'usable  ' : 'unusable'} coverage ${(100 * v.coverage).toFixed(0)}%${v.reason ? `  - ${v.reason}` : ''}`);
        }
        lines.push(`  transcript (${f.transcript.source}): ${f.transcript.text.slice(0, 200)}`);
        lines.push(`  utterances: ${f.utterances.length}`);
        for (const w of f.warnings) lines.push(`  note: ${w}`);
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        await workers.close(); // the threads would keep the process alive
      }
    });
}
