import { useEffect, useState } from 'react';
import { AnalyseView } from './views/analyse-view.tsx';
import { BatchView } from './views/batch-view.tsx';
import { ModelsView } from './views/models-view.tsx';
import { SettingsView } from './views/settings-view.tsx';

const VIEWS = [
  ['analyse', 'Analyse', 'M4 5h16M4 12h10M4 19h7'],
  ['batch', 'Batch', 'M4 4h16v4H4zM4 10h16v4H4zM4 16h16v4H4z'],
  ['models', 'Models & training', 'M12 3l8 4.5v9L12 21l-8-4.5v-9zM12 12l8-4.5M12 12v9M12 12L4 7.5'],
  ['settings', 'Settings', 'M12 8a4 4 0 1 0 0 8a4 4 0 0 0 0-8zM3 12h2m14 0h2M12 3v2m0 14v2'],
] as const;
export type ViewId = (typeof VIEWS)[number][0];

/** The view named in the URL hash (#/batch), so a reload keeps the place; unknown -> analyse. */
function viewFromHash(): ViewId {
  const h = window.location.hash.replace(/^#\/?/, '');
  return (VIEWS.find(([id]) => id === h)?.[0] ?? 'analyse') as ViewId;
}

export function App() {
  const [view, setView] = useState<ViewId>(viewFromHash);
  useEffect(() => {
    const onHash = () => setView(viewFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const go = (id: ViewId) => {
    window.location.hash = `/${id}`;
    setView(id);
  };
  return (
    <div className="shell">
      <nav className="nav" aria-label="Main">
        <div className="brand">
          <svg viewBox="0 0 24 24" aria-hidden="true" className="brand-mark">
            <path d="M3 14c2-6 5-6 7 0s5 6 7 0 3-4 4-4" />
          </svg>
          <span>
            CorrKD <strong>Studio</strong>
          </span>
        </div>
        <ul>
          {VIEWS.map(([id, name, icon]) => (
            <li key={id}>
              <button type="button" className={view === id ? 'nav-item active' : 'nav-item'} aria-current={view === id ? 'page' : undefined} onClick={() => go(id)} data-view={id}>
                <svg viewBox="0 0 24 24" aria-hidden="true">
                  <path d={icon} />
                </svg>
                {name}
              </button>
            </li>
          ))}
        </ul>
        <p className="nav-foot muted small">Offline · nothing leaves this computer</p>
      </nav>
      <main className="content" id="main" tabIndex={-1}>
        <h1 className="sr-only">{VIEWS.find(([id]) => id === view)?.[1]}</h1>
        {view === 'analyse' ? <AnalyseView /> : null}
        {view === 'batch' ? <BatchView /> : null}
        {view === 'models' ? <ModelsView /> : null}
        {view === 'settings' ? <SettingsView /> : null}
      </main>
    </div>
  );
}
