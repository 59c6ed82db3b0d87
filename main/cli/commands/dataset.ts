import type { Command } from 'commander';
import { makeContext, type Progress, type StageContext } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { T_STEPS } from '../../core/types.ts';
import type { BuildSummary } from '../../core/dataset/build-summary.ts';
import type { EmotionAudioBuildOptions } from '../../core/dataset/build-emotion-audio.ts';
import { printJson, sigintController } from '../run.ts';
import { asrPreflight } from '../asr-preflight.ts';
import type { FaceImageBuildOptions } from '../../core/dataset/build-face-images.ts';
import { FACE_CROP_HELP, parseFaceCropMode } from '../../core/features/visual/face-crop.ts';
import { intOption } from '../options.ts';

interface BuildOpts {
  csv?: string;
  transcripts?: string;
  out: string;
  seed: string;
  t: string;
  force?: boolean;
  asr?: boolean;
  json?: boolean;
  holdout?: string;
  emotionAudio?: string;
  faceImages?: string;
  config?: string;
  /** false with --no-text */
  text: boolean;
  faceCrop?: string;
  threads?: string;
}

/** `corrkd dataset build (--csv F | --transcripts F | --emotion-audio F | --face-images D) --out DIR` (DESIGN 8; format: core/dataset/FORMAT.md). */
export function registerDataset(program: Command): void {
  const dataset = program.command('dataset').description('build feature datasets for training');
  dataset
    .command('build')
    .description('build a feature dataset folder from labelled clips (--csv), a transcript-only CSV (--transcripts), an emotional-speech corpus (--emotion-audio) or labelled face images (--face-images)')
    .option('--csv <file>', 'clips CSV: path,label[,split][,transcript] (paths relative to the CSV)')
    .option('--transcripts <file>', 'transcript CSV: id,text,label[,mode] (mode train/dev/valid/test)')
    .option('--emotion-audio <file>', 'emotional speech CSV: file,emotion[,intensity][,text][,speaker][,split] (labels from the emotion table, splits by speaker)')
    .option('--face-images <dir-or-csv>', 'face images: a folder of emotion sub-folders (DIR/<emotion>/*.jpg), or a CSV file,emotion[,split][,person]')
    .option('--config <file>', '--emotion-audio, --face-images: dataset config JSON (column renames, emotion overrides, groups per split; text on/off for --emotion-audio)')
    .option('--no-text', '--emotion-audio: ignore the text column (audio-only samples, as the app sees a clip without transcript)')
    .option('--face-crop <mode>', `${FACE_CROP_HELP} (default: on for --face-images, auto for --csv)`)
    .option('--threads <n>', '--face-images: face worker threads (default: half the cores, at least 2)')
    .requiredOption('--out <dir>', 'output folder (must be new or empty unless --force)')
    .option('--seed <n>', 'seed of the 80/10/10 split for rows without a split', '0')
    .option('--holdout <fraction>', '--transcripts: hold out this share (0..1) of the train videos as test, by a hash of the video id')
    .option('--t <steps>', 'steps per sample', String(T_STEPS))
    .option('--force', 'replace an existing output folder once the new one is complete')
    .option('--asr', '--csv: speech recognition (Whisper, local model) for clips without a transcript')
    .option('--json', 'print the summary as one JSON document on stdout')
    .action(async (opts: BuildOpts) => {
      if ([opts.csv, opts.transcripts, opts.emotionAudio, opts.faceImages].filter(Boolean).length !== 1) {
        throw new AppError('InvalidArgument', 'Give exactly one of --csv FILE, --transcripts FILE, --emotion-audio FILE or --face-images DIR_OR_CSV.');
      }
      if (opts.config && !opts.emotionAudio && !opts.faceImages) throw new AppError('InvalidArgument', '--config applies to --emotion-audio and --face-images only.');
      if (!opts.text && !opts.emotionAudio) throw new AppError('InvalidArgument', '--no-text applies to --emotion-audio only.');
      const faceCrop = opts.faceCrop === undefined ? undefined : parseFaceCropMode(opts.faceCrop);
      if (faceCrop && !opts.faceImages && !opts.csv) throw new AppError('InvalidArgument', '--face-crop applies to --face-images and --csv only.');
      if (opts.threads && !opts.faceImages) throw new AppError('InvalidArgument', '--threads applies to --face-images only.');
      const threads = opts.threads ? intOption('--threads', opts.threads, 1, 64) : undefined;
      const seed = intOption('--seed', opts.seed, 0, 2 ** 32 - 1);
      const T = intOption('--t', opts.t, 1, 10_000);
      if (opts.csv) await asrPreflight(Boolean(opts.asr));
      // Read before any work starts, so a bad config fails at once with its file and field.
      const config = opts.config ? (await import('../../core/dataset/dataset-config.ts')).readDatasetConfig(opts.config) : undefined;
      const ac = sigintController();
      const ctx = makeContext({
        signal: ac.signal,
        onProgress: stderrProgress(),
        log: (level, message) => {
          if (level === 'warn' || level === 'error') process.stderr.write(`\n${level}: ${message}\n`);
        },
      });
      const common = { T, seed, overwrite: Boolean(opts.force) };
      const holdout = opts.holdout === undefined ? undefined : fractionOption('--holdout', opts.holdout);
      if (holdout !== undefined && !opts.transcripts) throw new AppError('InvalidArgument', '--holdout applies to --transcripts only.');
      // Loaded on use: the builders pull in the feature extractors, which other commands do not need.
      const summary = opts.transcripts
        ? await (await import('../../core/dataset/build-transcripts.ts')).buildTranscriptDataset(opts.transcripts, opts.out, { ...common, ...(holdout ? { holdout } : {}) }, ctx)
        : opts.faceImages
          ? await buildFromFaceImages(opts.faceImages, opts.out, { ...common, ...(faceCrop ? { faceCrop } : {}), ...(threads ? { threads } : {}), ...(config ? { config } : {}) }, ctx)
          : await buildFromClips(
              opts.csv ?? opts.emotionAudio!,
              opts.out,
              { ...common, allowAsr: Boolean(opts.asr), ...(config ? { config } : {}), noText: !opts.text, ...(faceCrop ? { faceCrop } : {}) },
              opts.emotionAudio ? 'emotion-audio' : 'csv',
              ctx,
            );
      process.stderr.write('\n');
      if (opts.json) printJson(summaryJson(summary));
      else process.stdout.write(summaryText(summary));
    });
}

