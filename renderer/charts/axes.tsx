import type { Linear } from './scale.ts';

/** Left axis: tick labels and light grid lines across the plot. */
export function AxisLeft({ y, ticks, x0, x1, format }: { y: Linear; ticks: number[]; x0: number; x1: number; format?: (v: number) => string }) {
  return (
    <g className="axis" aria-hidden="true">
      {ticks.map((t) => (
        <g key={t}>
          <line className={t === 0 ? 'grid zero' : 'grid'} x1={x0} x2={x1} y1={y(t)} y2={y(t)} />
          <text className="tick" x={x0 - 6} y={y(t)} textAnchor="end" dominantBaseline="middle">
            {format ? format(t) : String(t)}
          </text>
        </g>
      ))}
    </g>
  );
}

/** Bottom axis: tick labels under the plot and an optional axis title. */
export function AxisBottom({ x, ticks, y0, format, title }: { x: Linear; ticks: number[]; y0: number; format?: (v: number) => string; title?: string }) {
  const [r0, r1] = x.range;
  return (
    <g className="axis" aria-hidden="true">
      <line className="baseline" x1={r0} x2={r1} y1={y0} y2={y0} />
      {ticks.map((t) => (
        <text key={t} className="tick" x={x(t)} y={y0 + 16} textAnchor="middle">
          {format ? format(t) : String(t)}
        </text>
      ))}
      {title ? (
        <text className="axis-title" x={(r0 + r1) / 2} y={y0 + 34} textAnchor="middle">
          {title}
        </text>
      ) : null}
    </g>
  );
}
