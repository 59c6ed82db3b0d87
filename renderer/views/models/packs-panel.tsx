import { useState } from 'react';
import type { ModelPack, ModelsReply } from '../../../preload/contract.ts';
import { api, call } from '../../api.ts';
import { InlineError } from '../../components/inline-error.tsx';
import { MetricsTable } from '../../components/metrics-table.tsx';
import { useAction } from '../../hooks/use-async.ts';

const CONDITION_ORDER = ['l', 'a', 'v', 'la', 'lv', 'av', 'lav'];

/** The packs the app can run, the selected one's manifest and metrics, and switching the active pack. */
export function PacksPanel({ models, onChanged }: { models: ModelsReply | null; onChanged: (m: ModelsReply) => void }) {
  const [selected, setSelected] = useState<string | null>(null);
  const act = useAction();
  if (!models) return <p className="muted">Loading model packs…</p>;
  const pack = models.packs.find((p) => p.dir === selected) ?? models.packs.find((p) => p.active) ?? models.packs[0];
  const activate = (p: ModelPack) => void act.run(async () => onChanged(await call(api().models.activate({ dir: p.dir }))));
  return (
    <div className="packs">
      <section className="card">
        <h3>Model packs</h3>
        <p className="muted small">{models.textVectors.detail}</p>
        <table className="rows" data-testid="packs-table">
          <thead>
            <tr>
              <th scope="col">Pack</th>
              <th scope="col">Version</th>
              <th scope="col">Trained with</th>
              <th scope="col">State</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {models.packs.map((p) => (
              <tr key={p.dir} className={`row${p === pack ? ' selected' : ''}`} tabIndex={0} onClick={() => setSelected(p.dir)} onKeyDown={(e) => e.key === 'Enter' && setSelected(p.dir)}>
                <td>
                  <strong>{p.id ?? '(no id)'}</strong> <span className="muted small mono">{p.dir}</span>
                </td>
                <td>{p.version ?? '–'}</td>
                <td>{p.trainedModalities.join(', ') || '–'}</td>
                <td>
                  {p.active ? <span className="chip pos">active</span> : null} {p.bundled ? <span className="chip neu">bundled</span> : null}{' '}
                  {p.problem ? <span className="chip neg">unusable</span> : null}{' '}
                  {p.licence && !p.licence.commercialUse ? (
                    <span className="chip warn" title={p.licence.notice} data-testid="non-commercial">
                      non-commercial
                    </span>
                  ) : null}
                </td>
                <td>
                  {!p.active && !p.problem ? (
                    <button
                      type="button"
                      className="small"
                      onClick={(e) => {
                        e.stopPropagation();
                        activate(p);
                      }}
                    >
                      Make active
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <InlineError text={act.error} onDismiss={act.clear} />
      </section>
      {pack ? <PackDetail pack={pack} /> : <p className="muted">No model pack found.</p>}
    </div>
  );
}

function PackDetail({ pack }: { pack: ModelPack }) {
  const ev = pack.evaluation;
  const rows = ev?.conditions ? CONDITION_ORDER.filter((c) => ev.conditions?.[c]).map((c) => ({ name: c, metrics: ev.conditions![c]!, strong: c === 'lav' })) : [];
  if (ev?.avg) rows.push({ name: 'avg of the six incomplete', metrics: ev.avg, strong: false });
  const manifest = pack.manifest as { training?: { description?: string; samples?: Record<string, number>; epochs?: Record<string, number> }; metrics?: { source?: string; table?: Record<string, Record<string, number | null>> } } | null;
  const table = manifest?.metrics?.table ?? {};
  return (
    <section className="card pack-detail" data-testid="pack-detail">
      <h3>
        {pack.id ?? pack.dir} <span className="muted small">{pack.version}</span>
      </h3>
      {pack.problem ? <p className="error-text">{pack.problem}</p> : null}
      <dl className="facts">
        <dt>Folder</dt>
        <dd className="mono">{pack.dir}</dd>
        <dt>Created</dt>
        <dd>{pack.created ?? '–'}</dd>
        <dt>Trained with</dt>
        <dd>{pack.trainedModalities.join(', ') || '–'}</dd>
        <dt>Licence</dt>
        <dd data-testid="pack-licence">
          {pack.licence ? (
            <>
              <strong>{pack.licence.id}</strong>
              {pack.licence.commercialUse ? null : <span className="warn"> · non-commercial use only</span>}
              <br />
              <span className="small">{pack.licence.notice}</span>
            </>
          ) : (
            <span className="muted">not stated in the manifest</span>
          )}
        </dd>
        {manifest?.training?.description ? (
          <>
            <dt>Training</dt>
            <dd>{manifest.training.description}</dd>
          </>
        ) : null}
        {manifest?.training?.samples ? (
          <>
            <dt>Samples</dt>
            <dd>{Object.entries(manifest.training.samples).map(([k, v]) => `${k} ${v}`).join(' · ')}</dd>
          </>
        ) : null}
      </dl>
      {rows.length > 0 ? <MetricsTable rows={rows} caption="Fixed missing-modality protocol (F1/Acc as %, MAE and Corr raw)" /> : null}
      {Object.keys(table).length > 0 && rows.length === 0 ? (
        <MetricsTable rows={Object.entries(table).map(([name, metrics]) => ({ name, metrics }))} caption={`Metrics in the manifest: ${manifest?.metrics?.source ?? ''}`} />
      ) : null}
      <details>
        <summary>manifest.json</summary>
        <pre className="json">{JSON.stringify(pack.manifest, null, 2)}</pre>
      </details>
    </section>
  );
}
