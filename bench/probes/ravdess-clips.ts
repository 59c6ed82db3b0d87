import path from 'node:path';
import { z } from 'zod';
import { readCsvTable } from '../../main/core/dataset/csv-table.ts';
import { AppError } from '../../main/core/errors.ts';
import { SHARED_DATA } from '../table.ts';

/**
 * The RAVDESS clips the audio probe may look at: actors 1-14 only. Actors 15-18 are the project's
 * held-out test actors (never read here); 13-14 are the valid actors, usable for selection like
 * 1-12 (the probe's leave-actors-out CV runs over 1-14).
 */

export const RAVDESS_DIR = path.join(SHARED_DATA, 'ravdess_speech');
export const PROBE_ACTORS = Array.from({ length: 14 }, (_, i) => i + 1);

const EMOTIONS = ['neutral', 'calm', 'happy', 'sad', 'angry', 'fearful', 'disgust', 'surprised'] as const;
export type RavdessEmotion = (typeof EMOTIONS)[number];

export interface RavdessClip {
  /** path relative to ravdess_speech/, e.g. Actor_01/03-01-01-01-01-01-01.flac */
  rel: string;
  file: string;
  actor: number;
  emotion: RavdessEmotion;
  intensity: 'normal' | 'strong';
  text: string;
}

const rowSchema = z.object({
  file: z.string().regex(/^Actor_\d\d\/[\d-]+\.flac$/),
  actor: z.coerce.number().int().min(1).max(24),
  emotion: z.enum(EMOTIONS),
  intensity: z.enum(['normal', 'strong']),
  text: z.string().min(1),
});

/** The labels.csv rows of the probe actors, in file order. */
export function readProbeClips(dir = RAVDESS_DIR): RavdessClip[] {
  const csv = path.join(dir, 'labels.csv');
  const table = readCsvTable(csv, {
    required: { file: ['file'], actor: ['actor'], emotion: ['emotion'], intensity: ['intensity'], text: ['text'] },
    optional: {},
  });
  if (table.errors.length > 0) throw new AppError('InvalidDataset', `${csv}: ${table.errors.length} malformed row(s).`, { file: csv });
  const out: RavdessClip[] = [];
  for (const r of table.rows) {
    const row = rowSchema.safeParse(r.values);
    if (!row.success) throw new AppError('InvalidDataset', `${csv} row ${r.row}: ${row.error.issues[0]?.message ?? 'invalid'}.`, { file: csv });
    if (!PROBE_ACTORS.includes(row.data.actor)) continue;
    out.push({ ...row.data, rel: row.data.file, file: path.join(dir, row.data.file) });
  }
  return out;
}
