import { z } from 'zod';
import { AppError } from '../errors.ts';
import { LABEL_MAX, LABEL_MIN } from './format.ts';

/**
 * The one table that turns an emotion category (and its portrayed intensity) into a sentiment
 * target on the MOSI scale -3..+3 (DESIGN 10). Every corpus with emotion labels (RAVDESS speech,
 * FER2013 faces, a user's own labelled clips) goes through `emotionToSentiment`; per-corpus changes
 * are overrides in the dataset config (`dataset-config.ts`), never literals elsewhere.
 * EMOTION-SENTIMENT.md next to this file is generated from this table (a test keeps them equal).
 */

/** Where on the pleasant/unpleasant axis the emotion lies; 'ambiguous' ones have no target by default. */
export type Valence = 'positive' | 'neutral' | 'negative' | 'ambiguous';

export interface EmotionEntry {
  /** canonical name (lower case) */
  emotion: string;
  /** other spellings and corpus codes that mean the same category (lower case) */
  aliases: readonly string[];
  valence: Valence;
  /** target at normal intensity; null = not a sentiment target (the sample is left out) */
  normal: number | null;
  /** target at strong intensity */
  strong: number | null;
  reason: string;
}

/**
 * Magnitudes follow the verbal anchors of the MOSI annotation scale (Zadeh et al. 2016): +-1
 * "weakly", +-2 plain "positive/negative", +-3 "strongly". A basic emotion portrayed at normal
 * intensity is a plain positive or negative expression (+-2); RAVDESS's "strong" intensity is the
 * strongly expressed one (+-3). The sign is the emotion's place on the pleasure axis of Russell's
 * circumplex (Russell 1980; Russell & Mehrabian 1977), which the valence ratings of the emotion words
 * agree with (NRC VAD lexicon, Mohammad 2018; Warriner et al. 2013): happy/joy lie at the pleasant
 * end, sadness, anger, fear and disgust at the unpleasant end.
 */
export const EMOTION_SENTIMENT: readonly EmotionEntry[] = [
  {
    emotion: 'neutral',
    aliases: ['neu', 'neutrality', 'none', 'no emotion'],
    valence: 'neutral',
    normal: 0,
    strong: 0,
    reason: 'no affect expressed: the midpoint of the scale',
  },
  {
    emotion: 'calm',
    aliases: ['relaxed', 'serene'],
    valence: 'neutral',
    normal: 0,
    strong: 0,
    reason:
      'pleasant but low-arousal in the circumplex, yet it expresses no stance toward anything; RAVDESS calm and neutral deliveries of the same neutral sentence are acoustically near-identical, so different targets would teach noise: scored 0 (a corpus may override, e.g. +0.5)',
  },
  {
    emotion: 'happy',
    aliases: ['happiness', 'joy', 'joyful', 'hap', 'pleased', 'amused'],
    valence: 'positive',
    normal: 2,
    strong: 3,
    reason: 'the pleasant end of the circumplex; highest valence of the basic emotions in word ratings',
  },
  {
    emotion: 'excited',
    aliases: ['excitement', 'exc', 'enthusiastic'],
    valence: 'positive',
    normal: 2,
    strong: 3,
    reason: 'pleasant, high-arousal quadrant of the circumplex (IEMOCAP merges it with happy)',
  },
  {
    emotion: 'sad',
    aliases: ['sadness', 'unhappy', 'sorrow'],
    valence: 'negative',
    normal: -2,
    strong: -3,
    reason: 'unpleasant, low-arousal quadrant of the circumplex',
  },
  {
    emotion: 'angry',
    aliases: ['anger', 'ang', 'mad', 'annoyed'],
    valence: 'negative',
    normal: -2,
    strong: -3,
    reason: 'unpleasant, high-arousal quadrant of the circumplex',
  },
  {
    emotion: 'fearful',
    aliases: ['fear', 'fea', 'afraid', 'scared', 'anxious'],
    valence: 'negative',
    normal: -2,
    strong: -3,
    reason: 'unpleasant, high-arousal quadrant of the circumplex',
  },
  {
    emotion: 'disgust',
    aliases: ['disgusted', 'dis'],
    valence: 'negative',
    normal: -2,
    strong: -3,
    reason: 'unpleasant; rejection of something offensive',
  },
  {
    emotion: 'contempt',
    aliases: ['contemptuous', 'scorn'],
    valence: 'negative',
    normal: -2,
    strong: -3,
    reason: 'unpleasant; a negative judgement of someone, as disgust of a person',
  },
  {
    emotion: 'frustrated',
    aliases: ['frustration', 'fru'],
    valence: 'negative',
    normal: -2,
    strong: -3,
    reason: 'unpleasant, a blocked goal; next to anger in the circumplex',
  },
  {
    emotion: 'bored',
    aliases: ['boredom'],
    valence: 'negative',
    normal: -1,
    strong: -2,
    reason:
      'mildly unpleasant, low-arousal quadrant of the circumplex; a weak signal (one step milder than the basic negative emotions)',
  },
  {
    emotion: 'surprised',
    aliases: ['surprise', 'sur', 'astonished'],
    valence: 'ambiguous',
    normal: null,
    strong: null,
    reason:
      'surprise can be good or bad news: its valence depends on the event, not the expression, so by default a surprised sample has no sentiment target and is left out (a corpus whose surprise is known to be pleasant may override it)',
  },
];

