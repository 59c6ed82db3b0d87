/** The human-readable table `corrkd eval` prints without --json: percentages for Acc/F1, raw MAE and r. */
import { FIXED_CONDITIONS, INCOMPLETE_CONDITIONS } from '../missingness/conditions.ts';
import type { MetricsJson } from './metrics-json.ts';
import type { EvalReport } from './types.ts';

const COLS: Array<{ head: string; key: keyof MetricsJson; pct: boolean }> = [
  { head: 'Acc2-Has0', key: 'acc2_has0', pct: true },
  { head: 'F1-Has0', key: 'f1_has0', pct: true },
  { head: 'Acc2-Non0', key: 'acc2_non0', pct: true },
  { head: 'F1-Non0', key: 'f1_non0', pct: true },
  { head: 'Acc7', key: 'acc7', pct: true },
  { head: 'Acc5', key: 'acc5', pct: true },
  { head: 'MAE', key: 'mae', pct: false },
  { head: 'Corr', key: 'corr', pct: false },
];

export function formatMetric(v: number | null, pct: boolean): string {
  if (v === null) return '-';
  return pct ? (100 * v).toFixed(2) : v.toFixed(4);
}

export function formatEvalTable(r: EvalReport, header: string[] = []): string {
  const rows: Array<[string, MetricsJson]> = [];
  if (r.conditions) {
    for (const c of FIXED_CONDITIONS) rows.push([c === 'lav' ? 'lav (complete)' : c, r.conditions[c]]);
    if (r.avg) rows.push([`Avg (${INCOMPLETE_CONDITIONS.join(',')})`, r.avg]);
  } else if (r.rates) {
    for (const x of r.rates) rows.push([`p=${x.p.toFixed(1)}`, x.metrics]);
  } else {
    rows.push(['complete', r.metrics]);
  }
  const first = Math.max(9, ...rows.map(([k]) => k.length));
  const w = 10;
  const line = (cells: string[]): string => cells[0]!.padEnd(first) + cells.slice(1).map((c) => c.padStart(w)).join('');
  const out = [...header];
  if (header.length) out.push('');
  out.push(line([r.protocol === 'random' ? 'rate' : 'condition', 'n', ...COLS.map((c) => c.head)]));
  for (const [k, m] of rows) out.push(line([k, String(m.n ?? '-'), ...COLS.map((c) => formatMetric(m[c.key], c.pct))]));
  out.push('', 'Acc/F1 in %, MAE in label units, Corr = Pearson r; Non0 drops samples whose label is 0.');
  return `${out.join('\n')}\n`;
}
