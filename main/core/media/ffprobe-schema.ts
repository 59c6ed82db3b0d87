import { z } from 'zod';

/**
 * The part of `ffprobe -print_format json -show_format -show_streams` we rely on, validated at the
 * boundary (STYLE habit 3). Numbers that ffprobe prints as strings ("6.100000", "44100") stay strings
 * here and are parsed by `num()`, because "N/A" also appears.
 */

const SideData = z.object({
  side_data_type: z.string().optional(),
  rotation: z.number().optional(),
});

export const FfprobeStream = z.object({
  index: z.number().int(),
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  r_frame_rate: z.string().optional(),
  avg_frame_rate: z.string().optional(),
  sample_rate: z.string().optional(),
  channels: z.number().int().optional(),
  duration: z.string().optional(),
  nb_frames: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  disposition: z.record(z.string(), z.number()).optional(),
  side_data_list: z.array(SideData).optional(),
});
export type FfprobeStream = z.infer<typeof FfprobeStream>;

export const FfprobeOutput = z.object({
  streams: z.array(FfprobeStream).default([]),
  format: z.object({
    format_name: z.string(),
    duration: z.string().optional(),
    size: z.string().optional(),
    probe_score: z.number().optional(),
  }),
});
export type FfprobeOutput = z.infer<typeof FfprobeOutput>;

/** A finite number from an ffprobe string ("6.1", "N/A", undefined -> undefined). */
export function num(s: string | number | undefined): number | undefined {
  if (s === undefined) return undefined;
  const v = typeof s === 'number' ? s : Number(s);
  return Number.isFinite(v) ? v : undefined;
}

/** "30000/1001" -> 29.97; "0/0" or missing -> undefined. */
export function rate(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const [a, b] = s.split('/');
  const n = Number(a);
  const d = b === undefined ? 1 : Number(b);
  if (!Number.isFinite(n) || !Number.isFinite(d) || d === 0 || n <= 0) return undefined;
  return n / d;
}

/** Matroska keeps stream durations in a tag "DURATION" = "00:00:06.133000000". */
export function tagDuration(tags: Record<string, string> | undefined): number | undefined {
  const t = tags?.DURATION ?? tags?.duration;
  const m = t ? /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(t) : null;
  if (!m) return undefined;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}
