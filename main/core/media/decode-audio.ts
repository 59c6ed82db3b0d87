import path from 'node:path';
import { AppError, throwIfAborted } from '../errors.ts';
import type { StageContext } from '../context.ts';
import { ffmpegPath } from './ffmpeg-paths.ts';
import { requireAudio } from './media-info.ts';
import type { MediaInfo } from './media-info.ts';
import { ffmpegInputUrl, probeMedia } from './probe.ts';
import { startProcess } from './run-process.ts';

/**
 * Audio as the models want it (DESIGN 3.2): 16 kHz, mono (channels averaged by ffmpeg's -ac 1),
 * float32 in [-1, 1], read from ffmpeg's stdout (f32le), whole or as a stream of chunks.
 */

export const AUDIO_SAMPLE_RATE = 16_000;

export interface DecodeAudioOptions {
  startSec?: number;
  durationSec?: number;
  /** A probe result for this file, to skip probing again. */
  info?: MediaInfo;
}

export interface StreamAudioOptions extends DecodeAudioOptions {
  /** Length of each yielded chunk (the last one may be shorter). Default 30 s. */
  chunkSec?: number;
}

export interface AudioChunk {
  /** Time of the chunk's first sample, in seconds from the start of the file. */
  startSec: number;
  samples: Float32Array;
}

/**
 * "Far short": AAC/MP3 encoder delay and padding trim at most a few tens of milliseconds and container
 * durations are rounded to a frame or two, so a decode that stops more than half a second (or 2 %
 * of a long file) before the probed end lost real audio: the data ends early or could not be decoded.
 */
function shortfallTolerance(expectedSec: number): number {
  return Math.max(0.5, 0.02 * expectedSec);
}

/** ffmpeg -v error prints nothing for a clean decode; these lines mean data was missing or corrupt. */
const DECODE_ERROR = /error while decoding|invalid data found|partial file|truncat|corrupt|invalid .*packet|read error|end of file/i;

function ffmpegArgs(file: string, info: MediaInfo, opts: DecodeAudioOptions): string[] {
  const audio = requireAudio(info);
  const args = ['-nostdin', '-hide_banner', '-v', 'error'];
  if (opts.startSec !== undefined && opts.startSec > 0) args.push('-ss', opts.startSec.toFixed(3));
  args.push('-i', ffmpegInputUrl(file));
  if (opts.durationSec !== undefined) args.push('-t', opts.durationSec.toFixed(3));
  args.push('-map', `0:${audio.index}`, '-vn', '-sn', '-dn', '-ac', '1', '-ar', String(AUDIO_SAMPLE_RATE), '-f', 'f32le', 'pipe:1');
  return args;
}

function validateOptions(file: string, opts: DecodeAudioOptions): void {
  const bad = (what: string): never => {
    throw new AppError('InvalidArgument', `Cannot decode audio of ${file}: ${what}.`, { file });
  };
  if (opts.startSec !== undefined && !(opts.startSec >= 0)) bad(`startSec must be >= 0, got ${opts.startSec}`);
  if (opts.durationSec !== undefined && !(opts.durationSec > 0)) bad(`durationSec must be > 0, got ${opts.durationSec}`);
}

function expectedSeconds(info: MediaInfo, opts: DecodeAudioOptions): number {
  const total = info.audio?.durationSec ?? info.durationSec;
  const rest = Math.max(0, total - (opts.startSec ?? 0));
  return opts.durationSec === undefined ? rest : Math.min(rest, opts.durationSec);
}

/**
 * Streams 16 kHz mono float32 audio in chunks of `chunkSec`, so an hour-long file never sits in
 * memory whole. Truncation (decoder errors, or audio ending far before the probed duration) is
 * detected at the end: the chunks already yielded were real, and then MediaTruncated is thrown.
 */
