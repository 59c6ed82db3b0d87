import { useState } from 'react';
import type { DatasetBuildReply, StageEvent } from '../../../preload/contract.ts';
import { api, call } from '../../api.ts';
import { InlineError } from '../../components/inline-error.tsx';
import { PathField } from '../../components/path-field.tsx';
import { percent } from '../../format.ts';
import { useAction } from '../../hooks/use-async.ts';
import { useEvent } from '../../hooks/use-event.ts';

/** `corrkd dataset build`: a labels CSV (clips or transcripts) into a feature dataset folder. */
export function DatasetPanel() {
  const [kind, setKind] = useState<'clips' | 'transcripts'>('clips');
  const [csv, setCsv] = useState<string | null>(null);
  const [out, setOut] = useState<string | null>(null);
  const [seed, setSeed] = useState(0);
  const [force, setForce] = useState(false);
  const [progress, setProgress] = useState<StageEvent | null>(null);
  const [summary, setSummary] = useState<DatasetBuildReply | null>(null);
  const act = useAction();
  useEvent(api().models.onDatasetProgress, setProgress);

  const build = () =>
    void act.run(async () => {
      if (!csv || !out) return;
      setSummary(null);
      setProgress(null);
      setSummary(await call(api().models.buildDataset({ kind, csv, out, seed, force })));
    });
  return (
    <section className="card form-card">
      <h3>Build a dataset</h3>
      <p className="muted small">
        Clips CSV: <span className="mono">path,label[,split][,transcript]</span> with paths relative to the CSV and labels in [−3, 3]. Transcript CSV: <span className="mono">id,text,label[,mode]</span>.
      </p>
      <fieldset className="radio-row">
        <legend>Source</legend>
        <label>
          <input type="radio" name="kind" checked={kind === 'clips'} onChange={() => setKind('clips')} /> labelled clips
        </label>
        <label>
          <input type="radio" name="kind" checked={kind === 'transcripts'} onChange={() => setKind('transcripts')} /> transcripts only
        </label>
      </fieldset>
      <PathField label="Labels CSV" value={csv} onChoose={() => void call(api().dialogs.openFile({ title: 'Choose the labels CSV', kind: 'csv' })).then((p) => p && setCsv(p))} />
      <PathField label="Output folder" value={out} onChoose={() => void call(api().dialogs.openFolder({ title: 'Choose an empty output folder' })).then((p) => p && setOut(p))} />
      <div className="inline-fields">
        <label>
          Split seed <input type="number" min={0} value={seed} onChange={(e) => setSeed(Math.max(0, Math.floor(Number(e.target.value) || 0)))} />
        </label>
        <label>
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> replace an existing dataset
        </label>
      </div>
      <div className="actions">
        <button type="button" className="primary" disabled={!csv || !out || act.busy} onClick={build}>
          Build dataset
        </button>
        {act.busy ? (
          <button type="button" onClick={() => void call(api().models.cancelDataset())}>
            Cancel
          </button>
        ) : null}
      </div>
      {act.busy && progress ? (
        <div className="batch-progress" role="status">
          <progress max={1} value={progress.fraction ?? undefined} />
          <span>
            {progress.stage} {progress.fraction !== null ? percent(progress.fraction) : ''} {progress.detail ?? ''}
          </span>
        </div>
      ) : null}
      <InlineError text={act.error} onDismiss={act.clear} />
      {summary ? (
        <div className="summary" role="status" data-testid="dataset-summary">
          <p>
            <strong>{summary.samples}</strong> samples in <span className="mono">{summary.out}</span>: train {summary.splits.train}, valid {summary.splits.valid}, test {summary.splits.test}; {summary.failed} failed.
          </p>
          {summary.warnings.map((w) => (
            <p key={w} className="muted small">
              {w}
            </p>
          ))}
          {summary.failures.slice(0, 20).map((f, i) => (
            <p key={i} className="error-text small">
              {f.file}: {f.kind}: {f.reason}
            </p>
          ))}
        </div>
      ) : null}
    </section>
  );
}
