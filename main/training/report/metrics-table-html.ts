/** HTML tables of evaluation metrics: the fixed-missing protocol (six subsets, complete, Avg) and the random rates. */
import { FIXED_CONDITIONS, type Condition } from '../missingness/conditions.ts';
import type { MetricsJson } from '../eval/metrics-json.ts';
import { formatMetric } from '../eval/eval-table.ts';
import type { EvalReport } from '../eval/types.ts';
import { escapeHtml } from './escape-html.ts';

const COLS: Array<{ head: string; key: keyof MetricsJson; pct: boolean }> = [
  { head: 'Acc-2 (Has0)', key: 'acc2_has0', pct: true },
  { head: 'F1 (Has0)', key: 'f1_has0', pct: true },
  { head: 'Acc-2 (Non0)', key: 'acc2_non0', pct: true },
  { head: 'F1 (Non0)', key: 'f1_non0', pct: true },
  { head: 'Acc-7', key: 'acc7', pct: true },
  { head: 'Acc-5', key: 'acc5', pct: true },
  { head: 'MAE', key: 'mae', pct: false },
  { head: 'Corr', key: 'corr', pct: false },
];

export const CONDITION_LABELS: Record<Condition, string> = {
  l: '{l} text',
  a: '{a} audio',
  v: '{v} visual',
  la: '{l, a}',
  lv: '{l, v}',
  av: '{a, v}',
  lav: '{l, a, v} complete',
};

interface Row {
  label: string;
  m: MetricsJson;
  cls?: string;
}

function table(firstHead: string, rows: Row[]): string {
  const head = `<tr><th scope="col">${escapeHtml(firstHead)}</th><th scope="col">n</th>${COLS.map((c) => `<th scope="col">${escapeHtml(c.head)}</th>`).join('')}</tr>`;
  const body = rows
    .map(
      (r) =>
        `<tr${r.cls ? ` class="${r.cls}"` : ''}><th scope="row">${escapeHtml(r.label)}</th><td>${r.m.n ?? '-'}</td>${COLS.map((c) => `<td>${formatMetric(r.m[c.key], c.pct)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** The fixed-protocol table: the six kept-subsets, complete, then Avg over the six. */
export function fixedTableHtml(r: EvalReport): string {
  if (!r.conditions || !r.avg) return '';
  const rows: Row[] = FIXED_CONDITIONS.filter((c) => c !== 'lav').map((c) => ({ label: CONDITION_LABELS[c], m: r.conditions![c] }));
  rows.push({ label: 'Avg (six incomplete)', m: r.avg, cls: 'avg' });
  rows.push({ label: CONDITION_LABELS.lav, m: r.conditions.lav, cls: 'complete' });
  return table('kept modalities', rows);
}

export function ratesTableHtml(r: EvalReport): string {
  if (!r.rates) return '';
  return table(
    'missing rate p',
    r.rates.map((x) => ({ label: x.p.toFixed(1), m: x.metrics })),
  );
}
