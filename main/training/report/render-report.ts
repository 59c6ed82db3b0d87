/**
 * The evaluation report: one self-contained HTML file (inline CSS and inline SVG; no scripts, no
 * links, no fonts or images from elsewhere) that opens offline in any browser. It shows what was
 * evaluated, the fixed-missing table (six subsets, complete, Avg), a chart and table of the random
 * step-missing protocol (F1 and Acc-2, Non0, against p), and, when given, the training loss curves.
 */
import type { EvalReport } from '../eval/types.ts';
import { escapeHtml } from './escape-html.ts';
import { lineChartSvg, type ChartSeries } from './line-chart-svg.ts';
import { fixedTableHtml, ratesTableHtml } from './metrics-table-html.ts';

/** One training stage's per-epoch losses (the trainer's EpochRecord, reduced to what is drawn). */
export interface LossHistory {
  stage: string;
  epochs: Array<{ epoch: number; train: number | null; valid: number | null }>;
}

export interface ReportInput {
  title: string;
  /** label -> value lines at the top (model, data, split, runner, seed, ...) */
  facts: Array<[string, string]>;
  fixed?: EvalReport;
  random?: EvalReport;
  history?: LossHistory[];
  notes?: string[];
  /** generation time shown in the footer (default now) */
  created?: string;
}

const COLORS = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df'];

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:980px;padding:0 1rem;color:#1f2328;background:#fff}
h1{font-size:1.5rem;margin:0 0 .5rem}h2{font-size:1.15rem;margin:2rem 0 .5rem;border-bottom:1px solid #d0d7de;padding-bottom:.25rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}dl.facts dt{color:#59636e}dl.facts dd{margin:0;word-break:break-all}
table{border-collapse:collapse;margin:.5rem 0;font-variant-numeric:tabular-nums}th,td{padding:.3rem .6rem;border-bottom:1px solid #d0d7de;text-align:right}
thead th{background:#f6f8fa}tbody th{text-align:left;font-weight:500}tr.avg{font-weight:600;background:#fff8c5}tr.complete{background:#ddf4ff}
svg.chart{max-width:100%;height:auto;font-size:12px}svg .grid{stroke:#eaeef2}svg .axis{stroke:#59636e}svg .tick,svg .legend{fill:#59636e}
svg .chart-title{font-weight:600;fill:#1f2328}svg .label{fill:#1f2328}
.note{color:#59636e}footer{margin-top:2rem;color:#59636e;font-size:.85rem}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}thead th{background:#161b22}tr.avg{background:#3b2e00}tr.complete{background:#0c2d6b}
svg .chart-title,svg .label{fill:#e6edf3}svg .grid{stroke:#30363d}}
`;

const pct = (y: number): string => `${(100 * y).toFixed(1)}%`;

function randomSection(r: EvalReport): string {
  const rates = r.rates ?? [];
  const series: ChartSeries[] = [
    { name: 'F1 (Non0)', color: COLORS[0]!, points: rates.map((x) => [x.p, x.metrics.f1_non0]) },
    { name: 'Acc-2 (Non0)', color: COLORS[1]!, dashed: true, points: rates.map((x) => [x.p, x.metrics.acc2_non0]) },
  ];
  const chart = lineChartSvg({
    title: 'F1 (Non0) against the random missing rate p',
    xLabel: 'missing rate p (share of steps zeroed in every modality)',
    yLabel: 'score',
    series,
    formatX: (x) => x.toFixed(1),
    formatY: pct,
  });
  return `<h2>Random step-missing protocol</h2>
<p class="note">Every step of every modality is zeroed independently with probability p (seed ${r.seed ?? '-'}; the same seed gives every model the same masks, and a step dropped at p is also dropped at every larger p).</p>
${chart}
${ratesTableHtml(r)}`;
}

function historySection(h: LossHistory[]): string {
  const charts = h
    .filter((s) => s.epochs.length > 0)
    .map((s) =>
      lineChartSvg({
        title: `${s.stage}: loss per epoch`,
        xLabel: 'epoch',
        yLabel: 'loss',
        width: 480,
        height: 280,
        integerX: true,
        formatX: (x) => String(x),
        formatY: (y) => y.toFixed(2),
        series: [
          { name: 'train (total)', color: COLORS[0]!, points: s.epochs.map((e) => [e.epoch, e.train]) },
          { name: 'valid (task)', color: COLORS[2]!, dashed: true, points: s.epochs.map((e) => [e.epoch, e.valid]) },
        ],
      }),
    );
  if (charts.length === 0) return '';
  return `<h2>Training</h2>\n${charts.join('\n')}`;
}

export function renderReportHtml(input: ReportInput): string {
  const facts = input.facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('\n');
  const sections: string[] = [];
  if (input.fixed?.conditions) {
    sections.push(`<h2>Fixed missing-modality protocol</h2>
<p class="note">Each row keeps the named modalities and zero-fills the others for every sample. Avg is the mean over the six incomplete subsets (as in the CorrKD paper). Acc and F1 in %, MAE in label units, Corr = Pearson r; Non0 drops samples whose label is 0.</p>
${fixedTableHtml(input.fixed)}`);
  }
  if (input.random?.rates) sections.push(randomSection(input.random));
  if (input.history?.length) sections.push(historySection(input.history));
  if (input.notes?.length) sections.push(`<h2>Notes</h2>\n<ul>${input.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(input.title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${escapeHtml(input.title)}</h1>
<dl class="facts">
${facts}
</dl>
${sections.join('\n')}
<footer>Generated by corrkd eval on ${escapeHtml(input.created ?? new Date().toISOString())}. This file is self-contained: it loads nothing from the network.</footer>
</body>
</html>
`;
}
