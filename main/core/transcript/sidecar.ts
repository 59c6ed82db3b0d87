import { readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Sidecar transcripts next to a video (DESIGN 3.4): same base name, `clip.srt` / `clip.vtt` /
 * `clip.txt`, also with a language tag as media players write them (`clip.en.srt`, `clip.pt-BR.srt`).
 * Extensions match case-insensitively. Preference: no tag, then English, then by name.
 */

export interface Sidecar {
  file: string;
  language?: string;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export async function findSidecar(video: string, ext: 'srt' | 'vtt' | 'txt'): Promise<Sidecar | null> {
  const dir = path.dirname(video);
  const base = path.basename(video, path.extname(video));
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return null;
  }
  const re = new RegExp(`^${escapeRegExp(base)}(?:\\.([a-z]{2,3}(?:[-_][a-z0-9]{2,4})?))?\\.${ext}$`, 'i');
  const found = names
    .map((name) => ({ name, m: re.exec(name) }))
    .filter((x): x is { name: string; m: RegExpExecArray } => x.m !== null && x.name !== path.basename(video));
  const rank = (lang: string | undefined): number => (lang === undefined ? 0 : /^en(g)?\b/i.test(lang) ? 1 : 2);
  found.sort((a, b) => rank(a.m[1]) - rank(b.m[1]) || a.name.localeCompare(b.name));
  const best = found[0];
  if (!best) return null;
  const language = best.m[1];
  return { file: path.join(dir, best.name), ...(language ? { language: language.toLowerCase() } : {}) };
}
