import { AppError } from '../../errors.ts';

/**
 * Audio as Whisper wants it: 16 kHz mono float32 in [-1, 1] (Whisper's feature extractor assumes
 * 16 kHz), in windows of at most 30 s (Whisper's fixed input length) that overlap by a stride so a
 * word cut at a window edge is recognised whole in the neighbouring window.
 */

export const WHISPER_RATE = 16_000;
export const WHISPER_WINDOW_SEC = 30;
/** transformers.js defaults the stride to window / 6 (5 s); both sides of an inner window overlap by it. */
export const WHISPER_STRIDE_SEC = 5;

/**
 * Interleaved samples at any rate and channel count -> mono 16 kHz float32. Channels are averaged;
 * resampling is windowed-sinc (Hann, 16 zero crossings) with the cut-off at the lower Nyquist
 * frequency, so downsampling does not fold high frequencies into the speech band.
 * Non-finite samples become 0 and values are clamped to [-1, 1].
 */
export function toMono16k(samples: Float32Array, sampleRate: number, channels = 1): Float32Array {
  if (!Number.isInteger(channels) || channels < 1) throw new AppError('InvalidArgument', `Audio channel count ${channels} is not allowed; use 1 or more.`);
  if (!(sampleRate > 0)) throw new AppError('InvalidArgument', `Audio sample rate ${sampleRate} is not allowed; it must be positive.`);
  const frames = Math.floor(samples.length / channels);
  const mono = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    let s = 0;
    for (let c = 0; c < channels; c++) {
      const v = samples[i * channels + c] ?? 0;
      s += Number.isFinite(v) ? v : 0;
    }
    mono[i] = Math.max(-1, Math.min(1, s / channels));
  }
  return sampleRate === WHISPER_RATE ? mono : resample(mono, sampleRate, WHISPER_RATE);
}

const ZERO_CROSSINGS = 16;

export function resample(x: Float32Array, from: number, to: number): Float32Array {
  const ratio = to / from;
  const n = Math.floor(x.length * ratio);
  const out = new Float32Array(n);
  const cutoff = Math.min(1, ratio); // fraction of the input Nyquist frequency that is kept
  const half = ZERO_CROSSINGS / cutoff; // half-width of the kernel, in input samples
  for (let i = 0; i < n; i++) {
    const centre = i / ratio;
    const lo = Math.max(0, Math.ceil(centre - half));
    const hi = Math.min(x.length - 1, Math.floor(centre + half));
    let acc = 0;
    let wsum = 0;
    for (let j = lo; j <= hi; j++) {
      const t = j - centre;
      const arg = Math.PI * cutoff * t;
      const sinc = t === 0 ? 1 : Math.sin(arg) / arg;
      const hann = 0.5 + 0.5 * Math.cos((Math.PI * t) / half);
      const w = cutoff * sinc * hann;
      acc += (x[j] ?? 0) * w;
      wsum += w;
    }
    // Normalise by the kernel sum: unit gain at DC even where the kernel is cut by the edges.
    out[i] = wsum === 0 ? 0 : Math.max(-1, Math.min(1, acc / wsum));
  }
  return out;
}

/** One recognition window, in samples; words whose midpoint is in [ownStart, ownEnd) belong to it. */
export interface AsrWindow {
  start: number;
  end: number;
  ownStart: number;
  ownEnd: number;
}

/**
 * Windows of `windowSec` that advance by windowSec - 2 * strideSec (as transformers.js chunks).
 * The owned ranges tile [0, n) without gaps or overlaps: each window owns its middle, the first
 * also its left stride, the last also everything to the end.
 */
export function planWindows(n: number, rate = WHISPER_RATE, windowSec = WHISPER_WINDOW_SEC, strideSec = WHISPER_STRIDE_SEC): AsrWindow[] {
  if (!(windowSec > 2 * strideSec) || strideSec < 0) {
    throw new AppError('InvalidArgument', `ASR window ${windowSec} s must be longer than twice the stride ${strideSec} s.`);
  }
  const window = Math.round(windowSec * rate);
  const stride = Math.round(strideSec * rate);
  const jump = window - 2 * stride;
  const out: AsrWindow[] = [];
  if (n <= 0) return out;
  for (let offset = 0; ; offset += jump) {
    const end = Math.min(n, offset + window);
    const last = end >= n;
    out.push({ start: offset, end, ownStart: offset === 0 ? 0 : offset + stride, ownEnd: last ? n : offset + window - stride });
    if (last) return out;
  }
}
