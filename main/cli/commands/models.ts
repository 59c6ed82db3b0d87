import path from 'node:path';
import { MultiBar, Presets } from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { makeContext } from '../../core/context.ts';
import type { Progress } from '../../core/context.ts';
import { textV1Status } from '../../core/features/text/text-v2.ts';
import type { TextV1Status } from '../../core/features/text/text-v2.ts';
import { MODELS_DIR } from '../../core/paths.ts';
import { describePack, licenceLine, packDirsIn, type PackEntry } from '../../core/inference/pack-catalogue.ts';
import { ASR_MODELS, getAsrModel, userModelsDir } from '../../core/transcript/asr/asr-models.ts';
import { DEFAULT_REACH_TIMEOUT_MS, pullAsrModel } from '../../core/transcript/asr/model-pull.ts';
import { modelState } from '../../core/transcript/asr/model-store.ts';
import { printJson, sigintController } from '../run.ts';

/**
 * `corrkd models list [--json]`: bundled model packs (folders in models/ with a manifest.json, each
 * verified: checksums, io contract; with its licence), the text-v1 vocabulary, and the ASR models in
 * the user's model folder.
 * `corrkd models pull NAME [--timeout SEC] [--force]`: downloads an ASR model (progress on stderr).
 */

type ListedPack = Omit<PackEntry, 'manifest'>;

/** The packs in models/, verified, without their whole manifest (`models list --json` stays short). */
function listPacks(root: string = MODELS_DIR): ListedPack[] {
  return packDirsIn(root).map((dir) => {
    const { manifest: _manifest, ...rest } = describePack(dir);
    return rest;
  });
}

export interface ModelInventory {
  packs: ListedPack[];
  textV1: TextV1Status;
  asr: { folder: string; models: Array<{ name: string; repo: string; approxMB: number; present: boolean; bytes?: number; reason?: string }> };
}

export async function modelInventory(): Promise<ModelInventory> {
  const models = [];
  for (const spec of ASR_MODELS) {
    const st = await modelState(spec);
    models.push({
      name: spec.name,
      repo: spec.repo,
      approxMB: spec.approxMB,
      present: st.state === 'present',
      ...(st.state === 'present' ? { bytes: st.bytes } : { reason: st.reason }),
    });
  }
  return { packs: listPacks(), textV1: textV1Status(), asr: { folder: userModelsDir(), models } };
}

function formatInventory(inv: ModelInventory): string {
  const mb = (b: number): string => `${(b / 1e6).toFixed(1)} MB`;
  const lines = [`model packs (${MODELS_DIR})`];
  if (inv.packs.length === 0) lines.push('  none');
  for (const p of inv.packs) {
    if (p.problem) {
      lines.push(`  ${path.basename(p.dir)}  UNUSABLE: ${p.problem}`);
      continue;
    }
    lines.push(`  ${path.basename(p.dir)}  ${p.id} ${p.version}, trained on ${p.trainedModalities.join(' + ')}`);
    lines.push(`    ${licenceLine(p.licence)}`);
  }
  lines.push('text vectors');
  const t = inv.textV1;
  lines.push(t.present ? `  text-v1  ready: ${t.count} words x ${t.dims}, ${mb(t.bytes)}` : `  text-v1  MISSING: ${t.reason}`);
  lines.push(`speech recognition (${inv.asr.folder})`);
  for (const m of inv.asr.models) {
    lines.push(m.present ? `  ${m.name}  ready (${mb(m.bytes ?? 0)})` : `  ${m.name}  not downloaded (about ${m.approxMB} MB): corrkd models pull ${m.name}`);
  }
  return `${lines.join('\n')}\n`;
}

/** One progress bar per file on stderr, created when the file's first byte count arrives. */
function downloadBars(): { onProgress: (p: Progress) => void; stop: () => void } {
  const multi = new MultiBar({ stream: process.stderr, format: ' {file} |{bar}| {percentage}% {mb} MB', hideCursor: true, clearOnComplete: false }, Presets.shades_classic);
  const bars = new Map<string, ReturnType<MultiBar['create']>>();
  return {
    onProgress: (p) => {
      if (p.type !== 'download') return;
      const total = p.total ?? Math.max(p.loaded, 1);
      let bar = bars.get(p.file);
      if (!bar) {
        bar = multi.create(total, 0, { file: p.file, mb: '0.0' });
        bars.set(p.file, bar);
      }
      bar.setTotal(total);
      bar.update(p.loaded, { file: p.file, mb: (p.loaded / 1e6).toFixed(1) });
    },
    stop: () => multi.stop(),
  };
}

const parseSeconds = (v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a number of seconds > 0, got "${v}".`);
  return n;
};

export function registerModels(program: Command): void {
  // exitOverride on each level: run.ts sets it on the root after the commands are registered, and
  // commander does not pass it down then, so a bad option here would process.exit(1) instead of
  // reaching runCli (exit 2).
  const models = program.command('models').description('list or download the models the app uses').exitOverride();
  models
    .command('list')
    .exitOverride()
    .description('show model packs, the text-v1 vocabulary and downloaded speech recognition models')
    .option('--json', 'print one JSON document on stdout')
    .action(async (opts: { json?: boolean }) => {
      const inv = await modelInventory();
      if (opts.json) printJson(inv);
      else process.stdout.write(formatInventory(inv));
    });
  models
    .command('pull')
    .exitOverride()
    .description(`download a speech recognition model (${ASR_MODELS.map((m) => m.name).join(', ')})`)
    .argument('<name>', 'model name')
    .option('--timeout <sec>', 'how long to wait for the model hub to answer', parseSeconds, DEFAULT_REACH_TIMEOUT_MS / 1000)
    .option('--force', 'download again even when present')
    .option('--json', 'print one JSON document on stdout')
    .action(async (name: string, opts: { timeout: number; force?: boolean; json?: boolean }) => {
      const spec = getAsrModel(name); // unknown name: InvalidArgument listing the valid ones, before any network
      const ac = sigintController();
      const bars = downloadBars();
      try {
        const r = await pullAsrModel(spec.name, makeContext({ signal: ac.signal, onProgress: bars.onProgress }), { timeoutMs: opts.timeout * 1000, force: opts.force ?? false });
        bars.stop();
        const bytes = r.manifest.files.reduce((n, f) => n + f.bytes, 0);
        if (opts.json) printJson({ name: spec.name, repo: spec.repo, dir: r.dir, downloaded: r.downloaded, files: r.manifest.files.length, bytes });
        else process.stdout.write(`${spec.name}: ${r.downloaded ? 'downloaded' : 'already present'} in ${r.dir} (${r.manifest.files.length} files, ${(bytes / 1e6).toFixed(1)} MB)\n`);
      } finally {
        bars.stop();
      }
    });
}
