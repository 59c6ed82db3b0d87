import { useState } from 'react';
import type { ClipResult } from '../../preload/contract.ts';
import { ContributionsChart } from '../charts/contributions-chart.tsx';
import { ProbabilityChart } from '../charts/probability-chart.tsx';
import { ScoreScale } from '../charts/score-scale.tsx';
import { TimelineChart } from '../charts/timeline-chart.tsx';
import { baseName, CLASS_NAMES, scoreText, seconds, signed, toneOf } from '../format.ts';
import { ModalityBadges } from './modality-badges.tsx';

/** A clip's result JSON (schema 2), as the analyst reads it. Renders exactly ClipResult, nothing computed beyond display. */
export function ResultPage({ result, onClose }: { result: ClipResult; onClose?: () => void }) {
  const [activeSeg, setActiveSeg] = useState<number | null>(null);
  const tone = toneOf(result.score);
  return (
    <article className="result" aria-label={`Result for ${baseName(result.file)}`} data-testid="result-page">
      <header className="result-head">
        <div>
          <h2 className="result-title" title={result.file}>
            {baseName(result.file)}
          </h2>
          <p className="muted small">
            {seconds(result.durationSec)} · model {result.model.id} {result.model.version} · ran on <strong>{result.device.provider}</strong> (asked: {result.device.requested})
          </p>
          {result.device.skipped.length > 0 ? (
            <details className="small muted skipped-providers">
              <summary>why not {result.device.skipped.map((s) => s.provider).join(', ')}</summary>
              <ul>
                {result.device.skipped.map((s) => (
                  <li key={s.provider}>
                    {s.provider}: {s.reason}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </div>
        {onClose ? (
          <button type="button" className="ghost" onClick={onClose}>
            Close
          </button>
        ) : null}
      </header>

      <section className="result-top">
        <div className="card score-card">
          <h3>Sentiment</h3>
          {result.score !== null && result.class7 !== null ? (
            <>
              <div className="score-line">
                <span className={`score-value ${tone}`} data-testid="score">
                  {signed(result.score)}
                </span>
                <span className={`chip big ${tone}`} data-testid="label">
                  {result.label}
                </span>
              </div>
              <p className="muted small">
                class {result.class7 > 0 ? `+${result.class7}` : result.class7}: {CLASS_NAMES[result.class7 + 3]} · scale −3 … +3
              </p>
              <ScoreScale score={result.score} />
            </>
          ) : (
            <>
              <div className="score-line">
                <span className="score-value off" data-testid="score">
                  –
                </span>
                <span className="chip big off" data-testid="label">
                  no evidence
                </span>
              </div>
              <p className="warn small" data-testid="no-evidence">
                No modality this model reads is usable in this clip, so there is no score.
                {result.prior ? ` The model's prior (its answer for any clip without evidence) is ${signed(result.prior.score)}.` : ''}
              </p>
            </>
          )}
        </div>
        <div className="card">
          <h3>Class probabilities</h3>
          {result.probabilities && result.class7 !== null ? (
            <ProbabilityChart probabilities={result.probabilities} class7={result.class7} />
          ) : (
            <p className="muted">None: no evidence in this clip.</p>
          )}
        </div>
      </section>

      <section className="card">
        <h3>Modalities</h3>
        <ModalityBadges result={result} />
      </section>

      {result.warnings.length > 0 ? (
        <section className="card warn" aria-label="Warnings">
          <h3>Notes</h3>
          <ul>
            {result.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="card" data-testid="timeline">
        <h3>Timeline</h3>
        {result.segments.length > 0 ? (
          <TimelineChart segments={result.segments} durationSec={result.durationSec} onSelect={setActiveSeg} />
        ) : (
          <p className="muted">No utterances in this clip.</p>
        )}
      </section>

      <section className="result-bottom">
        <div className="card">
          <h3>What each modality contributes</h3>
          <ContributionsChart contributions={result.contributions} />
        </div>
        <div className="card transcript" data-testid="transcript">
          <h3>Transcript</h3>
          <p className="muted small source-line">source: {result.transcript.source}</p>
          {result.segments.some((s) => s.text) ? (
            <ol className="utterances">
              {result.segments.map((s, i) => (
                <li key={i} className={activeSeg === i ? 'active' : ''}>
                  <span className="mono muted">{seconds(s.start)}</span>{' '}
                  <span className={`chip ${toneOf(s.score)}`}>{s.score === null ? 'no evidence' : scoreText(s.score, 1)}</span> {s.text || <em className="muted">no words</em>}
                </li>
              ))}
            </ol>
          ) : result.transcript.text ? (
            <p>{result.transcript.text}</p>
          ) : (
            <p className="muted">No transcript: {result.modalities.text.reason ?? 'none found'}.</p>
          )}
        </div>
      </section>
    </article>
  );
}
