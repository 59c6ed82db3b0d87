import { AppError } from '../../../main/core/errors.ts';
import type { StageContext } from '../../../main/core/context.ts';
import { ffmpegPath, ffprobePath } from '../../../main/core/media/ffmpeg-paths.ts';
import type { BatchAnalyzer } from '../../../main/core/jobs/default-analyzer.ts';
import { startProcess } from '../../../main/core/media/run-process.ts';
import { hashFile } from '../../../main/core/media/hash.ts';
import { packIdentityOf } from '../../../main/core/queue/pack-identity.ts';
import { RESULT_SCHEMA_VERSION, SUBSETS, type ClipResult } from '../../../main/core/result/schema.ts';

/**
 * The batch runner's dependency in tests (the app injects analyzeClip instead): a real analysis of
 * what is in the file that needs no model. It probes the streams with ffprobe, then decodes the whole
 * file with ffmpeg (a truncated or corrupt file fails the decode: MediaTruncated) and returns a result
 * of the one result schema (main/core/result/schema.ts, version 2) saying which modalities are
 * present: no modality is read by a model, so it holds no evidence (score null), as analyzeClip
 * answers for such a clip. The queue checks results against that schema on both sides. With `pace`, the decode runs at `pace`
 * times real time (ffmpeg's realtime filter), so a clip takes duration / pace seconds, like a real
 * analysis whose cost grows with the clip; tests use it to stop a batch while files are in flight.
 * It honours ctx.signal: abort kills ffmpeg/ffprobe and rejects.
 */
export interface ProbeAnalyzerOptions {
  pace?: number;
  /** Every analysed path is pushed here (to count calls). */
  calls?: string[];
  /** Every child pid is pushed here (to prove cancel leaves none). */
  pids?: number[];
}

/** The test analyzer's stand-in for a pack's file checksums (a queue worker compares them). */
export const PROBE_FILES = 'a'.repeat(64);

export function createProbeAnalyzer(opts: ProbeAnalyzerOptions = {}): BatchAnalyzer {
  return {
    model: { id: 'test-probe-analyzer', version: '1' },
    optionsHash: 'probe-v1', // pace changes how long a decode takes, not what it finds
    pack: packIdentityOf({ id: 'test-probe-analyzer', version: '1', files: { 'probe.txt': PROBE_FILES } }),
    analyze: (file, ctx) => probeAnalyze(file, ctx, opts),
  };
}

function lastLine(s: string, file: string): string {
  return s.split(`${file}: `).join('').split('\n').map((l) => l.trim()).filter(Boolean).at(-1) ?? '';
}

/** Runs a tool to the end (startProcess: abort kills it, and settles only after it exited). */
async function run(cmd: string, args: string[], signal: AbortSignal, pids?: number[]) {
  const proc = startProcess(cmd, args, { signal });
  if (proc.pid !== undefined) pids?.push(proc.pid);
  const out: Buffer[] = [];
  for await (const chunk of proc.stdout) out.push(chunk);
  const res = await proc.done;
  return { code: res.exitCode, stdout: Buffer.concat(out).toString('utf8'), stderr: res.stderrTail };
}

export async function probeAnalyze(file: string, ctx: StageContext, opts: ProbeAnalyzerOptions = {}): Promise<ClipResult> {
  opts.calls?.push(file);
  const probe = await run(ffprobePath(), ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type', '-of', 'json', '-i', file], ctx.signal, opts.pids);
  if (probe.code !== 0) throw new AppError('NotMedia', `${file}: ffprobe cannot open it: ${lastLine(probe.stderr, file)}`, { file });
  const info = JSON.parse(probe.stdout) as { streams?: { codec_type?: string }[]; format?: { duration?: string } };
  const types = new Set((info.streams ?? []).map((s) => s.codec_type));
  const hasAudio = types.has('audio');
  const hasVideo = types.has('video');
  const durationSec = Number(info.format?.duration ?? NaN);

  const pace = opts.pace ? [hasAudio ? '-af' : '-vf', hasAudio ? `asetpts=PTS/${opts.pace},arealtime` : `setpts=PTS/${opts.pace},realtime`] : [];
  const t0 = performance.now();
  const decode = await run(ffmpegPath(), ['-v', 'error', '-nostdin', '-i', file, ...pace, '-f', 'null', '-'], ctx.signal, opts.pids);
  const decodeMs = performance.now() - t0;
  if (decode.code !== 0 || decode.stderr.trim() !== '') {
    throw new AppError('MediaTruncated', `${file}: decoding stops early: ${lastLine(decode.stderr, file) || `ffmpeg exit ${decode.code}`}`, { file });
  }
  const modality = (present: boolean, missing: string) => ({
    present,
    usable: present,
    usedByModel: false,
    coverage: present ? 1 : 0,
    reason: present ? null : missing,
  });
  return {
    schema: RESULT_SCHEMA_VERSION,
    file,
    sha256: (await hashFile(file, ctx.signal)).sha256,
    durationSec: Number.isFinite(durationSec) ? durationSec : 0,
    model: { id: 'test-probe-analyzer', version: '1', trainedModalities: [] },
    device: { requested: 'cpu', provider: 'cpu', skipped: [] },
    modalities: {
      text: modality(false, 'no transcript (the test analyzer does not transcribe)'),
      audio: modality(hasAudio, 'no audio stream'),
      visual: modality(hasVideo, 'no video stream'),
    },
    transcript: { source: 'none', text: '' },
    score: null,
    label: null,
    class7: null,
    probabilities: null,
    prior: null,
    contributions: Object.fromEntries(SUBSETS.map((k) => [k, null])) as ClipResult['contributions'],
    segments: [],
    timingsMs: { decode: decodeMs },
    warnings: [],
  };
}
