/**
 * A small line chart as an inline SVG string (no scripts, no external assets): axes with "nice"
 * ticks, one polyline per series (a null y breaks the line), a dot per point with a <title> tooltip,
 * and a legend. Used by the evaluation report for F1 against the missing rate and for loss curves.
 */
import { escapeHtml } from './escape-html.ts';

export interface ChartSeries {
  name: string;
  points: Array<[number, number | null]>;
  color: string;
  dashed?: boolean;
}

export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  width?: number;
  height?: number;
  /** format of tick and tooltip values */
  formatX?: (x: number) => string;
  formatY?: (y: number) => string;
  /** force the y range (e.g. [0, 1] for fractions); default: the data's range, padded */
  yRange?: [number, number];
  /** x is a count (epochs): only whole-number ticks */
  integerX?: boolean;
}

/** About `count` round tick values covering [lo, hi] (1, 2 or 5 times a power of ten apart). */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toFixed(12)));
  return out;
}

function extent(values: number[], pad: number): [number, number] {
  if (values.length === 0) return [0, 1];
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) {
    lo -= Math.abs(lo) * 0.1 || 1;
    hi += Math.abs(hi) * 0.1 || 1;
  }
  const span = hi - lo;
  return [lo - span * pad, hi + span * pad];
}

const f = (v: number): string => v.toFixed(1);

export function lineChartSvg(o: LineChartOptions): string {
  const W = o.width ?? 640;
  const H = o.height ?? 320;
  const m = { left: 64, right: 16, top: 36, bottom: 64 };
  const fx = o.formatX ?? ((x: number) => String(x));
  const fy = o.formatY ?? ((y: number) => y.toFixed(3));
  const xs = o.series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = o.series.flatMap((s) => s.points.map((p) => p[1]).filter((y): y is number => y !== null && Number.isFinite(y)));
  const [x0, x1] = extent(xs, 0);
  const [y0, y1] = o.yRange ?? extent(ys, 0.08);
  const px = (x: number): number => m.left + ((x - x0) / (x1 - x0)) * (W - m.left - m.right);
  const py = (y: number): number => H - m.bottom - ((y - y0) / (y1 - y0)) * (H - m.top - m.bottom);
  const parts: string[] = [];
  parts.push(`<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(o.title)}">`);
  parts.push(`<text x="${W / 2}" y="20" text-anchor="middle" class="chart-title">${escapeHtml(o.title)}</text>`);
  for (const t of niceTicks(y0, y1)) {
    if (t < y0 || t > y1) continue;
    parts.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${f(py(t))}" y2="${f(py(t))}" class="grid"/>`);
    parts.push(`<text x="${m.left - 6}" y="${f(py(t) + 4)}" text-anchor="end" class="tick">${escapeHtml(fy(t))}</text>`);
  }
  for (const t of niceTicks(x0, x1, 10)) {
    if (t < x0 || t > x1 || (o.integerX && !Number.isInteger(t))) continue;
    parts.push(`<line x1="${f(px(t))}" x2="${f(px(t))}" y1="${H - m.bottom}" y2="${H - m.bottom + 4}" class="axis"/>`);
    parts.push(`<text x="${f(px(t))}" y="${H - m.bottom + 18}" text-anchor="middle" class="tick">${escapeHtml(fx(t))}</text>`);
  }
  parts.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${H - m.bottom}" y2="${H - m.bottom}" class="axis"/>`);
  parts.push(`<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${H - m.bottom}" class="axis"/>`);
  parts.push(`<text x="${(m.left + W - m.right) / 2}" y="${H - m.bottom + 36}" text-anchor="middle" class="label">${escapeHtml(o.xLabel)}</text>`);
  parts.push(`<text transform="translate(16 ${(m.top + H - m.bottom) / 2}) rotate(-90)" text-anchor="middle" class="label">${escapeHtml(o.yLabel)}</text>`);
  o.series.forEach((s, i) => {
    let run: string[] = [];
    const flush = (): void => {
      if (run.length > 1) {
        parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''} points="${run.join(' ')}"/>`);
      }
      run = [];
    };
    for (const [x, y] of s.points) {
      if (y === null || !Number.isFinite(y)) {
        flush();
        continue;
      }
      run.push(`${f(px(x))},${f(py(y))}`);
    }
    flush();
    for (const [x, y] of s.points) {
      if (y === null || !Number.isFinite(y)) continue;
      parts.push(`<circle cx="${f(px(x))}" cy="${f(py(y))}" r="3" fill="${s.color}"><title>${escapeHtml(`${s.name}: ${fx(x)} -> ${fy(y)}`)}</title></circle>`);
    }
    const lx = m.left + 8 + i * 170;
    const ly = H - 12;
    parts.push(`<line x1="${lx}" x2="${lx + 22}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    parts.push(`<text x="${lx + 28}" y="${ly}" class="legend">${escapeHtml(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
