import type { StageContext } from '../context.ts';
import { AppError, isAppError, throwIfAborted } from '../errors.ts';
import type { Transcript } from '../types.ts';
import { getTranscriptSource, transcriptSourceIds } from './sources.ts';
import type { ResolveOptions, SourceId } from './sources.ts';
import { splitWords, spreadOverSpeech } from './spread-words.ts';
import type { RawTranscript } from './transcript-file.ts';

export type { ResolveOptions } from './sources.ts';

/** What each source said, for the UI's "why is text missing" and for logs. */
export interface TranscriptAttempt {
  source: SourceId;
  outcome: 'used' | 'skipped' | 'failed';
  reason: string;
}

export interface ResolvedTranscript extends Transcript {
  /** The file (or model) the transcript came from; absent for 'none'. */
  origin?: string;
  attempts: TranscriptAttempt[];
}

/** Sources whose failure must stop the analysis: the user named the file, so a bad one is bad input. */
const STRICT: ReadonlySet<SourceId> = new Set(['cli']);

function toTranscript(source: SourceId, raw: RawTranscript, opts: ResolveOptions): Transcript {
  if (raw.kind === 'timed') {
    return {
      source,
      text: raw.text,
      words: raw.words,
      timed: true,
      ...(raw.confidence !== undefined ? { confidence: raw.confidence } : {}),
      ...(raw.language ? { language: raw.language } : {}),
    };
  }
  const words = spreadOverSpeech(splitWords(raw.text), opts.speech ?? [], opts.durationSec);
  return { source, text: raw.text, words, timed: false, ...(raw.language ? { language: raw.language } : {}) };
}

/**
 * The first transcript source that applies (DESIGN 3.4), or source 'none' with no words. A source
 * that fails (an unreadable sidecar, ffmpeg unable to read a subtitle stream, a missing ASR model)
 * is recorded in `attempts` and the next one is tried; only a bad --transcript file and
 * cancellation stop the search.
 */
export async function resolveTranscript(file: string, ctx: StageContext, opts: ResolveOptions): Promise<ResolvedTranscript> {
  if (!(opts.durationSec >= 0)) throw new AppError('InvalidArgument', `durationSec ${opts.durationSec} is not allowed; it must be a number >= 0.`, { file });
  const attempts: TranscriptAttempt[] = [];
  for (const id of transcriptSourceIds()) {
    throwIfAborted(ctx.signal, 'transcript search');
    const source = getTranscriptSource(id);
    try {
      const r = await source.read(file, ctx, opts);
      if ('skip' in r) {
        attempts.push({ source: id, outcome: 'skipped', reason: r.skip });
        continue;
      }
      attempts.push({ source: id, outcome: 'used', reason: r.origin });
      ctx.log('info', `transcript of ${file}: ${id} (${r.origin})`);
      return { ...toTranscript(id, r.raw, opts), origin: r.origin, attempts };
    } catch (e) {
      if (STRICT.has(id) || (isAppError(e) && e.kind === 'Canceled')) throw e;
      const reason = e instanceof Error ? e.message : String(e);
      attempts.push({ source: id, outcome: 'failed', reason });
      ctx.log('warn', `transcript source ${id} failed for ${file}: ${reason}`);
    }
  }
  return { source: 'none', text: '', words: [], timed: false, attempts };
}
