import { useCallback, useEffect, useState } from 'react';
import type { AnalyzeJob, ClipResult } from '../../preload/contract.ts';
import { api, call, errorText } from '../api.ts';
import { DropZone } from '../components/drop-zone.tsx';
import { InlineError } from '../components/inline-error.tsx';
import { JobList } from '../components/job-list.tsx';
import { ResultPage } from '../components/result-page.tsx';
import { useEvent } from '../hooks/use-event.ts';

/** Analyse: drop clips, follow their jobs, read the selected result. */
export function AnalyseView() {
  const [jobs, setJobs] = useState<AnalyzeJob[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [pinned, setPinned] = useState(false);
  const [result, setResult] = useState<ClipResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notes, setNotes] = useState<string[]>([]);

  useEffect(() => {
    void call(api().analyze.list()).then(setJobs, (e: unknown) => setError(errorText(e)));
  }, []);

  useEvent(api().analyze.onJob, (job) => {
    setJobs((prev) => {
      const i = prev.findIndex((j) => j.id === job.id);
      if (i < 0) return [...prev, job];
      const next = [...prev];
      next[i] = job;
      return next;
    });
    if (job.status === 'succeeded' && !pinned) setSelected(job.id);
  });

  const selectedStatus = jobs.find((j) => j.id === selected)?.status;
  useEffect(() => {
    setResult(null);
    if (!selected || selectedStatus !== 'succeeded') return;
    let live = true;
    void call(api().analyze.result({ jobId: selected })).then(
      (r) => live && setResult(r),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [selected, selectedStatus]);

  const start = useCallback(async (paths: string[]) => {
    setError(null);
    try {
      const r = await call(api().analyze.start({ paths }));
      setNotes(r.rejected.map((x) => `${x.path}: ${x.reason}`));
      setPinned(false);
    } catch (e) {
      setError(errorText(e));
    }
  }, []);

  const pick = async () => {
    const paths = await call(api().dialogs.openMedia()).catch((e: unknown) => (setError(errorText(e)), []));
    if (paths.length > 0) await start(paths);
  };
  const pickFolder = async () => {
    const dir = await call(api().dialogs.openFolder({ title: 'Choose a folder of clips to analyse' })).catch((e: unknown) => (setError(errorText(e)), null));
    if (dir) await start([dir]);
  };
  const cancel = (id: string) => void call(api().analyze.cancel({ jobId: id })).catch((e: unknown) => setError(errorText(e)));
  const clear = () =>
    void call(api().analyze.clear()).then(
      () => setJobs((prev) => prev.filter((j) => j.status === 'queued' || j.status === 'running')),
      (e: unknown) => setError(errorText(e)),
    );
  const selectedJob = jobs.find((j) => j.id === selected);
  const runningJob = jobs.find((j) => j.status === 'running');

  return (
    <div className="analyse">
      <aside className="analyse-side">
        <DropZone onPaths={(p) => void start(p)} onPick={() => void pick()} onPickFolder={() => void pickFolder()} />
        <InlineError text={error} onDismiss={() => setError(null)} />
        {notes.length > 0 ? (
          <div className="notes" role="status">
            <strong>Not analysed:</strong>
            <ul>
              {notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <div className="side-head">
          <h2>Jobs</h2>
          {jobs.some((j) => j.status !== 'queued' && j.status !== 'running') ? (
            <button type="button" className="ghost small" onClick={clear}>
              Clear finished
            </button>
          ) : null}
        </div>
        <JobList
          jobs={jobs}
          selected={selected}
          onSelect={(id) => {
            setSelected(id);
            setPinned(true);
          }}
          onCancel={cancel}
        />
      </aside>
      <section className="analyse-main" aria-live="polite">
        {result ? (
          <ResultPage result={result} />
        ) : selectedJob?.status === 'failed' && selectedJob.error ? (
          <div className="placeholder">
            <h2>{selectedJob.name} could not be analysed</h2>
            <p>
              <strong>{selectedJob.error.kind}</strong>: {selectedJob.error.message}
            </p>
          </div>
        ) : runningJob ? (
          <div className="placeholder">
            <h2>Analysing {runningJob.name}…</h2>
            <p className="muted">
              {runningJob.stage ? `Now: ${runningJob.stage}. ` : ''}The result opens here when it is ready; the job list shows each stage.
            </p>
          </div>
        ) : (
          <div className="placeholder">
            <h2>Drop a clip to see how positive or negative the speaker is</h2>
            <p className="muted">
              CorrKD Studio reads what is said (text), how it is said (voice) and the face, and tells you which of them it could use. Everything runs on this computer.
            </p>
          </div>
        )}
      </section>
    </div>
  );
}
