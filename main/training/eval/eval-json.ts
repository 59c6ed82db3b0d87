/**
 * The one JSON document `corrkd eval --json` prints (DESIGN 8): the complete-input metrics at the
 * top level (exact keys of METRIC_KEYS), then `conditions` + `avg` (fixed) or `rates` (random), then
 * what was evaluated. Fractions in 0..1; nothing is rounded.
 */
import { FIXED_CONDITIONS, type Condition } from '../missingness/conditions.ts';
import { METRIC_KEYS, type MetricsJson } from './metrics-json.ts';
import type { EvalReport } from './types.ts';

export interface EvalContext {
  model: { id: string; version: string; dir: string };
  data: { path: string; kind: 'data' | 'transcripts'; split: string; source: string };
  provider?: string;
  notes: string[];
}

function ordered(m: MetricsJson): MetricsJson {
  return Object.fromEntries(METRIC_KEYS.map((k) => [k, m[k]])) as MetricsJson;
}

export function evalJson(r: EvalReport, c: EvalContext): Record<string, unknown> {
  const doc: Record<string, unknown> = { ...ordered(r.metrics) };
  if (r.conditions) {
    doc.conditions = Object.fromEntries(FIXED_CONDITIONS.map((k: Condition) => [k, ordered(r.conditions![k])]));
  }
  if (r.avg) doc.avg = ordered(r.avg);
  if (r.rates) doc.rates = r.rates.map((x) => ({ p: x.p, metrics: ordered(x.metrics) }));
  doc.protocol = r.protocol;
  if (r.seed !== undefined) doc.seed = r.seed;
  doc.model = c.model;
  doc.data = c.data;
  doc.runner = r.runner;
  if (c.provider) doc.provider = c.provider;
  doc.notes = c.notes;
  return doc;
}
