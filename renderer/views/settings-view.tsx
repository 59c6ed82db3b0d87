import { useEffect, useState } from 'react';
import type { DownloadEvent, SettingsReply, SettingsValues } from '../../preload/contract.ts';
import { api, call, errorText } from '../api.ts';
import { InlineError } from '../components/inline-error.tsx';
import { percent } from '../format.ts';
import { useEvent } from '../hooks/use-event.ts';

const DEVICE_TEXT = { auto: 'Automatic (GPU when available)', cpu: 'CPU only', gpu: 'GPU' } as const;

/** Settings: device preference with what is really available, frame rate, speech recognition, locations. */
export function SettingsView() {
  const [s, setS] = useState<SettingsReply | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pulling, setPulling] = useState<string | null>(null);
  const [download, setDownload] = useState<Record<string, DownloadEvent>>({});
  const [fps, setFps] = useState<string>('');

  useEffect(() => {
    void call(api().settings.get()).then(
      (r) => {
        setS(r);
        setFps(String(r.values.fps));
      },
      (e: unknown) => setError(errorText(e)),
    );
  }, []);
  useEvent(api().settings.onDownload, (d) => setDownload((prev) => ({ ...prev, [d.file]: d })));

  const save = async (patch: Partial<Omit<SettingsValues, 'activePack' | 'knownPacks'>>) => {
    setError(null);
    try {
      setS(await call(api().settings.set(patch)));
    } catch (e) {
      setError(errorText(e));
    }
  };
  const pull = async (name: string) => {
    setPulling(name);
    setDownload({});
    setError(null);
    try {
      setS(await call(api().settings.pullAsr({ name })));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setPulling(null);
    }
  };
  const chooseStore = async () => {
    const f = await call(api().dialogs.openFile({ title: 'Choose a results store (corrkd batch --db FILE)', kind: 'sqlite' })).catch(() => null);
    if (f) await save({ storeFile: f });
  };

  if (!s) return error ? <InlineError text={error} /> : <p className="muted">Loading…</p>;
  const v = s.values;
  const loaded = Object.values(download).reduce((n, d) => n + d.loaded, 0);
  const total = Object.values(download).reduce((n, d) => n + (d.total ?? 0), 0);
  return (
    <div className="settings">
      <InlineError text={error} onDismiss={() => setError(null)} />
      <section className="card" data-testid="settings-device">
        <h3>Device</h3>
        <fieldset className="device-choices">
          <legend className="sr-only">Device preference</legend>
          {s.devices.map((d) => (
            <label key={d.pref} className={`device${v.device === d.pref ? ' chosen' : ''}`}>
              <input type="radio" name="device" checked={v.device === d.pref} onChange={() => void save({ device: d.pref })} />
              <span>
                <strong>{DEVICE_TEXT[d.pref]}</strong>
                <span className="small"> tries {d.order.join(' → ')} (the first that starts runs the model; each result names it)</span>
                {d.skipped.length > 0 ? (
                  <ul className="skipped small muted">
                    {d.skipped.map((k) => (
                      <li key={k.provider}>
                        {k.provider}: {k.reason}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </span>
            </label>
          ))}
        </fieldset>
      </section>

      <section className="card">
        <h3>Face sampling</h3>
        <label className="inline-fields">
          Frames per second{' '}
          <input
            type="number"
            min={1}
            max={30}
            step={1}
            value={fps}
            onChange={(e) => setFps(e.target.value)}
            onBlur={() => {
              const n = Number(fps);
              if (Number.isFinite(n) && n >= 1 && n <= 30 && n !== v.fps) void save({ fps: n });
              else setFps(String(v.fps));
            }}
          />
          <span className="muted small">default 5; higher follows faster expressions, costs time</span>
        </label>
      </section>

      <section className="card" data-testid="settings-asr">
        <h3>Speech recognition</h3>
        <p className="muted small">Used only when a clip has no subtitle file or stream. Models are downloaded only when you ask, once.</p>
        <label>
          <input type="checkbox" checked={v.useAsr} onChange={(e) => void save({ useAsr: e.target.checked })} /> transcribe clips without subtitles (Whisper, on this computer)
        </label>
        <table className="rows">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Size</th>
              <th scope="col">State</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {s.asr.map((m) => (
              <tr key={m.name}>
                <td>
                  <label>
                    <input type="radio" name="asr" checked={v.asrModel === m.name} onChange={() => void save({ asrModel: m.name })} /> {m.name}
                  </label>
                </td>
                <td className="nowrap">≈{m.approxMB} MB</td>
                <td className={m.present ? 'ok-text' : 'muted'} title={m.detail}>
                  {m.present ? m.detail : 'not downloaded'}
                </td>
                <td>
                  {!m.present ? (
                    <button type="button" className="small" disabled={pulling !== null} onClick={() => void pull(m.name)}>
                      {pulling === m.name ? 'Downloading…' : 'Download'}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {pulling ? (
          <div className="batch-progress" role="status">
            <progress max={1} value={total > 0 ? loaded / total : undefined} />
            <span>
              {pulling}: {(loaded / 1e6).toFixed(1)} MB{total > 0 ? ` of ${(total / 1e6).toFixed(1)} MB (${percent(loaded / total)})` : ''}
            </span>
          </div>
        ) : null}
      </section>

      <section className="card" data-testid="settings-locations">
        <h3>Locations</h3>
        <dl className="facts">
          <dt>Data</dt>
          <dd className="mono">{s.locations.data}</dd>
          <dt>Feature cache</dt>
          <dd className="mono">{s.locations.cache}</dd>
          <dt>Speech models</dt>
          <dd className="mono">{s.locations.asrModels}</dd>
          <dt>Bundled model packs</dt>
          <dd className="mono">{s.locations.bundledModels}</dd>
          <dt>Settings file</dt>
          <dd className="mono">{s.locations.settingsFile}</dd>
          <dt>Results store</dt>
          <dd>
            <span className="mono">{v.storeFile}</span>{' '}
            <button type="button" className="small" onClick={() => void chooseStore()}>
              Choose…
            </button>
          </dd>
        </dl>
      </section>
    </div>
  );
}
