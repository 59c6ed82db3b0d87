/** 7-way accuracy and the happy-vs-negative read of the 7 class probabilities. */
import { FER_CLASSES, NEGATIVE } from './model.ts';

const HAPPY = FER_CLASSES.indexOf('happy');
const NEG = NEGATIVE.map((c) => FER_CLASSES.indexOf(c));

export function accuracy7(p: Float32Array, y: Uint8Array): number {
  const k = FER_CLASSES.length;
  let hit = 0;
  for (let i = 0; i < y.length; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (p[i * k + c]! > p[i * k + best]!) best = c;
    if (best === y[i]) hit++;
  }
  return hit / y.length;
}

/** Rows of the binary task (happy = 1; sad, angry, fear, disgust = 0) with score p(happy) / (p(happy) + sum p(neg)). */
export function binaryScores(p: Float32Array, y: Uint8Array): { score: Float32Array; label: Uint8Array } {
  const k = FER_CLASSES.length;
  const score: number[] = [];
  const label: number[] = [];
  for (let i = 0; i < y.length; i++) {
    const isNeg = NEG.includes(y[i]!);
    if (y[i] !== HAPPY && !isNeg) continue;
    const h = p[i * k + HAPPY]!;
    const n = NEG.reduce((a, c) => a + p[i * k + c]!, 0);
    score.push(h / Math.max(h + n, 1e-12));
    label.push(isNeg ? 0 : 1);
  }
  return { score: Float32Array.from(score), label: Uint8Array.from(label) };
}

export function balancedAt(s: { score: Float32Array; label: Uint8Array }, t: number): { balanced: number; accuracy: number; tpr: number; tnr: number } {
  let tp = 0;
  let tn = 0;
  let pos = 0;
  for (let i = 0; i < s.label.length; i++) {
    if (s.label[i]) {
      pos++;
      if (s.score[i]! >= t) tp++;
    } else if (s.score[i]! < t) tn++;
  }
  const neg = s.label.length - pos;
  return { balanced: (tp / pos + tn / neg) / 2, accuracy: (tp + tn) / s.label.length, tpr: tp / pos, tnr: tn / neg };
}

/** Threshold on the score that maximises balanced accuracy (for choosing on valid). */
export function bestThreshold(s: { score: Float32Array; label: Uint8Array }): number {
  const cands = Array.from(new Set(Array.from(s.score, (v) => Math.round(v * 1000) / 1000))).sort((a, b) => a - b);
  let best = 0.5;
  let bestB = -1;
  for (const t of cands) {
    const b = balancedAt(s, t).balanced;
    if (b > bestB) {
      bestB = b;
      best = t;
    }
  }
  return best;
}
