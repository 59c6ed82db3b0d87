import type { Command } from 'commander';
import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { makeContext, type StageContext } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { licenceSchema, type PackLicence } from '../../core/inference/manifest-schema.ts';
import type { EvalSource } from '../../training/eval/eval-data.ts';
import type { RunData } from '../../training/eval/run-data-source.ts';
import type { PackEvalReport } from '../../training/eval/evaluate-pack.ts';
import type { SplitData } from '../../core/dataset/feature-dataset.ts';
import { stderrProgress } from '../progress.ts';
import { printJson, sigintController } from '../run.ts';

interface ExportOpts {
  run: string;
  out: string;
  id?: string;
  packVersion?: string;
  teacher?: boolean;
  data?: string;
  transcripts?: string;
  eval: boolean;
  json?: boolean;
  licence?: string;
  description?: string;
}

/**
 * `corrkd export-onnx --run RUNDIR --out PACKDIR` (DESIGN 7, 8): the run's student as a model pack
 * (student.onnx + manifest.json, checked against tfjs). The manifest's evaluation table is the
 * fixed missing-modality protocol run on the exported student.onnx in onnxruntime-node over the
 * run's validation split (the data recorded by `corrkd train`, or --data/--transcripts), i.e. the
 * dev metrics of exactly what the app will run.
 */
export function registerExportOnnx(program: Command): void {
  program
    .command('export-onnx')
    .description("export a training run's student as a model pack (student.onnx + manifest.json)")
    .requiredOption('--run <rundir>', 'training run folder (corrkd train --out)')
    .requiredOption('--out <packdir>', 'model pack folder to write')
    .option('--id <id>', 'pack id (default: corrkd-<run folder name>)')
    .option('--pack-version <v>', 'pack version (default 1.0.0; --version is the CLI\'s own)')
    .option('--teacher', 'also export teacher.onnx')
    .option('--data <path>', "the run's training data, when it moved since `corrkd train`")
    .option('--transcripts <csv>', "the run's transcript CSV, when it moved since `corrkd train`")
    .option('--no-eval', 'skip the fixed-protocol evaluation on the validation split')
    .option('--licence <file>', 'JSON with the pack\'s terms of use: {"id", "commercialUse", "notice", "sources": [{"name", "licence", "url"?}]}')
    .option('--description <text>', 'training description for the manifest (default: the data source)')
    .option('--json', 'print the result as one JSON document on stdout')
    .action(async (opts: ExportOpts) => {
      if (opts.data && opts.transcripts) throw new AppError('InvalidArgument', 'Give at most one of --data PATH or --transcripts CSV.');
      const licence = opts.licence ? readLicence(opts.licence) : undefined;
      const ac = sigintController();
      const ctx = makeContext({ signal: ac.signal, onProgress: stderrProgress('export') });
      const { runFiles } = await import('../../training/trainer/run-files.ts');
      if (!existsSync(runFiles(opts.run).student)) {
        throw new AppError('ModelMissing', `${opts.run} has no trained student (student.weights.bin); finish \`corrkd train\` first.`, { file: runFiles(opts.run).student });
      }
      // the data is checked before anything is written, so a bad --data does not leave a half-made pack
      const valid = opts.eval ? await validSplit(opts, ctx) : null;
      const { exportModelPack } = await import('../../training/export/pack.ts');
      const res = await exportModelPack(
        { runDir: opts.run, outDir: opts.out, ...(opts.id ? { id: opts.id } : {}), ...(opts.packVersion ? { version: opts.packVersion } : {}), includeTeacher: Boolean(opts.teacher), ...(licence ? { licence } : {}), ...(opts.description ? { description: opts.description } : {}) },
        ctx,
      );
      let report: PackEvalReport | null = null;
      if (valid && valid.split.n > 0) {
        const { evaluatePack } = await import('../../training/eval/evaluate-pack.ts');
        report = await evaluatePack(opts.out, valid.split, 'fixed', { ctx });
        await storeTable(opts.out, report, valid.src);
      } else if (valid) {
        process.stderr.write(`\nnote: the run's data has no validation samples; the manifest keeps the training-time metrics.\n`);
      }
      if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
      const { readManifest } = await import('../../training/eval/pack-for-eval.ts');
      const manifest = readManifest(opts.out);
      if (opts.json) {
        const { evalJson } = await import('../../training/eval/eval-json.ts');
        printJson({
          dir: path.resolve(opts.out),
          id: manifest.id,
          version: manifest.version,
          files: manifest.files,
          parityMaxAbsDiff: res.parityMaxAbsDiff ?? null,
          trainedModalities: manifest.trainedModalities,
          eval: report && valid
            ? evalJson(report, {
                model: { id: manifest.id, version: manifest.version, dir: path.resolve(opts.out) },
                data: { path: valid.src.sources.map((x) => x.path).join(' + '), kind: valid.src.sources[0]!.kind, split: 'valid', source: manifest.training.source },
                ...(report.provider ? { provider: report.provider } : {}),
                notes: [],
              })
            : null,
        });
      } else {
        const lines = [
          `pack      ${path.resolve(opts.out)} (${manifest.id} ${manifest.version})`,
          `files     ${Object.keys(manifest.files).join(', ')} + manifest.json`,
          `check     onnxruntime vs tfjs max |diff| ${res.parityMaxAbsDiff?.toExponential(2) ?? 'not run'}`,
          `modalities trained: ${manifest.trainedModalities.join(', ')}`,
          `licence   ${manifest.licence ? `${manifest.licence.id}${manifest.licence.commercialUse ? '' : ' (non-commercial use only)'}` : 'not stated (--licence FILE)'}`,
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
        if (report) {
          const { formatEvalTable } = await import('../../training/eval/eval-table.ts');
          process.stdout.write(`\n${formatEvalTable(report, [`fixed protocol on the validation split (n = ${report.n}), stored in manifest.json`])}`);
        }
      }
    });
}

/** A licence file (--licence), validated before anything is written. */
function readLicence(file: string): PackLicence {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AppError('InvalidArgument', `--licence ${file} cannot be read as JSON: ${(e as Error).message}`, { file, cause: e });
  }
  const r = licenceSchema.safeParse(raw);
  if (!r.success) throw new AppError('InvalidArgument', `--licence ${file} is not a licence: ${r.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}.`, { file });
  return r.data;
}

