import { useState } from 'react';
import type { EvalReport, ModelsReply } from '../../../preload/contract.ts';
import { api, call } from '../../api.ts';
import { MissingRateChart } from '../../charts/missing-rate-chart.tsx';
import { InlineError } from '../../components/inline-error.tsx';
import { MetricsTable } from '../../components/metrics-table.tsx';
import { PathField } from '../../components/path-field.tsx';
import { useAction } from '../../hooks/use-async.ts';

const CONDITION_ORDER = ['l', 'a', 'v', 'la', 'lv', 'av', 'lav'];

/** `corrkd eval` (fixed protocol table, F1 vs missing rate) and `corrkd export-onnx` (+ make active). */
export function EvaluationPanel({ models, onChanged }: { models: ModelsReply | null; onChanged: () => void }) {
  const [picked, setPack] = useState<string>('');
  const pack = picked || models?.activeDir || '';
  const [data, setData] = useState<string | null>(null);
  const [fixed, setFixed] = useState<EvalReport | null>(null);
  const [random, setRandom] = useState<EvalReport | null>(null);
  const [run, setRun] = useState<string | null>(null);
  const [out, setOut] = useState<string | null>(null);
  const [activate, setActivate] = useState(true);
  const [exported, setExported] = useState<string | null>(null);
  const evalAct = useAction();
  const exportAct = useAction();
  const packs = models?.packs.filter((p) => !p.problem) ?? [];
  const chosen = models?.packs.find((p) => p.dir === pack);
  const shownFixed = fixed ?? (chosen?.evaluation?.conditions ? chosen.evaluation : null);
  const shownRates = random?.rates ?? chosen?.evaluation?.rates ?? null;

  const evaluate = (protocol: 'fixed' | 'random') =>
    void evalAct.run(async () => {
      if (!pack || !data) return;
      const r = await call(api().models.evaluate({ pack, data, protocol }));
      if (protocol === 'fixed') setFixed(r);
      else setRandom(r);
    });
  const doExport = () =>
    void exportAct.run(async () => {
      if (!run || !out) return;
      const r = await call(api().models.exportPack({ run, out, activate }));
      setExported(`${r.pack.id ?? ''} ${r.pack.version ?? ''} → ${r.pack.dir}${r.pack.active ? ' (now active)' : ''}`);
      onChanged();
    });
  const rows = shownFixed?.conditions ? CONDITION_ORDER.filter((c) => shownFixed.conditions?.[c]).map((c) => ({ name: c, metrics: shownFixed.conditions![c]!, strong: c === 'lav' })) : [];
  if (shownFixed?.avg) rows.push({ name: 'Avg (six incomplete)', metrics: shownFixed.avg, strong: false });

  return (
    <div className="evaluation">
      <section className="card form-card">
        <h3>Evaluate a pack under missing modalities</h3>
        <label className="field">
          <span className="field-label">Pack</span>
          <select value={pack} onChange={(e) => setPack(e.target.value)}>
            {packs.map((p) => (
              <option key={p.dir} value={p.dir}>
                {p.id} {p.version} {p.active ? '(active)' : ''}
              </option>
            ))}
          </select>
        </label>
        <PathField label="Dataset" value={data} onChoose={() => void call(api().dialogs.openFolder({ title: 'Choose a dataset folder' })).then((p) => p && setData(p))} testId="eval-data" />
        <div className="actions">
          <button type="button" className="primary" disabled={!pack || !data || evalAct.busy} onClick={() => evaluate('fixed')}>
            Fixed protocol
          </button>
          <button type="button" disabled={!pack || !data || evalAct.busy} onClick={() => evaluate('random')}>
            Missing-rate sweep
          </button>
          {evalAct.busy ? <span className="muted small">evaluating…</span> : null}
        </div>
        <InlineError text={evalAct.error} onDismiss={evalAct.clear} />
      </section>
      <section className="card" data-testid="fixed-table">
        <h3>Fixed missing-modality protocol</h3>
        {rows.length > 0 ? <MetricsTable rows={rows} caption="Each row keeps only the named modalities (the others are zero); test split" /> : <p className="muted">Run the fixed protocol to fill this table.</p>}
      </section>
      <section className="card" data-testid="rate-chart">
        <h3>F1 against missing rate</h3>
        {shownRates && shownRates.length > 0 ? <MissingRateChart rates={shownRates} /> : <p className="muted">Run the missing-rate sweep to draw this chart.</p>}
      </section>
      <section className="card form-card">
        <h3>Export a model pack</h3>
        <PathField label="Run folder" value={run} onChoose={() => void call(api().dialogs.openFolder({ title: 'Choose a finished training run' })).then((p) => p && setRun(p))} />
        <PathField label="Pack folder" value={out} onChoose={() => void call(api().dialogs.openFolder({ title: 'Choose where to write the pack' })).then((p) => p && setOut(p))} />
        <label>
          <input type="checkbox" checked={activate} onChange={(e) => setActivate(e.target.checked)} /> make it the active pack
        </label>
        <div className="actions">
          <button type="button" className="primary" disabled={!run || !out || exportAct.busy} onClick={doExport}>
            Export pack
          </button>
        </div>
        {exported ? (
          <p className="ok-text small" role="status">
            Exported {exported}
          </p>
        ) : null}
        <InlineError text={exportAct.error} onDismiss={exportAct.clear} />
      </section>
    </div>
  );
}
