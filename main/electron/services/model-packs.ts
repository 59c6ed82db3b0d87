import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_PACK_DIR } from '../../core/inference/pack.ts';
import { describePack, packDirsIn } from '../../core/inference/pack-catalogue.ts';
import { MODELS_DIR } from '../../core/paths.ts';
import { textV1Status } from '../../core/features/text/text-v2.ts';
import type { EvalReport, Metrics, ModelPack, ModelsReply } from '../../../preload/contract.ts';

/** Folders holding packs: the bundled ones, the analyst's exported ones, and the active one. */
export function packRoots(userPacksDir: string): { dir: string; bundled: boolean }[] {
  return [
    { dir: MODELS_DIR, bundled: true },
    { dir: userPacksDir, bundled: false },
  ];
}

const CONDITIONS = ['l', 'a', 'v', 'la', 'lv', 'av', 'lav'] as const;
const metricsSchema = z.record(z.string(), z.number().nullable());
/** An evaluation stored by the window (training:evaluate), read back with zod (STYLE habit 3). */
export const storedEvalSchema = z.object({
  n: z.number().optional(),
  metrics: metricsSchema.optional(),
  conditions: z.record(z.string(), metricsSchema).optional(),
  avg: metricsSchema.optional(),
  rates: z.array(z.object({ p: z.number(), metrics: metricsSchema })).optional(),
});

/** The manifest's metrics table (row -> metrics) as the view's EvalReport: condition rows become the fixed-protocol table. */
function evalFromTable(table: Record<string, Metrics>): EvalReport {
  const conditions = Object.fromEntries(CONDITIONS.filter((c) => table[c]).map((c) => [c, table[c]!]));
  const report: EvalReport = {};
  if (Object.keys(conditions).length > 0) report.conditions = conditions;
  if (table.avg) report.avg = table.avg;
  const first = table.lav ?? table.test ?? table.valid ?? Object.values(table)[0];
  if (first) report.metrics = first;
  return report;
}

/** The core's verified entry (pack-catalogue.ts) plus what the window adds: bundled, active, evaluations. */
function describeForWindow(dir: string, bundled: boolean, activeDir: string, evalDir: string): ModelPack {
  const e = describePack(dir);
  let raw: unknown = null;
  try {
    raw = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as unknown; // as stored, for the manifest panel
  } catch {
    /* the entry's problem says why */
  }
  const m = e.manifest;
  return {
    dir,
    id: e.id,
    version: e.version,
    created: e.created,
    trainedModalities: e.trainedModalities,
    licence: e.licence ? { id: e.licence.id, commercialUse: e.licence.commercialUse, notice: e.licence.notice } : null,
    bundled,
    active: path.resolve(dir) === path.resolve(activeDir),
    problem: e.problem,
    manifest: raw,
    evaluation: m ? { ...evalFromTable(m.metrics.table), ...storedEvaluations(evalDir, m.id, m.version) } : null,
  };
}

/** Evaluations the window ran for this pack (evaluations/<id>-<version>-<protocol>.json). */
export function storedEvaluations(evalDir: string, id: string, version: string): EvalReport {
  const out: EvalReport = {};
  for (const protocol of ['fixed', 'random'] as const) {
    const file = evaluationFile(evalDir, id, version, protocol);
    if (!existsSync(file)) continue;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      continue; // unreadable or cut short (written when the app stopped): as if not there, like one that does not validate
    }
    const parsed = storedEvalSchema.safeParse(json);
    if (!parsed.success) continue;
    if (protocol === 'fixed') {
      if (parsed.data.conditions) out.conditions = parsed.data.conditions;
      if (parsed.data.avg) out.avg = parsed.data.avg;
    } else if (parsed.data.rates) {
      out.rates = parsed.data.rates;
    }
  }
  return out;
}

export function evaluationFile(evalDir: string, id: string, version: string, protocol: string): string {
  return path.join(evalDir, `${id}-${version}-${protocol}.json`.replace(/[^A-Za-z0-9._-]/g, '_'));
}

export async function listModels(opts: { userPacksDir: string; activePack: string | null; knownPacks: readonly string[]; evalDir: string }): Promise<ModelsReply> {
  const activeDir = opts.activePack ?? DEFAULT_PACK_DIR;
  const dirs: { dir: string; bundled: boolean }[] = [];
  for (const root of packRoots(opts.userPacksDir)) {
    for (const dir of packDirsIn(root.dir)) dirs.push({ dir, bundled: root.bundled });
  }
  for (const dir of [...opts.knownPacks, activeDir]) {
    if (!dirs.some((d) => path.resolve(d.dir) === path.resolve(dir))) dirs.push({ dir, bundled: false });
  }
  const packs = dirs.map((d) => describeForWindow(d.dir, d.bundled, activeDir, opts.evalDir));
  const t = textV1Status();
  return {
    packs,
    activeDir,
    textVectors: t.present ? { ready: true, detail: `text-v1: ${t.count} words x ${t.dims}` } : { ready: false, detail: `text-v1 missing: ${t.reason}` },
  };
}
