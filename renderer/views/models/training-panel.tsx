import { useEffect, useState } from 'react';
import type { TrainBatchEvent, TrainEpochEvent, TrainState } from '../../../preload/contract.ts';
import { api, call } from '../../api.ts';
import { LossChart } from '../../charts/loss-chart.tsx';
import { InlineError } from '../../components/inline-error.tsx';
import { PathField } from '../../components/path-field.tsx';
import { useAction } from '../../hooks/use-async.ts';
import { useEvent } from '../../hooks/use-event.ts';

/** Keeps the newest this many batch events per session (a 50-epoch run is far fewer on small data). */
const MAX_BATCHES = 20_000;

/** `corrkd train`: teacher then student, with every loss term live and the per-epoch validation loss. */
export function TrainingPanel() {
  const [data, setData] = useState<string | null>(null);
  const [out, setOut] = useState<string | null>(null);
  const [epochs, setEpochs] = useState(50);
  const [seed, setSeed] = useState(0);
  const [batchSize, setBatchSize] = useState(128);
  const [resume, setResume] = useState(false);
  const [state, setState] = useState<TrainState | null>(null);
  const [batches, setBatches] = useState<TrainBatchEvent[]>([]);
  const [epochRows, setEpochRows] = useState<TrainEpochEvent[]>([]);
  const act = useAction();

  useEffect(() => {
    void call(api().models.trainingState()).then(setState, () => {});
  }, []);
  useEvent(api().models.onTrainState, setState);
  useEvent(api().models.onTrainBatch, (b) => setBatches((prev) => (prev.length >= MAX_BATCHES ? [...prev.slice(prev.length - MAX_BATCHES + 1), b] : [...prev, b])));
  useEvent(api().models.onTrainEpoch, (e) => setEpochRows((prev) => [...prev, e]));

  const start = () =>
    void act.run(async () => {
      if (!data || !out) return;
      setBatches([]);
      setEpochRows([]);
      setState(await call(api().models.train({ data, out, epochs, seed, batchSize, resume })));
    });
  const running = state?.running ?? false;
  const phases = (['teacher', 'student'] as const).filter((p) => batches.some((b) => b.stage === p));
  const last = batches[batches.length - 1];
  return (
    <div className="training">
      <section className="card form-card">
        <h3>Train teacher and student</h3>
        <PathField label="Dataset" value={data} onChoose={() => void call(api().dialogs.openFolder({ title: 'Choose a dataset folder (dataset.json)' })).then((p) => p && setData(p))} testId="train-data" />
        <PathField label="Run folder" value={out} onChoose={() => void call(api().dialogs.openFolder({ title: 'Choose the run folder' })).then((p) => p && setOut(p))} testId="train-out" />
        <div className="inline-fields">
          <label>
            Epochs <input type="number" min={1} max={1000} value={epochs} onChange={(e) => setEpochs(Math.min(1000, Math.max(1, Math.floor(Number(e.target.value) || 1))))} />
          </label>
          <label>
            Batch size{' '}
            <input type="number" min={2} max={65536} value={batchSize} onChange={(e) => setBatchSize(Math.min(65_536, Math.max(2, Math.floor(Number(e.target.value) || 2))))} />
          </label>
          <label>
            Seed <input type="number" min={0} value={seed} onChange={(e) => setSeed(Math.max(0, Math.floor(Number(e.target.value) || 0)))} />
          </label>
          <label>
            <input type="checkbox" checked={resume} onChange={(e) => setResume(e.target.checked)} /> resume the run in this folder
          </label>
        </div>
        <div className="actions">
          <button type="button" className="primary" disabled={!data || !out || running || act.busy} onClick={start}>
            Train
          </button>
          <button type="button" disabled={!running} onClick={() => void call(api().models.stopTraining()).then(setState)}>
            Stop
          </button>
        </div>
        {running && last ? (
          <p role="status" className="small">
            {last.stage} · epoch {last.epoch}/{last.epochs} · step {last.step}/{last.steps}
          </p>
        ) : null}
        {state?.last && !running ? <p className={`small ${state.last.status === 'failed' ? 'error-text' : 'muted'}`}>{state.last.message}</p> : null}
        <InlineError text={act.error} onDismiss={act.clear} />
      </section>
      {phases.map((p) => (
        <section key={p} className="card" data-testid={`loss-${p}`}>
          <h3>{p === 'teacher' ? 'Teacher (complete inputs)' : 'Student (missing modalities, distilled)'}</h3>
          <LossChart phase={p} batches={batches} />
        </section>
      ))}
      {epochRows.length > 0 ? (
        <section className="card">
          <h3>Epochs</h3>
          <table className="rows">
            <thead>
              <tr>
                <th scope="col">Phase</th>
                <th scope="col">Epoch</th>
                <th scope="col" className="num">
                  Train loss
                </th>
                <th scope="col" className="num">
                  Validation loss
                </th>
                <th scope="col">Best</th>
              </tr>
            </thead>
            <tbody>
              {epochRows.map((e) => (
                <tr key={`${e.stage}-${e.epoch}`}>
                  <td>{e.stage}</td>
                  <td>
                    {e.epoch}/{e.epochs}
                  </td>
                  <td className="num">{e.train.total?.toFixed(4) ?? '–'}</td>
                  <td className="num">{Number.isFinite(e.valLoss) ? e.valLoss.toFixed(4) : '–'}</td>
                  <td>{e.improved ? '★' : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
