import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  EMOTION_SENTIMENT,
  emotionOverridesSchema,
  emotionToSentiment,
  findEmotion,
  parseIntensity,
} from '../../../../main/core/dataset/emotion-sentiment.ts';
import { EMOTION_DOC, withEmotionTable } from '../../../../main/core/dataset/update-emotion-doc.ts';

describe('emotion -> sentiment table', () => {
  it('gives every emotion the sign of its valence and a target in [-3, 3] (or none when ambiguous)', () => {
    for (const e of EMOTION_SENTIMENT) {
      for (const v of [e.normal, e.strong]) {
        if (e.valence === 'ambiguous') expect(v, e.emotion).toBeNull();
        else {
          expect(v, e.emotion).not.toBeNull();
          expect(Math.sign(v!), e.emotion).toBe({ positive: 1, neutral: 0, negative: -1 }[e.valence]);
          expect(Math.abs(v!)).toBeLessThanOrEqual(3);
        }
      }
      // strong is never weaker than normal
      if (e.normal !== null && e.strong !== null) expect(Math.abs(e.strong)).toBeGreaterThanOrEqual(Math.abs(e.normal));
      expect(e.reason.length).toBeGreaterThan(20);
    }
  });

  it('maps the RAVDESS and FER2013 label sets', () => {
    const ravdess = ['neutral', 'calm', 'happy', 'sad', 'angry', 'fearful', 'disgust', 'surprised'];
    const fer = ['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad', 'surprise'];
    for (const e of [...ravdess, ...fer]) expect(findEmotion(e), e).toBeDefined();
    expect(emotionToSentiment('happy', 'normal').label).toBe(2);
    expect(emotionToSentiment('Happy', 'strong').label).toBe(3);
    expect(emotionToSentiment('fear').label).toBe(-2);
    expect(emotionToSentiment('ANGRY', '02')).toEqual({ emotion: 'angry', intensity: 'strong', label: -3 });
    expect(emotionToSentiment('calm', 'strong').label).toBe(0);
    expect(emotionToSentiment('surprise').label).toBeNull();
  });

  it('names no alias twice', () => {
    const names = EMOTION_SENTIMENT.flatMap((e) => [e.emotion, ...e.aliases]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('applies per-corpus overrides by name or alias, per intensity, and may add a category', () => {
    const o = emotionOverridesSchema.parse({ calm: 0.5, surprise: { normal: 1, strong: 2 }, 'pleasant surprise': 2, BORED: null });
    expect(emotionToSentiment('calm', 'strong', o).label).toBe(0.5);
    expect(emotionToSentiment('surprised', 'normal', o).label).toBe(1);
    expect(emotionToSentiment('sur', 'high', o).label).toBe(2);
    expect(emotionToSentiment('pleasant surprise', undefined, o)).toEqual({ emotion: 'pleasant surprise', intensity: 'normal', label: 2 });
    expect(emotionToSentiment('boredom', undefined, o).label).toBeNull();
    expect(emotionToSentiment('sad', 'strong', o).label).toBe(-3);
    expect(() => emotionOverridesSchema.parse({ happy: 4 })).toThrow();
  });

  it('refuses an unknown emotion or intensity, listing what is allowed', () => {
    expect(() => emotionToSentiment('hangry')).toThrow(/emotion 'hangry' is not in the emotion-to-sentiment table; known: neutral, calm, happy/);
    expect(() => parseIntensity('extreme')).toThrow(/intensity 'extreme' is not known; allowed: normal/);
    expect(parseIntensity('')).toBe('normal');
  });

  it('EMOTION-SENTIMENT.md shows the table generated from the code (run update-emotion-doc.ts after a change)', () => {
    const doc = readFileSync(EMOTION_DOC, 'utf8');
    expect(withEmotionTable(doc)).toBe(doc);
  });
});
