import { useState } from 'react';
import type { ClipSegment } from '../../preload/contract.ts';
import { scoreText, seconds, toneOf } from '../format.ts';
import { AxisBottom, AxisLeft } from './axes.tsx';
import { linear, niceTicks } from './scale.ts';

const MODS = [
  ['text', 'T'],
  ['audio', 'A'],
  ['visual', 'V'],
] as const;

/**
 * Utterance scores over the clip: each utterance is a bar from its start to its end at its score
 * (-3..3; a flat grey bar when it holds no evidence), with the share of its steps that carried text, audio and face under it. Every bar is
 * focusable; focus or hover shows the utterance text below (keyboard: Tab / arrow keys).
 */
export function TimelineChart({ segments, durationSec, onSelect }: { segments: readonly ClipSegment[]; durationSec: number; onSelect?: (i: number | null) => void }) {
  const [active, setActive] = useState<number | null>(null);
  const W = 760;
  const m = { l: 40, r: 12, t: 12, b: 36 };
  const plotH = 150;
  const stripH = 9;
  const H = m.t + plotH + 8 + MODS.length * (stripH + 3) + m.b;
  const end = Math.max(durationSec, ...segments.map((s) => s.end), 0.1);
  const x = linear([0, end], [m.l, W - m.r]);
  const y = linear([-3, 3], [m.t + plotH, m.t]);
  const stripTop = m.t + plotH + 8;
  const axisY = stripTop + MODS.length * (stripH + 3) + 2;
  const pick = (i: number | null) => {
    setActive(i);
    onSelect?.(i);
  };
  const onKey = (e: React.KeyboardEvent, i: number) => {
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : null;
    if (next === null || next < 0 || next >= segments.length) return;
    e.preventDefault();
    const el = (e.currentTarget.parentNode as Element | null)?.querySelector<SVGGElement>(`[data-seg="${next}"]`);
    el?.focus();
  };
  const seg = active !== null ? segments[active] : undefined;
  return (
    <figure className="timeline">
      <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="group" aria-label={`Utterance scores over the clip: ${segments.length} utterance(s) in ${seconds(end)}`}>
        <AxisLeft y={y} ticks={[-3, -2, -1, 0, 1, 2, 3]} x0={m.l} x1={W - m.r} format={(v) => (v > 0 ? `+${v}` : String(v))} />
        {MODS.map(([, letter], j) => (
          <text key={letter} className="tick" x={m.l - 6} y={stripTop + j * (stripH + 3) + stripH / 2} textAnchor="end" dominantBaseline="middle">
            {letter}
          </text>
        ))}
        {segments.map((s, i) => {
          const x0 = x(s.start);
          const w = Math.max(2, x(s.end) - x(s.start) - 1);
          const tone = toneOf(s.score);
          const v = s.score ?? 0;
          return (
            <g
              key={i}
              data-seg={i}
              className={`segment${active === i ? ' active' : ''}`}
              tabIndex={0}
              role="button"
              aria-label={`${seconds(s.start)} to ${seconds(s.end)}: ${s.score === null ? 'no evidence' : `score ${scoreText(s.score)}`}. ${s.text || 'no words'}`}
              onFocus={() => pick(i)}
              onMouseEnter={() => pick(i)}
              onKeyDown={(e) => onKey(e, i)}
            >
              <rect className="hit" x={x0} y={m.t} width={w} height={plotH} />
              <rect className={`bar ${tone}`} x={x0} y={Math.min(y(0), y(v))} width={w} height={Math.max(1.5, Math.abs(y(v) - y(0)))} />
              {MODS.map(([mod], j) => (
                <rect key={mod} className="coverage" x={x0} y={stripTop + j * (stripH + 3)} width={w} height={stripH} opacity={0.12 + 0.88 * s.modalities[mod]} />
              ))}
            </g>
          );
        })}
        <AxisBottom x={x} ticks={niceTicks(0, end, 8)} y0={axisY} format={(v) => `${v}s`} title="time in the clip" />
      </svg>
      <figcaption className="timeline-caption" aria-live="polite">
        {seg ? (
          <>
            <span className="mono">
              {seconds(seg.start)}–{seconds(seg.end)}
            </span>{' '}
            <span className={`chip ${toneOf(seg.score)}`}>{seg.score === null ? 'no evidence' : scoreText(seg.score)}</span> {seg.text ? `“${seg.text}”` : <em>no words in this span</em>}
          </>
        ) : (
          <span className="muted">Focus or point at an utterance to read it. Strips T / A / V: share of its steps with text, voice and face.</span>
        )}
      </figcaption>
    </figure>
  );
}
