import { AppError, throwIfAborted } from '../../errors.ts';
import type { StageContext } from '../../context.ts';
import type { SpeechSegment } from '../../types.ts';
import { SILERO_SAMPLE_RATE, SILERO_WINDOW, SileroModelState, sileroSession } from './silero-model.ts';
import type { SileroVersion } from './silero-model.ts';
import { SpeechSegmenter } from './speech-segmenter.ts';
import type { SegmenterOptions } from './speech-segmenter.ts';

/**
 * Voice activity (DESIGN 3.3): Silero VAD probabilities per 32 ms window (512 samples at 16 kHz)
 * plus speech segments by hysteresis (speech-segmenter.ts). Works on a whole buffer (detectSpeech)
 * or on streamed chunks (SileroVadStream / detectSpeechInChunks) that keep model state, context,
 * hysteresis state and the partial window across calls, so an hour of audio is never held at once.
 */

export interface VadOptions extends SegmenterOptions {
  /** Default 'v5'. */
  model?: SileroVersion;
}

export interface VadResult {
  /** Speech segments in seconds from the start of the audio, padded as Silero does. */
  segments: SpeechSegment[];
  /** Seconds per probability: 512 / 16000 = 0.032. probs[i] covers [i * frameSec, (i + 1) * frameSec). */
  frameSec: number;
  probs: Float32Array;
  /** Fraction of the audio's duration covered by speech segments, in [0, 1]. */
  speechRatio: number;
  durationSec: number;
}

/** How often (in windows, ~3 s of audio) to check for cancel and report progress. */
const CHECK_EVERY = 100;

export class SileroVadStream {
  private readonly pending = new Float32Array(SILERO_WINDOW);
  private pendingLen = 0;
  private totalSamples = 0;
  private probs = new Float32Array(1024);
  private nProbs = 0;
  private finished = false;

  private constructor(
    private readonly model: SileroModelState,
    private readonly segmenter: SpeechSegmenter,
    private readonly ctx: StageContext,
  ) {}

  static async create(ctx: StageContext, opts: VadOptions = {}): Promise<SileroVadStream> {
    const version = opts.model ?? 'v5';
    const session = await sileroSession(version);
    return new SileroVadStream(new SileroModelState(session, version), new SpeechSegmenter(SILERO_SAMPLE_RATE, SILERO_WINDOW, opts), ctx);
  }

  /** Seconds of audio pushed so far. */
  get durationSec(): number {
    return this.totalSamples / SILERO_SAMPLE_RATE;
  }

  /** Feeds the next 16 kHz mono samples (any length). */
  async push(samples: Float32Array): Promise<void> {
    if (this.finished) throw new AppError('Internal', 'SileroVadStream.push() after finish().');
    this.totalSamples += samples.length;
    let off = 0;
    if (this.pendingLen > 0) {
      const take = Math.min(SILERO_WINDOW - this.pendingLen, samples.length);
      this.pending.set(samples.subarray(0, take), this.pendingLen);
      this.pendingLen += take;
      off = take;
      if (this.pendingLen < SILERO_WINDOW) return;
      await this.window(this.pending);
      this.pendingLen = 0;
    }
    for (; off + SILERO_WINDOW <= samples.length; off += SILERO_WINDOW) {
      await this.window(samples.subarray(off, off + SILERO_WINDOW));
    }
    if (off < samples.length) {
      this.pending.set(samples.subarray(off), 0);
      this.pendingLen = samples.length - off;
    }
  }

  private async window(w: Float32Array): Promise<void> {
    if (this.nProbs % CHECK_EVERY === 0) {
      throwIfAborted(this.ctx.signal, 'voice activity detection');
      this.ctx.onProgress({ type: 'stage', stage: 'vad', detail: `${this.durationSec.toFixed(0)} s` });
    }
    const p = await this.model.next(w);
    if (this.nProbs === this.probs.length) {
      const bigger = new Float32Array(this.probs.length * 2);
      bigger.set(this.probs);
      this.probs = bigger;
    }
    this.probs[this.nProbs++] = p;
    this.segmenter.push(p);
  }

  /** Scores the last partial window (zero-padded, as Silero does) and returns the result. */
  async finish(): Promise<VadResult> {
    if (this.finished) throw new AppError('Internal', 'SileroVadStream.finish() called twice.');
    if (this.pendingLen > 0) {
      this.pending.fill(0, this.pendingLen);
      await this.window(this.pending);
      this.pendingLen = 0;
    }
    this.finished = true;
    const segments = this.segmenter.finish(this.totalSamples);
    const durationSec = this.durationSec;
    const speech = segments.reduce((s, g) => s + (g.end - g.start), 0);
    return {
      segments,
      frameSec: SILERO_WINDOW / SILERO_SAMPLE_RATE,
      probs: this.probs.slice(0, this.nProbs),
      speechRatio: durationSec > 0 ? Math.min(1, speech / durationSec) : 0,
      durationSec,
    };
  }
}

/** Speech in a whole 16 kHz mono buffer. */
export async function detectSpeech(samples16k: Float32Array, ctx: StageContext, opts: VadOptions = {}): Promise<VadResult> {
  const stream = await SileroVadStream.create(ctx, opts);
  await stream.push(samples16k);
  return stream.finish();
}

/** Speech in a stream of 16 kHz mono chunks, e.g. `streamAudio(file, ctx)` from core/media. */
export async function detectSpeechInChunks(
  chunks: AsyncIterable<{ samples: Float32Array }>,
  ctx: StageContext,
  opts: VadOptions = {},
): Promise<VadResult> {
  const stream = await SileroVadStream.create(ctx, opts);
  for await (const c of chunks) await stream.push(c.samples);
  return stream.finish();
}
