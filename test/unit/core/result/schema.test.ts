import { describe, expect, it } from 'vitest';
import { clipResultSchema, parseClipResult } from '../../../../main/core/result/schema.ts';

const probs = [0.02, 0.1, 0.15, 0.18, 0.2, 0.3, 0.05];
const mod = (usedByModel: boolean) => ({ present: true, usable: usedByModel, usedByModel, coverage: usedByModel ? 1 : 0, reason: usedByModel ? null : 'no transcript' });
const base = {
  schema: 2,
  file: '/c.mp4',
  sha256: 'c'.repeat(64),
  durationSec: 3,
  model: { id: 'p', version: '3.0.0', trainedModalities: ['l', 'a', 'v'] },
  device: { requested: 'auto', provider: 'cpu', skipped: [] },
  modalities: { text: mod(true), audio: mod(false), visual: mod(false) },
  transcript: { source: 'none', text: '' },
  score: 0.5,
  label: 'positive',
  class7: 0,
  probabilities: probs,
  prior: { score: 0.69, class7: 1, probabilities: probs },
  contributions: { l: 0.5, a: null, v: null, la: 0.5, lv: 0.5, av: null, lav: 0.5 },
  segments: [{ start: 0, end: 3, text: 'x', score: null, class7: null, modalities: { text: 0, audio: 0, visual: 0 } }],
  timingsMs: {},
  warnings: [],
};

describe('result schema 2', () => {
  it('accepts a result with a score and a result without evidence', () => {
    expect(clipResultSchema.safeParse(base).success).toBe(true);
    const none = { ...base, modalities: { ...base.modalities, text: mod(false) }, score: null, label: null, class7: null, probabilities: null };
    expect(clipResultSchema.safeParse(none).success).toBe(true);
  });

  it('refuses a score without evidence, no score with evidence, and half-null readings', () => {
    const issues = (x: unknown) => (clipResultSchema.safeParse(x).error?.issues ?? []).map((i) => i.message).join(' | ');
    expect(issues({ ...base, modalities: { ...base.modalities, text: mod(false) } })).toMatch(/no modality the model reads is usable, so the score must be null/);
    expect(issues({ ...base, score: null, label: null, class7: null, probabilities: null })).toMatch(/a modality the model reads is usable, so the score must be given/);
    expect(issues({ ...base, label: null })).toMatch(/null together/);
    expect(issues({ ...base, prior: { ...base.prior, probabilities: [1, 1, 0, 0, 0, 0, 0] } })).toMatch(/probabilities sum to 2/);
  });

  it('reads a schema 1 result as schema 2 with an unknown prior', () => {
    const { prior: _prior, ...rest } = base;
    const v1 = { ...rest, schema: 1, contributions: { l: 0.5, a: 0.69, v: 0.69, la: 0.5, lv: 0.5, av: 0.69, lav: 0.5 }, segments: [] };
    expect(parseClipResult(v1)).toMatchObject({ schema: 2, prior: null, score: 0.5, contributions: { a: 0.69 } });
    expect(() => parseClipResult({ schema: 3 })).toThrow();
  });
});
