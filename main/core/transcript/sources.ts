import { existsSync } from 'node:fs';
import type { StageContext } from '../context.ts';
import { AppError } from '../errors.ts';
import type { SpeechSegment, TranscriptSourceId } from '../types.ts';
import { DEFAULT_ASR_MODEL } from './asr/asr-models.ts';
import { requireAsrModel, transcribeWithWhisper } from './asr/whisper.ts';
import { extractEmbeddedSrt } from './embedded.ts';
import { parseTranscriptText, readTranscriptFile } from './transcript-file.ts';
import type { RawTranscript } from './transcript-file.ts';
import { findSidecar } from './sidecar.ts';

/**
 * Transcript sources (DESIGN 3.4), a table tried in order (STYLE habit 13). An explicit
 * `--transcript FILE` comes first: the user named it, so it wins over anything found.
 */

export interface ResolveOptions {
  /** `--transcript FILE` (.srt / .vtt by extension, else plain text). */
  explicitPath?: string;
  /** Speech segments from the VAD; plain text is spread over them. */
  speech?: SpeechSegment[];
  /** Clip duration; plain text spreads over it when there are no speech segments. */
  durationSec: number;
  /**
   * 16 kHz mono audio for Whisper, decoded only when Whisper is reached (every earlier source is
   * cheaper, and a clip's audio is otherwise only streamed through the worker).
   */
  loadAudio16k?: () => Promise<Float32Array>;
  allowAsr: boolean;
  /** A name from asr/asr-models.ts; default whisper-tiny.en. */
  asrModel?: string;
  /** Subtitle streams to try, as the N of `-map 0:s:N` (embedded.ts embeddedCandidates); undefined = try 0. */
  embeddedStreams?: number[];
}

export type SourceOutcome = { raw: RawTranscript; origin: string } | { skip: string };

export type SourceId = Exclude<TranscriptSourceId, 'none'>;

export interface TranscriptSource {
  id: SourceId;
  description: string;
  read(file: string, ctx: StageContext, opts: ResolveOptions): Promise<SourceOutcome>;
}

function sidecarSource(id: SourceId, ext: 'srt' | 'vtt' | 'txt'): TranscriptSource {
  return {
    id,
    description: `a .${ext} file next to the video with the same base name`,
    async read(file) {
      const found = await findSidecar(file, ext);
      if (!found) return { skip: `no .${ext} next to the video` };
      const raw = await readTranscriptFile(found.file, ext);
      if (!raw) return { skip: `${found.file} holds no ${ext === 'txt' ? 'words' : 'valid cues'}` };
      if (found.language) raw.language = found.language;
      return { raw, origin: found.file };
    },
  };
}

export const TRANSCRIPT_SOURCES: readonly TranscriptSource[] = [
  {
    id: 'cli',
    description: 'the file given with --transcript',
    async read(_file, _ctx, opts) {
      const p = opts.explicitPath;
      if (p === undefined) return { skip: 'no --transcript given' };
      if (!existsSync(p)) throw new AppError('FileUnreadable', `The transcript ${p} does not exist.`, { file: p });
      const raw = await readTranscriptFile(p);
      if (!raw) throw new AppError('InvalidArgument', `The transcript ${p} holds no words (an empty file, or subtitles without a valid cue).`, { file: p });
      return { raw, origin: p };
    },
  },
  sidecarSource('sidecar-srt', 'srt'),
  sidecarSource('sidecar-vtt', 'vtt'),
  sidecarSource('sidecar-txt', 'txt'),
  {
    id: 'embedded',
    description: 'a text subtitle stream inside the video',
    async read(file, ctx, opts) {
      const streams = opts.embeddedStreams ?? [0];
      if (streams.length === 0) return { skip: 'no text subtitle stream' };
      for (const n of streams) {
        const srt = await extractEmbeddedSrt(file, n, ctx);
        const raw = srt === null ? null : parseTranscriptText(srt, 'srt');
        if (raw) return { raw, origin: `${file} (subtitle stream s:${n})` };
      }
      return { skip: `no text in subtitle stream(s) ${streams.map((n) => `s:${n}`).join(', ')}` };
    },
  },
  {
    id: 'whisper',
    description: 'speech recognition (Whisper) on the audio',
    async read(_file, ctx, opts) {
      if (!opts.allowAsr) return { skip: 'speech recognition is turned off' };
      if (!opts.loadAudio16k) return { skip: 'no audio to recognise' };
      if (opts.speech && opts.speech.length === 0) return { skip: 'the voice activity detector found no speech' };
      const model = opts.asrModel ?? DEFAULT_ASR_MODEL;
      await requireAsrModel(model); // before decoding: a missing model costs nothing
      const audio = await opts.loadAudio16k();
      if (audio.length === 0) return { skip: 'no audio to recognise' };
      const raw = await transcribeWithWhisper(audio, ctx, { model, ...(opts.speech ? { speech: opts.speech } : {}) });
      return raw.kind === 'timed' && raw.words.length === 0 ? { skip: `${model} recognised no words` } : { raw, origin: model };
    },
  },
];

export function transcriptSourceIds(): SourceId[] {
  return TRANSCRIPT_SOURCES.map((s) => s.id);
}

export function getTranscriptSource(id: string): TranscriptSource {
  const s = TRANSCRIPT_SOURCES.find((x) => x.id === id);
  if (!s) throw new AppError('InvalidArgument', `Unknown transcript source "${id}"; valid sources: ${transcriptSourceIds().join(', ')}.`);
  return s;
}
