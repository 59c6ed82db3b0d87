import type { StageContext } from '../../context.ts';
import { AppError, isAppError, throwIfAborted } from '../../errors.ts';
import type { SpeechSegment, Word } from '../../types.ts';
import type { RawTranscript } from '../transcript-file.ts';
import { asrConfidence } from './asr-confidence.ts';
import { getAsrModel } from './asr-models.ts';
import type { AsrModelSpec } from './asr-models.ts';
import { ownedWords, wordsFromAsrOutput } from './asr-output.ts';
import { WHISPER_RATE, planWindows } from './audio-prep.ts';
import { modelMissingError, modelState } from './model-store.ts';
import { loadTransformers } from './transformers-env.ts';

/**
 * Whisper through transformers.js, from the user's model folder only (local_files_only: the app
 * never downloads silently; `corrkd models pull` does that on request). We cut the audio into
 * 30 s windows ourselves (audio-prep.ts) rather than letting the pipeline chunk, so that cancel
 * and progress work between windows and windows without speech are skipped.
 */

type AsrRun = (audio: Float32Array, options: Record<string, unknown>) => Promise<unknown>;

/**
 * Throws ModelMissing (with how to get the model) unless the named model is complete on disk
 * (sizes checked; the hashes are checked once when the pipeline loads).
 */
export async function requireAsrModel(name: string): Promise<void> {
  const spec = getAsrModel(name);
  const st = await modelState(spec);
  if (st.state === 'missing') throw modelMissingError(spec, st.reason);
}

const pipelines = new Map<string, Promise<AsrRun>>();

async function createPipeline(spec: AsrModelSpec): Promise<AsrRun> {
  const st = await modelState(spec, { verify: true });
  if (st.state === 'missing') throw modelMissingError(spec, st.reason);
  const { pipeline } = await loadTransformers({ allowRemote: false });
  try {
    const p = await pipeline('automatic-speech-recognition', spec.repo, { local_files_only: true, dtype: spec.dtype, device: 'cpu' });
    return p as unknown as AsrRun;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw modelMissingError(spec, `it did not load: ${why}`);
  }
}

/** The loaded recognizer for a model name (memoised; a failed load is not cached). */
export function loadWhisper(name: string): Promise<AsrRun> {
  const spec = getAsrModel(name);
  let p = pipelines.get(spec.name);
  if (!p) {
    p = createPipeline(spec);
    pipelines.set(spec.name, p);
    p.catch(() => pipelines.delete(spec.name));
  }
  return p;
}

function overlapsSpeech(startSec: number, endSec: number, speech: readonly SpeechSegment[] | undefined): boolean {
  return speech === undefined || speech.some((s) => s.end > startSec && s.start < endSec);
}

/** The word-timestamp decode needs alignment heads; without them, segment timestamps still work. */
function needsSegmentFallback(e: unknown): boolean {
  const msg = e instanceof Error ? e.message : String(e);
  return /alignment_heads|cross_?attentions|token-level timestamps/i.test(msg);
}

export interface WhisperOptions {
  model: string;
  speech?: readonly SpeechSegment[];
}

/** Transcribes 16 kHz mono audio (audio-prep.ts toMono16k) into timed words with a confidence. */
export async function transcribeWithWhisper(audio16k: Float32Array, ctx: StageContext, opts: WhisperOptions): Promise<RawTranscript> {
  const spec = getAsrModel(opts.model);
  const run = await loadWhisper(spec.name);
  const durationSec = audio16k.length / WHISPER_RATE;
  const windows = planWindows(audio16k.length);
  const callOpts: Record<string, unknown> = { return_timestamps: 'word', ...(spec.englishOnly ? {} : { task: 'transcribe' }) };
  const words: Word[] = [];
  for (const [i, w] of windows.entries()) {
    throwIfAborted(ctx.signal, 'speech recognition');
    const [own0, own1] = [w.ownStart / WHISPER_RATE, w.ownEnd / WHISPER_RATE];
    if (overlapsSpeech(own0, own1, opts.speech)) {
      const chunk = audio16k.subarray(w.start, w.end);
      let out: unknown;
      try {
        out = await run(chunk, callOpts);
      } catch (e) {
        if (!needsSegmentFallback(e) || callOpts.return_timestamps !== 'word') {
          throw isAppError(e) ? e : new AppError('ToolFailed', `Speech recognition (${spec.name}) failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
        }
        ctx.log('warn', `${spec.name} has no word alignment; using segment timestamps (words spread within segments).`);
        callOpts.return_timestamps = true;
        out = await run(chunk, callOpts);
      }
      words.push(...ownedWords(wordsFromAsrOutput(out, w.start / WHISPER_RATE, chunk.length / WHISPER_RATE), own0, own1));
    }
    ctx.onProgress({ type: 'stage', stage: 'transcript', fraction: (i + 1) / windows.length, detail: `${spec.name}: ${Math.min(durationSec, own1).toFixed(0)} of ${durationSec.toFixed(0)} s` });
  }
  const conf = asrConfidence(words, { ...(opts.speech ? { speech: opts.speech } : {}), durationSec });
  ctx.log('debug', `${spec.name}: ${words.length} words, confidence ${conf.confidence.toFixed(2)} (speech ${conf.speechFraction.toFixed(2)}, compression ${conf.compression.toFixed(2)}, ${conf.wordsPerSec.toFixed(1)} words/s)`);
  return {
    kind: 'timed',
    words,
    text: words.map((x) => x.text).join(' '),
    confidence: conf.confidence,
    ...(spec.englishOnly ? { language: 'en' } : {}),
  };
}
