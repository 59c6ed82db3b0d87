import { useCallback, useEffect, useState } from 'react';
import type { ModelsReply } from '../../preload/contract.ts';
import { api, call, errorText } from '../api.ts';
import { InlineError } from '../components/inline-error.tsx';
import { DatasetPanel } from './models/dataset-panel.tsx';
import { EvaluationPanel } from './models/evaluation-panel.tsx';
import { PacksPanel } from './models/packs-panel.tsx';
import { TrainingPanel } from './models/training-panel.tsx';

const TABS = [
  ['packs', 'Model packs'],
  ['dataset', 'Dataset'],
  ['train', 'Train'],
  ['evaluate', 'Evaluate & export'],
] as const;
type Tab = (typeof TABS)[number][0];

/** Models & training: packs (manifest, metrics, switch), dataset build, training with live losses, evaluation and export. */
export function ModelsView({ initialTab }: { initialTab?: Tab }) {
  const [tab, setTab] = useState<Tab>(initialTab ?? 'packs');
  const [models, setModels] = useState<ModelsReply | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    try {
      setModels(await call(api().models.list()));
    } catch (e) {
      setError(errorText(e));
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);

  const onTabKey = (e: React.KeyboardEvent, i: number) => {
    const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!d) return;
    e.preventDefault();
    const next = TABS[(i + d + TABS.length) % TABS.length]![0];
    setTab(next);
    document.getElementById(`tab-${next}`)?.focus();
  };

  return (
    <div className="models">
      <div className="tabs" role="tablist" aria-label="Models and training">
        {TABS.map(([id, name], i) => (
          <button
            key={id}
            id={`tab-${id}`}
            type="button"
            role="tab"
            aria-selected={tab === id}
            aria-controls={`panel-${id}`}
            tabIndex={tab === id ? 0 : -1}
            className={tab === id ? 'tab active' : 'tab'}
            onClick={() => setTab(id)}
            onKeyDown={(e) => onTabKey(e, i)}
          >
            {name}
          </button>
        ))}
      </div>
      <InlineError text={error} onDismiss={() => setError(null)} />
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
        {tab === 'packs' ? <PacksPanel models={models} onChanged={setModels} /> : null}
        {tab === 'dataset' ? <DatasetPanel /> : null}
        {tab === 'train' ? <TrainingPanel /> : null}
        {tab === 'evaluate' ? <EvaluationPanel models={models} onChanged={() => void reload()} /> : null}
      </div>
    </div>
  );
}