export const INTENSITIES = ['normal', 'strong'] as const;
export type Intensity = (typeof INTENSITIES)[number];

/** Intensity spellings: RAVDESS uses normal/strong (codes 01/02); other corpora low/medium/high. */
const INTENSITY_ALIASES: Record<string, Intensity> = {
  normal: 'normal',
  '01': 'normal',
  '1': 'normal',
  low: 'normal',
  medium: 'normal',
  mid: 'normal',
  strong: 'strong',
  '02': 'strong',
  '2': 'strong',
  high: 'strong',
  intense: 'strong',
};

const labelValue = z.number().min(LABEL_MIN).max(LABEL_MAX).nullable();

/**
 * Per-corpus overrides (the dataset config's "emotions" field): an emotion name (or alias, or a new
 * category) -> one target for every intensity, or per intensity; null leaves the emotion out.
 */
export const emotionOverridesSchema = z.record(
  z.string().min(1),
  z.union([labelValue, z.object({ normal: labelValue.optional(), strong: labelValue.optional() }).strict()]),
);
export type EmotionOverrides = z.infer<typeof emotionOverridesSchema>;

const BY_NAME = new Map<string, EmotionEntry>();
for (const e of EMOTION_SENTIMENT) {
  for (const n of [e.emotion, ...e.aliases]) BY_NAME.set(n, e);
}

function key(s: string): string {
  return s.trim().toLowerCase();
}

/** The table entry for a name or alias (case-insensitive), or undefined. */
export function findEmotion(name: string): EmotionEntry | undefined {
  return BY_NAME.get(key(name));
}

/** 'strong' | 'normal' for an intensity cell; empty or undefined -> 'normal'. Throws on anything else. */
export function parseIntensity(raw: string | undefined): Intensity {
  if (raw === undefined || raw.trim() === '') return 'normal';
  const i = INTENSITY_ALIASES[key(raw)];
  if (!i) {
    const names = INTENSITIES.map((n) => `${n} (${Object.keys(INTENSITY_ALIASES).filter((k) => INTENSITY_ALIASES[k] === n && k !== n).join(', ')})`);
    throw new AppError('InvalidArgument', `intensity '${raw}' is not known; allowed: ${names.join(', ')}, or empty for normal.`);
  }
  return i;
}

export interface EmotionTarget {
  /** canonical emotion (or the override's own name for a category outside the table) */
  emotion: string;
  intensity: Intensity;
  /** sentiment target in [-3, 3], or null: the emotion carries no sentiment target (sample left out) */
  label: number | null;
}

function overrideFor(overrides: EmotionOverrides | undefined, names: readonly string[]): EmotionOverrides[string] | undefined {
  if (!overrides) return undefined;
  for (const [k, v] of Object.entries(overrides)) {
    if (names.includes(key(k))) return v;
  }
  return undefined;
}

/**
 * emotion (+ intensity) -> sentiment target. Overrides match the canonical name or any alias of the
 * emotion (case-insensitive) and may add categories the table lacks. An unknown emotion throws an
 * InvalidArgument that lists the known names.
 */
export function emotionToSentiment(emotion: string, intensity?: string, overrides?: EmotionOverrides): EmotionTarget {
  const level = parseIntensity(intensity);
  const entry = findEmotion(emotion);
  const names = entry ? [entry.emotion, ...entry.aliases] : [key(emotion)];
  const o = overrideFor(overrides, names);
  const canonical = entry?.emotion ?? key(emotion);
  if (o !== undefined) {
    if (o === null || typeof o === 'number') return { emotion: canonical, intensity: level, label: o };
    const v = o[level] !== undefined ? o[level] : entry?.[level];
    if (v === undefined) {
      throw new AppError('InvalidArgument', `the override for emotion '${emotion}' has no ${level} target and the table has no such emotion.`);
    }
    return { emotion: canonical, intensity: level, label: v };
  }
  if (!entry) {
    throw new AppError(
      'InvalidArgument',
      `emotion '${emotion}' is not in the emotion-to-sentiment table; known: ${EMOTION_SENTIMENT.map((e) => e.emotion).join(', ')} (aliases in main/core/dataset/EMOTION-SENTIMENT.md), or add it under "emotions" in the dataset config.`,
    );
  }
  return { emotion: canonical, intensity: level, label: entry[level] };
}

/** The markdown table of EMOTION-SENTIMENT.md, generated from EMOTION_SENTIMENT. */
export function emotionTableMarkdown(): string {
  const cell = (v: number | null): string => (v === null ? 'left out' : v > 0 ? `+${v}` : String(v));
  const rows = EMOTION_SENTIMENT.map(
    (e) => `| ${e.emotion} | ${e.aliases.join(', ')} | ${e.valence} | ${cell(e.normal)} | ${cell(e.strong)} | ${e.reason} |`,
  );
  return [
    '| emotion | aliases | valence | normal | strong | reason |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
