import { AppError } from '../../main/core/errors.ts';
import { createRng } from '../../main/core/rng.ts';
import type { SpeechSegment } from '../../main/core/types.ts';

/**
 * Recording-set-up changes applied to the probe's TEST actors only (the classifier is trained on
 * the studio recordings), to measure how far each extractor's features carry to other set-ups:
 *  - gain-20: the same recording 20 dB quieter (another microphone gain);
 *  - phone: a narrowband call channel, 300-3400 Hz (two 2nd-order Butterworth high-passes at
 *    300 Hz and two low-passes at 3400 Hz, RBJ biquads);
 *  - noise-20: white noise at 20 dB below the speech level (RMS over the VAD's speech segments).
 * The VAD segments stay those of the clean clip (an approximation: the app would rerun the VAD).
 */

interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

function butterworth(kind: 'low' | 'high', hz: number, sampleRate: number): Biquad {
  const w = (2 * Math.PI * hz) / sampleRate;
  const alpha = Math.sin(w) / (2 * Math.SQRT1_2);
  const cos = Math.cos(w);
  const a0 = 1 + alpha;
  const b = kind === 'low' ? [(1 - cos) / 2, 1 - cos, (1 - cos) / 2] : [(1 + cos) / 2, -(1 + cos), (1 + cos) / 2];
  return { b0: b[0]! / a0, b1: b[1]! / a0, b2: b[2]! / a0, a1: (-2 * cos) / a0, a2: (1 - alpha) / a0 };
}

function filter(x: Float32Array, f: Biquad): Float32Array {
  const y = new Float32Array(x.length);
  let x1 = 0;
  let x2 = 0;
  let y1 = 0;
  let y2 = 0;
  for (let i = 0; i < x.length; i++) {
    const v = f.b0 * x[i]! + f.b1 * x1 + f.b2 * x2 - f.a1 * y1 - f.a2 * y2;
    x2 = x1;
    x1 = x[i]!;
    y2 = y1;
    y1 = v;
    y[i] = v;
  }
  return y;
}

function speechRms(x: Float32Array, speech: readonly SpeechSegment[], sampleRate: number): number {
  let s = 0;
  let n = 0;
  for (const g of speech) {
    for (let i = Math.floor(g.start * sampleRate); i < Math.min(x.length, Math.ceil(g.end * sampleRate)); i++) {
      s += x[i]! * x[i]!;
      n++;
    }
  }
  return n > 0 ? Math.sqrt(s / n) : 0;
}

export const PERTURBATIONS: Record<string, (x: Float32Array, speech: readonly SpeechSegment[], seed: number) => Float32Array> = {
  'gain-20': (x) => x.map((v) => v * 0.1),
  phone: (x) => {
    let y = x;
    for (const f of [butterworth('high', 300, 16000), butterworth('high', 300, 16000), butterworth('low', 3400, 16000), butterworth('low', 3400, 16000)]) y = filter(y, f);
    return y;
  },
  'noise-20': (x, speech, seed) => {
    const rng = createRng(seed);
    const sigma = speechRms(x, speech, 16000) * 0.1;
    return x.map((v) => {
      const u = 1 - rng.uniform();
      return v + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.uniform());
    });
  },
};

export function perturbation(id: string) {
  const p = PERTURBATIONS[id];
  if (!p) throw new AppError('InvalidArgument', `Unknown perturbation '${id}'; valid: ${Object.keys(PERTURBATIONS).join(', ')}.`);
  return p;
}
