import { SUBSET_NAMES, scoreText } from '../format.ts';
import { AxisBottom } from './axes.tsx';
import { linear } from './scale.ts';

const ORDER = ['l', 'a', 'v', 'la', 'lv', 'av', 'lav'] as const;

/**
 * What each modality subset alone would score (the student run with only that subset kept), as
 * bars diverging from 0 on the -3..3 scale. A subset with no score (it holds no usable modality the
 * model reads: its answer would be the prior) is greyed and reads "–".
 */
export function ContributionsChart({ contributions }: { contributions: Record<string, number | null> }) {
  const W = 420;
  const rowH = 24;
  const m = { l: 104, r: 44, t: 8, b: 40 };
  const H = m.t + ORDER.length * rowH + m.b;
  const x = linear([-3, 3], [m.l, W - m.r]);
  const summary = ORDER.map((s) => `${SUBSET_NAMES[s]} ${scoreText(contributions[s] ?? null)}`).join(', ');
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Score with only these modalities kept: ${summary}`}>
      {[-3, -2, -1, 0, 1, 2, 3].map((t) => (
        <line key={t} className={t === 0 ? 'grid zero' : 'grid'} x1={x(t)} x2={x(t)} y1={m.t} y2={H - m.b} />
      ))}
      {ORDER.map((s, i) => {
        const score = contributions[s] ?? null;
        const v = score ?? 0;
        const y0 = m.t + i * rowH + 4;
        const tone = score === null ? 'off' : v < 0 ? 'neg' : v > 0 ? 'pos' : 'neu';
        return (
          <g key={s}>
            <title>{`${SUBSET_NAMES[s]}: ${score === null ? 'no evidence (none of these is usable and read by the model)' : scoreText(score)}`}</title>
            <text className={`row-label${s === 'lav' ? ' strong' : ''}`} x={m.l - 8} y={y0 + (rowH - 8) / 2} textAnchor="end" dominantBaseline="middle">
              {SUBSET_NAMES[s]}
            </text>
            <rect className={`bar ${tone}`} x={Math.min(x(0), x(v))} y={y0} width={Math.max(1, Math.abs(x(v) - x(0)))} height={rowH - 8} rx={2} />
            <text className="bar-value" x={W - m.r + 6} y={y0 + (rowH - 8) / 2} dominantBaseline="middle">
              {scoreText(score)}
            </text>
          </g>
        );
      })}
      <AxisBottom x={x} ticks={[-3, -2, -1, 0, 1, 2, 3]} y0={H - m.b} format={(v) => (v > 0 ? `+${v}` : String(v))} title="score with only these modalities" />
    </svg>
  );
}
