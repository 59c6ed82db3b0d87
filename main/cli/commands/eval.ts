import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { makeContext, type StageContext } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import type { PackInfo } from '../../core/inference/pack-info.ts';
import { DEVICE_PREFS, parseDevicePref, type DevicePref } from '../../core/inference/providers.ts';
import { EVAL_SPLITS, parseEvalSplit, type EvalData, type EvalSource } from '../../training/eval/eval-data.ts';
import { PROTOCOLS, parseProtocol, type Protocol } from '../../training/eval/protocols.ts';
import type { PackEvalReport } from '../../training/eval/evaluate-pack.ts';
import type { LossHistory } from '../../training/report/render-report.ts';
import { stderrProgress } from '../progress.ts';
import { printJson, sigintController } from '../run.ts';
import { intOption } from '../options.ts';

interface EvalOpts {
  model: string;
  data?: string;
  transcripts?: string;
  split?: string;
  protocol: string;
  seed: string;
  batchSize: string;
  device: string;
  report?: string;
  run?: string;
  json?: boolean;
}

/**
 * `corrkd eval --model PACKDIR (--data X | --transcripts CSV) [--split S] [--protocol P] [--seed S]
 * [--json] [--report FILE.html]` (DESIGN 8): the pack's student.onnx in onnxruntime-node under a
 * missing-modality protocol. With --transcripts every row is scored unless --split narrows it.
 * --report writes a self-contained HTML page with the fixed table and F1 against the missing rate
 * (it runs both protocols whatever --protocol says).
 */
export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('evaluate a model pack under the complete, fixed or random missing-modality protocol')
    .requiredOption('--model <packdir>', 'model pack folder (manifest.json + student.onnx)')
    .option('--data <path>', 'feature dataset folder (corrkd dataset build), transcript CSV or pickle')
    .option('--transcripts <csv>', 'transcript-only CSV: id,text,label[,mode]; every row is evaluated')
    .option('--split <name>', `${EVAL_SPLITS.join('|')} (default: all for a CSV, test otherwise)`)
    .option('--protocol <name>', PROTOCOLS.join('|'), 'complete')
    .option('--seed <n>', "seed of the random protocol's step masks (the same for every model)", '1')
    .option('--batch-size <n>', 'samples per onnxruntime call', '128')
    .option('--device <name>', `onnxruntime device: ${DEVICE_PREFS.join('|')}`, 'cpu')
    .option('--report <file.html>', 'also write a self-contained HTML report (fixed table, F1 against p)')
    .option('--run <rundir>', 'with --report: add the loss curves of this training run')
    .option('--json', 'print the result as one JSON document on stdout')
    .action(async (opts: EvalOpts) => {
      const { resolveDataSource } = await import('../../training/eval/run-data-source.ts');
      const src: EvalSource = resolveDataSource({ data: opts.data, transcripts: opts.transcripts });
      const protocol = parseProtocol(opts.protocol);
      const split = opts.split === undefined ? undefined : parseEvalSplit(opts.split);
      const seed = intOption('--seed', opts.seed, 0, 0xffffffff);
      const batchSize = intOption('--batch-size', opts.batchSize, 1, 65_536);
      const device = parseDevicePref(opts.device);
      if (opts.run && !opts.report) throw new AppError('InvalidArgument', '--run only adds loss curves to --report; give --report FILE.html too.');
      const ac = sigintController();
      const ctx = makeContext({
        signal: ac.signal,
        onProgress: stderrProgress('eval'),
        log: (level, message) => {
          if (level === 'warn' || level === 'error') process.stderr.write(`${level}: ${message}\n`);
        },
      });
      const { loadEvalData } = await import('../../training/eval/eval-data.ts');
      const pack = await openPack(opts.model);
      const data = await loadEvalData(src, pack, split, ctx);
      for (const n of data.notes) process.stderr.write(`note: ${n}\n`);
      const run = (p: Protocol): Promise<PackEvalReport> => evaluate(pack, data, p, { seed, batchSize, device, ctx });
      const report = await run(protocol);
      if (opts.report) {
        const fixed = protocol === 'fixed' ? report : await run('fixed');
        const random = protocol === 'random' ? report : await run('random');
        await writeReport(opts.report, { pack, data, src, fixed, random, seed, ...(opts.run ? { runDir: opts.run } : {}) });
      }
      if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
      const { evalJson } = await import('../../training/eval/eval-json.ts');
      const context = {
        model: { id: pack.id, version: pack.version, dir: pack.dir },
        data: { path: src.path, kind: src.kind, split: data.splitName, source: data.source },
        ...(report.provider ? { provider: report.provider } : {}),
        notes: data.notes,
      };
      if (opts.json) {
        printJson(evalJson(report, context));
      } else {
        const { formatEvalTable } = await import('../../training/eval/eval-table.ts');
        const header = [
          `model     ${pack.id} ${pack.version} (${pack.dir})`,
          `data      ${src.path}, split ${data.splitName}, n = ${report.n}`,
          `protocol  ${protocol}${protocol === 'random' ? ` (seed ${seed})` : ''}; ${report.runner}`,
        ];
        process.stdout.write(formatEvalTable(report, header));
        if (opts.report) process.stdout.write(`report    ${opts.report}\n`);
      }
    });
}

/** The pack, checksums verified (training/eval/pack-for-eval.ts). */
async function openPack(dir: string): Promise<PackInfo> {
  const { readPackForEval } = await import('../../training/eval/pack-for-eval.ts');
  return readPackForEval(dir);
}

async function evaluate(
  pack: PackInfo,
  data: EvalData,
  protocol: Protocol,
  o: { seed: number; batchSize: number; device: DevicePref; ctx: StageContext },
): Promise<PackEvalReport> {
  const { evaluatePack } = await import('../../training/eval/evaluate-pack.ts');
  return evaluatePack(pack, data.split, protocol, o);
}

async function writeReport(
  file: string,
  r: { pack: PackInfo; data: EvalData; src: EvalSource; fixed: PackEvalReport; random: PackEvalReport; seed: number; runDir?: string },
): Promise<void> {
  const { renderReportHtml } = await import('../../training/report/render-report.ts');
  const history = r.runDir ? await runHistory(r.runDir) : undefined;
  const html = renderReportHtml({
    title: `CorrKD evaluation: ${r.pack.id} ${r.pack.version}`,
    facts: [
      ['model pack', `${r.pack.id} ${r.pack.version} (${r.pack.dir})`],
      ['trained modalities', r.pack.trainedModalities.map((m) => ({ l: 'text', a: 'audio', v: 'visual' })[m]).join(', ')],
      ['data', `${r.src.path} (${r.data.source})`],
      ['split', `${r.data.splitName}, n = ${r.fixed.n}`],
      ['runner', r.fixed.runner],
      ['random protocol seed', String(r.seed)],
    ],
    fixed: r.fixed,
    random: r.random,
    ...(history ? { history } : {}),
    notes: r.data.notes,
  });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, html);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new AppError('FileUnreadable', `Cannot write the report ${file}: ${(e as Error).message}`, { file, cause: e });
  }
}

/** Per-epoch train/valid losses of each stage, from RUNDIR/run.json. */
async function runHistory(runDir: string): Promise<LossHistory[]> {
  const { readRunHistory } = await import('../../training/report/run-history.ts');
  return readRunHistory(runDir);
}
