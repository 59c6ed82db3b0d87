import { signed } from '../format.ts';
import { linear } from './scale.ts';

/** The clip score on the -3..3 scale: a graded bar from negative to positive with a marker. */
export function ScoreScale({ score }: { score: number }) {
  const W = 420;
  const H = 64;
  const x = linear([-3, 3], [14, W - 14]);
  const px = x(Math.max(-3, Math.min(3, score)));
  return (
    <svg className="chart score-scale" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Score ${signed(score)} on a scale from -3 (most negative) to +3 (most positive)`}>
      <defs>
        <linearGradient id="score-gradient" x1="0" x2="1" y1="0" y2="0">
          <stop offset="0%" className="stop-neg" />
          <stop offset="50%" className="stop-neu" />
          <stop offset="100%" className="stop-pos" />
        </linearGradient>
      </defs>
      <rect x={x(-3)} y={18} width={x(3) - x(-3)} height={12} rx={6} fill="url(#score-gradient)" />
      {[-3, -2, -1, 0, 1, 2, 3].map((t) => (
        <g key={t}>
          <line className="scale-tick" x1={x(t)} x2={x(t)} y1={32} y2={37} />
          <text className="tick" x={x(t)} y={50} textAnchor="middle">
            {t > 0 ? `+${t}` : t}
          </text>
        </g>
      ))}
      <path className="score-marker" d={`M ${px} 30 l -7 -14 h 14 z`} />
      <line className="score-marker-line" x1={px} x2={px} y1={14} y2={34} />
    </svg>
  );
}
