import { useCallback, useEffect, useRef, useState } from 'react';
import type { BatchJobSummary, BatchProgressEvent, BatchRow, BatchRunState, ClipResult } from '../../preload/contract.ts';
import { api, call, errorText } from '../api.ts';
import { BatchLive } from '../components/batch-live.tsx';
import { InlineError } from '../components/inline-error.tsx';
import { PathField } from '../components/path-field.tsx';
import { ResultPage } from '../components/result-page.tsx';
import { baseName, eta, signed } from '../format.ts';
import { useEvent } from '../hooks/use-event.ts';

type Outcome = 'all' | 'succeeded' | 'failed' | 'pending';
type Label = 'all' | 'negative' | 'neutral' | 'positive';
const PAGE = 200;
/** Rows are re-read at most this often while a batch runs (progress events come up to 10/s). */
const ROW_REFRESH_MS = 1000;
/** A batch run by another process (corrkd batch, local or over a queue) sends no events: the store is read this often. */
const STORE_POLL_MS = 2000;
/** ... and this often while none runs, to find one started in a terminal. */
const STORE_DISCOVER_MS = 5000;

/** Batch: a folder into the results store (the one `corrkd batch --db` uses), live table, filters, export. */
export function BatchView() {
  const [folder, setFolder] = useState<string | null>(null);
  const [state, setState] = useState<BatchRunState | null>(null);
  const [progress, setProgress] = useState<BatchProgressEvent | null>(null);
  const [jobs, setJobs] = useState<BatchJobSummary[]>([]);
  const [jobId, setJobId] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<Outcome>('all');
  const [label, setLabel] = useState<Label>('all');
  const [rows, setRows] = useState<BatchRow[]>([]);
  const [matched, setMatched] = useState(0);
  const [limit, setLimit] = useState(PAGE);
  const [open, setOpen] = useState<ClipResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exported, setExported] = useState<string | null>(null);
  const lastRefresh = useRef(0);
  const [now, setNow] = useState(() => Date.now());

  const newestSeen = useRef<number | null>(null);
  const loadJobs = useCallback(async () => {
    const list = await call(api().batch.jobs());
    setJobs(list);
    const newest = list[0];
    // A batch that starts meanwhile (here or in a terminal) is shown, as the window's own runs are.
    const started = newest !== undefined && newestSeen.current !== null && newest.id > newestSeen.current && newest.status === 'running';
    if (newest !== undefined) newestSeen.current = Math.max(newestSeen.current ?? 0, newest.id);
    setJobId((cur) => (started ? newest.id : (cur ?? newest?.id ?? null)));
  }, []);

  const loadRows = useCallback(async () => {
    if (jobId === null) return;
    lastRefresh.current = Date.now();
    const r = await call(api().batch.rows({ jobId, outcome, label, offset: 0, limit }));
    setRows(r.rows);
    setMatched(r.matched);
  }, [jobId, outcome, label, limit]);

  useEffect(() => {
    void call(api().batch.state()).then((s) => {
      setState(s);
      if (s.folder) setFolder(s.folder);
    }, (e: unknown) => setError(errorText(e)));
    void loadJobs().catch((e: unknown) => setError(errorText(e)));
  }, [loadJobs]);

  useEffect(() => {
    void loadRows().catch((e: unknown) => setError(errorText(e)));
  }, [loadRows]);

  // Another process's batch (the job record says running, this window's runner does not run it):
  // follow it from the store, since only this window's own runner sends progress events.
  const external = jobs.some((j) => j.status === 'running' && !(state?.running && state.jobId === j.id));
  const ownRun = state?.running ?? false;
  useEffect(() => {
    if (ownRun && !external) return; // this window's runner sends events
    const timer = setInterval(
      () => {
        setNow(Date.now());
        void loadJobs().catch(() => {});
        if (external) void loadRows().catch(() => {});
      },
      external ? STORE_POLL_MS : STORE_DISCOVER_MS,
    );
    return () => clearInterval(timer);
  }, [external, ownRun, loadJobs, loadRows]);

  useEvent(api().batch.onState, (s) => {
    setState(s);
    if (s.jobId !== null) setJobId(s.jobId);
    void loadJobs().catch(() => {});
    if (!s.running) void loadRows().catch(() => {});
  });
  useEvent(api().batch.onProgress, (p) => {
    setProgress(p);
    if (jobId !== p.jobId) setJobId(p.jobId);
    if (Date.now() - lastRefresh.current > ROW_REFRESH_MS) void loadRows().catch(() => {});
  });

  const chooseFolder = async () => {
    const dir = await call(api().dialogs.openFolder({ title: 'Choose the folder to analyse' })).catch((e: unknown) => (setError(errorText(e)), null));
    if (dir) setFolder(dir);
  };
  const start = async (resume: boolean) => {
    if (!folder) return;
    setError(null);
    setProgress(null);
    try {
      setState(await call(api().batch.start({ folder, resume })));
    } catch (e) {
      setError(errorText(e));
    }
  };
  const pause = () => void call(api().batch.cancel()).then(setState, (e: unknown) => setError(errorText(e)));
  const exportAs = async (format: 'csv' | 'jsonl') => {
    if (jobId === null) return;
    setExported(null);
    try {
      const out = await call(api().dialogs.saveFile({ title: `Export job ${jobId}`, defaultName: `corrkd-batch-${jobId}.${format}` }));
      if (!out) return;
      const r = await call(api().batch.exportRows({ jobId, format, out }));
      setExported(r.file);
    } catch (e) {
      setError(errorText(e));
    }
  };
  const openRow = async (row: BatchRow) => {
    if (jobId === null || row.outcome !== 'succeeded') return;
    try {
      setOpen(await call(api().batch.result({ jobId, path: row.path })));
    } catch (e) {
      setError(errorText(e));
    }
  };

  if (open) return <ResultPage result={open} onClose={() => setOpen(null)} />;

  const running = state?.running ?? false;
  const job = jobs.find((j) => j.id === jobId);
  const pct = progress && progress.total > 0 ? progress.done / progress.total : null;
  return (
    <div className="batch">
      <section className="card toolbar-card">
        <PathField label="Folder" value={folder} onChoose={() => void chooseFolder()} placeholder="choose a folder of clips" testId="batch-folder" />
        <div className="actions">
          <button type="button" className="primary" disabled={!folder || running} onClick={() => void start(false)}>
            Start
          </button>
          <button type="button" disabled={!folder || running} onClick={() => void start(true)} title="Continue the newest job over this folder; files already done are skipped">
            Resume
          </button>
          <button type="button" disabled={!running} onClick={pause} title="Stops new files; the ones in flight are redone on Resume">
            Pause
          </button>
        </div>
        <p className="muted small">
          Results store <span className="mono">{state?.storeFile ?? '…'}</span> — the same file <span className="mono">corrkd batch --db</span> takes, so batches run in a terminal show here too.
        </p>
        {running || progress ? (
          <div className="batch-progress" role="status" aria-live="polite">
            <progress max={1} value={pct ?? undefined} aria-label="Batch progress" />
            {progress ? (
              <span>
                {progress.done}/{progress.total} files · {progress.succeeded} analysed · {progress.failed} failed · {progress.skipped} skipped ·{' '}
                {progress.filesPerMin !== null ? `${progress.filesPerMin.toFixed(1)} files/min` : '–'} · ETA {eta(progress.etaSec)}
              </span>
            ) : (
              <span>scanning the folder…</span>
            )}
          </div>
        ) : null}
        {state?.last && !running ? <p className={`small ${state.last.status === 'failed' ? 'error-text' : 'muted'}`}>{state.last.message}</p> : null}
        <InlineError text={error} onDismiss={() => setError(null)} />
      </section>

      <section className="card">
        <div className="table-tools">
          <label>
            Job{' '}
            <select value={jobId ?? ''} onChange={(e) => setJobId(e.target.value ? Number(e.target.value) : null)} aria-label="Batch job">
              {jobs.length === 0 ? <option value="">no batch yet</option> : null}
              {jobs.map((j) => (
                <option key={j.id} value={j.id}>
                  #{j.id} {baseName(j.folder)} · {j.status} · {j.counts.succeeded}/{j.counts.total}
                </option>
              ))}
            </select>
          </label>
          <label>
            Outcome{' '}
            <select value={outcome} onChange={(e) => setOutcome(e.target.value as Outcome)}>
              <option value="all">all</option>
              <option value="succeeded">analysed</option>
              <option value="failed">failed</option>
              <option value="pending">not finished</option>
            </select>
          </label>
          <label>
            Label{' '}
            <select value={label} onChange={(e) => setLabel(e.target.value as Label)}>
              <option value="all">all</option>
              <option value="negative">negative</option>
              <option value="neutral">neutral</option>
              <option value="positive">positive</option>
            </select>
          </label>
          <span className="spacer" />
          <button type="button" disabled={jobId === null} onClick={() => void exportAs('csv')}>
            Export CSV
          </button>
          <button type="button" disabled={jobId === null} onClick={() => void exportAs('jsonl')}>
            Export JSONL
          </button>
        </div>
        {exported ? (
          <p className="small ok-text" role="status">
            Exported to <span className="mono">{exported}</span>
          </p>
        ) : null}
        {job ? (
          <p className="muted small">
            Job #{job.id} over <span className="mono">{job.folder}</span> · model {job.model.id} {job.model.version} · {job.counts.total} files: {job.counts.succeeded} analysed, {job.counts.failed}{' '}
            failed, {job.counts.pending} not finished
            {job.error ? ` · ${job.error.kind}: ${job.error.message}` : ''}
          </p>
        ) : null}
        {job && !(running && state?.jobId === job.id) ? <BatchLive job={job} now={now} /> : null}
        <div className="table-wrap">
          <table className="rows" data-testid="batch-table">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Status</th>
                <th scope="col">Label</th>
                <th scope="col" className="num">
                  Score
                </th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr
                  key={r.path}
                  className={`row ${r.outcome}`}
                  tabIndex={r.outcome === 'succeeded' ? 0 : -1}
                  onClick={() => void openRow(r)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') void openRow(r);
                  }}
                  aria-label={r.outcome === 'succeeded' ? `Open the result of ${baseName(r.path)}` : undefined}
                >
                  <td className="mono" title={r.path}>
                    {baseName(r.path)}
                  </td>
                  <td>{r.status}</td>
                  <td>{r.label ? <span className={`chip ${r.label === 'negative' ? 'neg' : r.label === 'positive' ? 'pos' : 'neu'}`}>{r.label}</span> : ''}</td>
                  <td className="num">{r.score !== null ? signed(r.score) : ''}</td>
                  <td className="error-cell">{r.error ? `${r.error.kind}: ${r.error.message}` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length === 0 ? <p className="muted small empty">{jobId === null ? 'Start a batch to fill this table.' : 'No file matches these filters.'}</p> : null}
        </div>
        {matched > rows.length ? (
          <button type="button" className="ghost" onClick={() => setLimit((l) => l + PAGE)}>
            Show more ({matched - rows.length} more)
          </button>
        ) : null}
      </section>
    </div>
  );
}
