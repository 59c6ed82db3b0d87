import type { SpeechSegment, Word } from '../types.ts';

/**
 * Giving times to words that have none (plain text, or the words inside one subtitle cue).
 * A word's share of a span is proportional to its weight: letters and digits + 1. Spoken duration
 * grows with word length; the +1 gives short words ("a", "I") a share, and punctuation-only
 * pieces ("-", "...") get the minimum instead of a share of their characters.
 */

/** Splits text into display words on whitespace; punctuation stays attached ("good." keeps its dot). */
export function splitWords(text: string): string[] {
  return text.split(/\s+/u).filter((w) => w !== '');
}

export function wordWeight(word: string): number {
  return (word.match(/[\p{L}\p{N}]/gu)?.length ?? 0) + 1;
}

/** Spreads words over [start, end] in proportion to their weights. */
export function spreadOverSpan(words: readonly string[], start: number, end: number): Word[] {
  const total = words.reduce((n, w) => n + wordWeight(w), 0);
  const span = Math.max(0, end - start);
  let acc = 0;
  return words.map((text) => {
    const s = start + (span * acc) / total;
    acc += wordWeight(text);
    return { text, start: s, end: start + (span * acc) / total };
  });
}

/**
 * Spreads words over the speech segments as if they were one continuous span (each segment takes
 * words in proportion to its duration); a word never straddles a pause: it ends where its segment
 * ends. With no usable segment, the words spread over [0, durationSec].
 */
export function spreadOverSpeech(words: readonly string[], speech: readonly SpeechSegment[], durationSec: number): Word[] {
  const segs = [...speech].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  if (segs.length === 0) return spreadOverSpan(words, 0, Math.max(0, durationSec));
  const speechTotal = segs.reduce((n, s) => n + (s.end - s.start), 0);
  // Map a position on the concatenated speech timeline to clip time, and say which segment it is in.
  const toClip = (pos: number, preferPrevious: boolean): { t: number; seg: number } => {
    let acc = 0;
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i] as SpeechSegment;
      const len = seg.end - seg.start;
      const inside = preferPrevious ? pos <= acc + len : pos < acc + len;
      if (inside || i === segs.length - 1) return { t: seg.start + Math.min(len, Math.max(0, pos - acc)), seg: i };
      acc += len;
    }
    return { t: 0, seg: 0 };
  };
  return spreadOverSpan(words, 0, speechTotal).map((w) => {
    const a = toClip(w.start, false);
    const b = toClip(w.end, true);
    const end = b.seg === a.seg ? b.t : (segs[a.seg] as SpeechSegment).end;
    return { text: w.text, start: a.t, end };
  });
}
