import type { AnalyzeJob } from '../../preload/contract.ts';
import { percent, signed, toneOf } from '../format.ts';

const STATUS_TEXT: Record<AnalyzeJob['status'], string> = {
  queued: 'queued',
  running: 'analysing',
  succeeded: 'done',
  failed: 'failed',
  canceled: 'canceled',
};

/** The Analyse jobs: status, per-stage progress while running, cancel, and opening a result. */
export function JobList({ jobs, selected, onSelect, onCancel }: { jobs: readonly AnalyzeJob[]; selected: string | null; onSelect: (id: string) => void; onCancel: (id: string) => void }) {
  if (jobs.length === 0) return <p className="muted small empty">No clips yet. Dropped clips are analysed one after another.</p>;
  return (
    <ul className="jobs" aria-label="Analysis jobs">
      {jobs.map((j) => (
        <li key={j.id} className={`job ${j.status}${selected === j.id ? ' selected' : ''}`} data-testid="job" data-status={j.status}>
          <button type="button" className="job-main" onClick={() => onSelect(j.id)} aria-current={selected === j.id} disabled={j.status !== 'succeeded' && j.status !== 'failed'}>
            <span className="job-name" title={j.file}>
              {j.name}
            </span>
            <span className={`job-status ${j.status}`}>
              {j.summary ? (
                <span className={`chip ${toneOf(j.summary.score)}`}>
                  {j.summary.score === null ? 'no evidence' : `${signed(j.summary.score)} ${j.summary.label}`}
                </span>
              ) : (
                STATUS_TEXT[j.status]
              )}
            </span>
          </button>
          {j.status === 'running' || j.status === 'queued' ? (
            <div className="job-progress">
              <ul className="stages" aria-label={`Stages of ${j.name}`}>
                {j.stages.map((s) => (
                  <li key={s.stage} className={s.stage === j.stage ? 'current' : ''}>
                    <span className="stage-name">{s.stage}</span>
                    <progress max={1} value={s.fraction} aria-label={`${s.stage} ${percent(s.fraction)}`} />
                  </li>
                ))}
              </ul>
              <button type="button" className="small danger" onClick={() => onCancel(j.id)} aria-label={`Cancel ${j.name}`}>
                Cancel
              </button>
            </div>
          ) : null}
          {j.error ? (
            <p className="job-error" role="status">
              <strong>{j.error.kind}</strong>: {j.error.message}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