export async function* streamAudio(file: string, ctx: StageContext, opts: StreamAudioOptions = {}): AsyncGenerator<AudioChunk> {
  validateOptions(file, opts);
  const chunkSec = opts.chunkSec ?? 30;
  if (!(chunkSec > 0)) throw new AppError('InvalidArgument', `chunkSec must be > 0, got ${chunkSec} (decoding ${file}).`, { file });
  const info = opts.info ?? (await probeMedia(file, ctx));
  const args = ffmpegArgs(file, info, opts);
  throwIfAborted(ctx.signal, `audio decode of ${file}`);

  const expected = expectedSeconds(info, opts);
  const chunkSamples = Math.max(1, Math.round(chunkSec * AUDIO_SAMPLE_RATE));
  const startSec = opts.startSec ?? 0;
  const proc = startProcess(ffmpegPath(), args, { signal: ctx.signal, label: `audio decode of ${file}`, file });

  // Bytes arrive in arbitrary pieces; a float can straddle two of them.
  let chunk = new Float32Array(chunkSamples);
  let filled = 0;
  let emitted = 0;
  const carry = Buffer.alloc(4);
  let carryLen = 0;
  let finished = false;
  /** The chunk once it is full, with its start time; the next samples go into a fresh one. */
  const takeFull = (): AudioChunk | null => {
    if (filled < chunkSamples) return null;
    const out = { startSec: startSec + emitted / AUDIO_SAMPLE_RATE, samples: chunk };
    emitted += filled;
    chunk = new Float32Array(chunkSamples);
    filled = 0;
    return out;
  };
  try {
    // After an abort, stop at once: chunks still buffered in the pipe are stale.
    read: for await (const buf of proc.stdout) {
      if (ctx.signal.aborted) break;
      let off = 0;
      if (carryLen > 0) {
        const take = Math.min(4 - carryLen, buf.length);
        buf.copy(carry, carryLen, 0, take);
        carryLen += take;
        off = take;
        if (carryLen < 4) continue;
        chunk[filled++] = carry.readFloatLE(0);
        carryLen = 0;
        const full = takeFull();
        if (full) {
          yield full;
          if (ctx.signal.aborted) break read;
        }
      }
      while (off + 4 <= buf.length) {
        const n = Math.min((buf.length - off) >> 2, chunkSamples - filled);
        // Copy through a Buffer view: `buf` is not guaranteed to be 4-byte aligned.
        Buffer.from(chunk.buffer, chunk.byteOffset + filled * 4, n * 4).set(buf.subarray(off, off + n * 4));
        filled += n;
        off += n * 4;
        const full = takeFull();
        if (full) {
          yield full;
          if (ctx.signal.aborted) break read;
        }
      }
      if (off < buf.length) {
        buf.copy(carry, 0, off);
        carryLen = buf.length - off;
      }
    }
    const res = await proc.done;
    finished = true;
    if (filled > 0) {
      yield { startSec: startSec + emitted / AUDIO_SAMPLE_RATE, samples: chunk.slice(0, filled) };
      emitted += filled;
    }
    checkComplete(file, res.exitCode, res.stderrTail, emitted / AUDIO_SAMPLE_RATE, expected);
  } finally {
    if (!finished) {
      // The consumer stopped early (break / throw) or we are failing: end ffmpeg and wait for it.
      proc.stop();
      await proc.done.catch(() => {});
    }
  }
}

function checkComplete(file: string, exitCode: number | null, stderr: string, gotSec: number, expectedSec: number): void {
  const name = path.basename(file);
  const errLine = stderr
    .split('\n')
    .map((l) => l.replace(ffmpegInputUrl(file), name).trim())
    .find((l) => DECODE_ERROR.test(l));
  if (errLine) {
    throw new AppError('MediaTruncated', `${file}: the audio cannot be decoded to the end (${errLine}); decoded ${gotSec.toFixed(2)} s of ${expectedSec.toFixed(2)} s.`, { file });
  }
  if (exitCode !== 0) {
    const last = stderr.trim().split('\n').at(-1)?.replace(ffmpegInputUrl(file), name) ?? '';
    throw new AppError('ToolFailed', `ffmpeg failed to decode the audio of ${file} (exit ${exitCode}${last ? `: ${last}` : ''}).`, { file });
  }
  if (gotSec < expectedSec - shortfallTolerance(expectedSec)) {
    throw new AppError('MediaTruncated', `${file}: the audio ends at ${gotSec.toFixed(2)} s but the file says ${expectedSec.toFixed(2)} s; its data ends early.`, { file });
  }
}

/** Decodes the whole range into one Float32Array (16 kHz mono). Use streamAudio for long files. */
export async function decodeAudio(file: string, ctx: StageContext, opts: DecodeAudioOptions = {}): Promise<Float32Array> {
  const info = opts.info ?? (await probeMedia(file, ctx));
  // Room for the expected length plus a margin, so the usual case never reallocates.
  let out = new Float32Array(Math.ceil((expectedSeconds(info, opts) + 1) * AUDIO_SAMPLE_RATE));
  let n = 0;
  for await (const c of streamAudio(file, ctx, { ...opts, info, chunkSec: 10 })) {
    if (n + c.samples.length > out.length) {
      const bigger = new Float32Array(Math.max(out.length * 2, n + c.samples.length));
      bigger.set(out.subarray(0, n));
      out = bigger;
    }
    out.set(c.samples, n);
    n += c.samples.length;
  }
  return n === out.length ? out : out.slice(0, n);
}
