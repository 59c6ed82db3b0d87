/** The self-contained HTML evaluation report. */
export { renderReportHtml, type ReportInput, type LossHistory } from './render-report.ts';
export { lineChartSvg, niceTicks, type ChartSeries, type LineChartOptions } from './line-chart-svg.ts';
export { fixedTableHtml, ratesTableHtml, CONDITION_LABELS } from './metrics-table-html.ts';
export { escapeHtml } from './escape-html.ts';