/** The run's validation split, loaded exactly as training loaded it and checked against the checkpoint's fingerprint. */
async function validSplit(opts: ExportOpts, ctx: StageContext): Promise<{ split: SplitData; src: RunData }> {
  const { readRunDataSource, loadRunData, runDataOf, describeRunData, resolveDataSource } = await import('../../training/eval/run-data-source.ts');
  const given: EvalSource | null = opts.transcripts || opts.data ? resolveDataSource({ data: opts.data, transcripts: opts.transcripts }) : null;
  const src = given ? runDataOf(given) : readRunDataSource(opts.run);
  if (!src) {
    throw new AppError(
      'InvalidArgument',
      `${opts.run} does not record its training data (train-data.json); pass --data PATH or --transcripts CSV, or --no-eval.`,
      { file: opts.run },
    );
  }
  const ds = await loadRunData(src, ctx);
  const { runFiles } = await import('../../training/trainer/run-files.ts');
  const { dataFingerprint, loadCheckpoint } = await import('../../training/trainer/checkpoint.ts');
  const ckFile = runFiles(opts.run).checkpoint;
  if (existsSync(ckFile)) {
    const want = loadCheckpoint(ckFile).meta.data.sha256;
    if (dataFingerprint(ds).sha256 !== want) {
      throw new AppError('InvalidArgument', `${describeRunData(src)} is not the data run ${opts.run} was trained on (its fingerprint differs from the checkpoint's).`, { file: src.sources[0]!.path });
    }
  }
  return { split: ds.splits.valid, src };
}

/** Replaces the manifest's metrics with the fixed-protocol table (the checksums cover the model files, not the manifest). */
async function storeTable(packDir: string, r: PackEvalReport, src: RunData): Promise<void> {
  const { readManifest } = await import('../../training/eval/pack-for-eval.ts');
  const { MANIFEST_FILE, modelManifestSchema } = await import('../../core/inference/manifest-schema.ts');
  const { writeJsonAtomic } = await import('../../training/trainer/run-files.ts');
  const m = readManifest(packDir);
  const table: Record<string, Record<string, number | null>> = { ...r.conditions!, avg: r.avg! };
  m.metrics = {
    source: `fixed missing-modality protocol (kept subsets l..lav, avg over the six incomplete) on the validation split of the run's data (${src.sources.map((x) => path.basename(path.resolve(x.path))).join(' + ')}, n = ${r.n}); student.onnx in ${r.runner}; lav = complete inputs (dev metrics); fractions`,
    table,
  };
  const ok = modelManifestSchema.safeParse(m);
  if (!ok.success) throw new AppError('Internal', `Manifest with the evaluation table does not validate: ${ok.error.message}`);
  writeJsonAtomic(path.join(packDir, MANIFEST_FILE), ok.data);
}
