/** Display formatting for numbers, times and paths (string work only; no Node modules here). */

/** A sentiment score with its sign: +1.24, -0.50, 0.00. */
export function signed(x: number, digits = 2): string {
  const s = x.toFixed(digits);
  return x > 0 && Number(s) !== 0 ? `+${s}` : Number(s) === 0 ? (0).toFixed(digits) : s;
}

/** A score that may be missing: null (no evidence) reads as "–". */
export function scoreText(x: number | null, digits = 2): string {
  return x === null ? '–' : signed(x, digits);
}

/** CSS tone of a score: neg / pos / neu, or off when there is no score (no evidence). */
export function toneOf(x: number | null): 'neg' | 'pos' | 'neu' | 'off' {
  return x === null ? 'off' : x < 0 ? 'neg' : x > 0 ? 'pos' : 'neu';
}

export function percent(x: number | null | undefined, digits = 0): string {
  return x === null || x === undefined || Number.isNaN(x) ? '–' : `${(x * 100).toFixed(digits)}%`;
}

/** 75.3 -> "1:15.3"; under a minute "12.4 s". */
export function seconds(x: number): string {
  if (x < 60) return `${x.toFixed(1)} s`;
  const m = Math.floor(x / 60);
  return `${m}:${(x - m * 60).toFixed(1).padStart(4, '0')}`;
}

export function metric(x: number | null | undefined, digits = 3): string {
  return x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits);
}

/** The last path segment, for POSIX and Windows paths alike. */
export function baseName(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1] || p;
}

export function eta(sec: number | null): string {
  if (sec === null || !Number.isFinite(sec)) return '–';
  const s = Math.round(sec);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** The 7 classes -3..3 as words (index 0 = -3). */
export const CLASS_NAMES = ['strongly negative', 'negative', 'weakly negative', 'neutral', 'weakly positive', 'positive', 'strongly positive'] as const;

export const SUBSET_NAMES: Record<string, string> = {
  l: 'text',
  a: 'audio',
  v: 'visual',
  la: 'text + audio',
  lv: 'text + visual',
  av: 'audio + visual',
  lav: 'all three',
};
