import { useState } from 'react';
import { AxisBottom, AxisLeft } from './axes.tsx';
import { linear, niceDomain, niceTicks, thin } from './scale.ts';

export interface Series {
  name: string;
  points: readonly { x: number; y: number }[];
}

export interface LineChartProps {
  series: readonly Series[];
  xTitle: string;
  yTitle: string;
  /** fixed y domain (e.g. [0, 1] for F1); default: fitted to the data */
  yDomain?: [number, number];
  xDomain?: [number, number];
  formatX?: (v: number) => string;
  formatY?: (v: number) => string;
  /** draw a marker on every point (few points, e.g. missing rates) */
  markers?: boolean;
  label: string;
  height?: number;
}

const MAX_POINTS = 600;
/** Series this short also get a marker on every point (a lone point draws no line). */
const SPARSE = 40;

/**
 * Lines over a shared x axis with a legend whose entries are toggle buttons (keyboard accessible).
 * Long series are thinned for drawing; the numbers behind them are untouched.
 */
export function LineChart({ series, xTitle, yTitle, yDomain, xDomain, formatX, formatY, markers, label, height = 240 }: LineChartProps) {
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const W = 760;
  const H = height;
  const m = { l: 56, r: 16, t: 12, b: 44 };
  const shown = series.filter((s) => !hidden.has(s.name) && s.points.length > 0);
  const all = shown.flatMap((s) => s.points).filter((p) => Number.isFinite(p.y) && Number.isFinite(p.x));
  const xs = all.map((p) => p.x);
  const ys = all.map((p) => p.y);
  const xd: [number, number] = xDomain ?? (xs.length ? [Math.min(...xs), Math.max(...xs, Math.min(...xs) + 1)] : [0, 1]);
  const yd: [number, number] = yDomain ?? (ys.length ? niceDomain(Math.min(...ys), Math.max(...ys)) : [0, 1]);
  const x = linear(xd, [m.l, W - m.r]);
  const y = linear(yd, [H - m.b, m.t]);
  const toggle = (name: string) => {
    const next = new Set(hidden);
    if (next.has(name)) next.delete(name);
    else next.add(name);
    setHidden(next);
  };
  return (
    <figure className="line-chart">
      <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
        <AxisLeft y={y} ticks={niceTicks(yd[0], yd[1], 5)} x0={m.l} x1={W - m.r} {...(formatY ? { format: formatY } : {})} />
        <AxisBottom x={x} ticks={niceTicks(xd[0], xd[1], 8)} y0={H - m.b} title={xTitle} {...(formatX ? { format: formatX } : {})} />
        <text className="axis-title" transform={`translate(14 ${(H - m.b + m.t) / 2}) rotate(-90)`} textAnchor="middle">
          {yTitle}
        </text>
        {series.map((s, i) => {
          if (hidden.has(s.name) || s.points.length === 0) return null;
          const pts = thin(s.points.filter((p) => Number.isFinite(p.y)), MAX_POINTS);
          const d = pts.map((p, j) => `${j === 0 ? 'M' : 'L'}${x(p.x).toFixed(1)},${y(Math.max(yd[0], Math.min(yd[1], p.y))).toFixed(1)}`).join('');
          return (
            <g key={s.name} className={`series s${i % 10}`}>
              <path className="line" d={d} />
              {markers || pts.length <= SPARSE ? pts.map((p, j) => <circle key={j} className="dot" cx={x(p.x)} cy={y(p.y)} r={3.5} />) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        {series.map((s, i) => {
          const last = s.points[s.points.length - 1];
          return (
            <button key={s.name} type="button" className={`legend-item s${i % 10}${hidden.has(s.name) ? ' off' : ''}`} aria-pressed={!hidden.has(s.name)} onClick={() => toggle(s.name)}>
              <span className="swatch" aria-hidden="true" />
              {s.name}
              {last ? <span className="muted"> {formatY ? formatY(last.y) : last.y.toFixed(3)}</span> : null}
            </button>
          );
        })}
      </figcaption>
    </figure>
  );
}