async function buildFromClips(
  csv: string,
  out: string,
  opts: EmotionAudioBuildOptions,
  kind: 'csv' | 'emotion-audio',
  ctx: StageContext,
): Promise<BuildSummary> {
  // the builder starts the pipeline's threads and closes them when it ends
  if (kind === 'emotion-audio') return (await import('../../core/dataset/build-emotion-audio.ts')).buildEmotionAudioDataset(csv, out, opts, ctx);
  return (await import('../../core/dataset/build-clips.ts')).buildClipDataset(csv, out, opts, ctx);
}

async function buildFromFaceImages(input: string, out: string, opts: FaceImageBuildOptions, ctx: StageContext): Promise<BuildSummary> {
  // its own pool of face workers, closed by the builder
  return (await import('../../core/dataset/build-face-images.ts')).buildFaceImageDataset(input, out, opts, ctx);
}

function fractionOption(name: string, raw: string): number {
  const v = Number(raw);
  if (!Number.isFinite(v) || v < 0 || v >= 1) throw new AppError('InvalidArgument', `${name} must be a number in [0, 1), got '${raw}'.`);
  return v;
}

/** One updating line on a terminal; otherwise a line per 10% so logs stay short. */
function stderrProgress(): (p: Progress) => void {
  const tty = process.stderr.isTTY === true;
  let lastTenth = -1;
  return (p) => {
    if (p.type === 'message') {
      process.stderr.write(tty ? `\r\x1b[K${p.text}` : `${p.text}\n`);
      return;
    }
    if (p.type !== 'stage' || p.fraction === undefined) return;
    const line = `${p.stage} ${(p.fraction * 100).toFixed(0)}%${p.detail ? ` (${p.detail})` : ''}`;
    if (tty) process.stderr.write(`\r\x1b[K${line}`);
    else if (Math.floor(p.fraction * 10) !== lastTenth) {
      lastTenth = Math.floor(p.fraction * 10);
      process.stderr.write(`${line}\n`);
    }
  };
}

function summaryJson(s: BuildSummary) {
  return {
    out: s.out,
    samples: s.samples,
    splits: s.splits,
    failed: s.failed,
    failures: s.failures,
    warnings: s.warnings,
    durationSec: Number(s.durationSec.toFixed(3)),
    T: s.header.T,
    dims: { l: s.header.modalities.l.dim, a: s.header.modalities.a.dim, v: s.header.modalities.v.dim },
    modalitiesPresent: s.header.modalitiesPresent,
  };
}

function summaryText(s: BuildSummary): string {
  const h = s.header;
  const lines = [
    `dataset  ${s.out}`,
    `samples  ${s.samples} (train ${s.splits.train}, valid ${s.splits.valid}, test ${s.splits.test}) in ${s.durationSec.toFixed(1)} s`,
    `steps    T = ${h.T}; l ${h.modalities.l.extractor} ${h.modalities.l.dim}-d, a ${h.modalities.a.extractor} ${h.modalities.a.dim}-d, v ${h.modalities.v.extractor} ${h.modalities.v.dim}-d`,
    `present  ${h.modalitiesPresent.join(', ') || 'none'}`,
    `failed   ${s.failed}`,
    ...s.failures.slice(0, 20).map((f) => `  ${f.row ? `row ${f.row} (line ${f.line}) ` : ''}${f.file}: ${f.kind}: ${f.reason}`),
    ...(s.failures.length > 20 ? [`  ... and ${s.failures.length - 20} more (use --json for all)`] : []),
    ...s.warnings.map((w) => `note     ${w}`),
  ];
  return `${lines.join('\n')}\n`;
}
