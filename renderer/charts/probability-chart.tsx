import { CLASS_NAMES, percent } from '../format.ts';
import { AxisLeft } from './axes.tsx';
import { linear } from './scale.ts';

/** P(class) for the 7 classes -3..3 as bars; the predicted class (round of the score) is marked. */
export function ProbabilityChart({ probabilities, class7 }: { probabilities: readonly number[]; class7: number }) {
  const W = 420;
  const H = 200;
  const m = { l: 40, r: 8, t: 18, b: 40 };
  const y = linear([0, 1], [H - m.b, m.t]);
  const band = (W - m.l - m.r) / 7;
  const summary = probabilities.map((p, k) => `${k - 3 > 0 ? '+' : ''}${k - 3}: ${percent(p)}`).join(', ');
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Class probabilities, ${summary}; predicted class ${class7}`}>
      <AxisLeft y={y} ticks={[0, 0.25, 0.5, 0.75, 1]} x0={m.l} x1={W - m.r} format={(v) => percent(v)} />
      {probabilities.map((p, k) => {
        const cls = k - 3;
        const x0 = m.l + k * band + band * 0.15;
        const w = band * 0.7;
        const tone = cls < 0 ? 'neg' : cls > 0 ? 'pos' : 'neu';
        return (
          <g key={k}>
            <title>{`${cls > 0 ? '+' : ''}${cls} (${CLASS_NAMES[k]}): ${percent(p, 1)}`}</title>
            <rect className={`bar ${tone}${cls === class7 ? ' chosen' : ''}`} x={x0} y={y(p)} width={w} height={Math.max(0, y(0) - y(p))} rx={2} />
            <text className="bar-value" x={x0 + w / 2} y={y(p) - 4} textAnchor="middle">
              {percent(p)}
            </text>
            <text className={`tick${cls === class7 ? ' strong' : ''}`} x={x0 + w / 2} y={H - m.b + 16} textAnchor="middle">
              {cls > 0 ? `+${cls}` : cls}
            </text>
          </g>
        );
      })}
      <text className="axis-title" x={m.l + (W - m.l - m.r) / 2} y={H - 6} textAnchor="middle">
        class (−3 strongly negative … +3 strongly positive)
      </text>
    </svg>
  );
}
