import { describe, expect, it } from 'vitest';
import { humanSummary } from '../../../../main/cli/commands/analyze.ts';
import { clipResultSchema, type ClipResult } from '../../../../main/core/result/schema.ts';

/** A schema-valid result of a text-only pack; `textUsable` decides whether the model read anything. */
function result(textUsable: boolean): ClipResult {
  const unusable = (reason: string) => ({ present: true, usable: false, usedByModel: false, coverage: 0, reason });
  return clipResultSchema.parse({
    schema: 2,
    file: '/clips/interview.mp4',
    sha256: 'a'.repeat(64),
    durationSec: 12.5,
    model: { id: 'corrkd-default', version: '2.0.0', trainedModalities: ['l'] },
    device: { requested: 'auto', provider: 'cpu', skipped: [] },
    modalities: {
      text: textUsable ? { present: true, usable: true, usedByModel: true, coverage: 0.9, reason: null } : unusable('no transcript (no sidecar, no subtitle stream; --asr not given)'),
      audio: unusable('digital silence (peak -120.0 dBFS)'),
      visual: { present: true, usable: true, usedByModel: false, coverage: 1, reason: null },
    },
    transcript: { source: textUsable ? 'sidecar-srt' : 'none', text: textUsable ? 'it was great' : '' },
    score: textUsable ? 1.21 : null,
    label: textUsable ? 'positive' : null,
    class7: textUsable ? 1 : null,
    probabilities: textUsable ? [0.02, 0.05, 0.1, 0.13, 0.2, 0.4, 0.1] : null,
    prior: { score: 0.69, class7: 1, probabilities: [0.02, 0.1, 0.15, 0.18, 0.2, 0.3, 0.05] },
    contributions: { l: textUsable ? 1.21 : null, a: null, v: null, la: textUsable ? 1.21 : null, lv: textUsable ? 1.21 : null, av: null, lav: textUsable ? 1.21 : null },
    segments: [
      { start: 0, end: 2, text: textUsable ? 'it was great' : '', score: textUsable ? 1.21 : null, class7: textUsable ? 1 : null, modalities: { text: textUsable ? 1 : 0, audio: 0, visual: 1 } },
    ],
    timingsMs: { total: 1200 },
    warnings: [],
  });
}

describe('humanSummary', () => {
  it('gives no score when the model read nothing, naming the prior on the sentiment line', () => {
    const lines = humanSummary(result(false)).split('\n');
    expect(lines[1]).toBe("  sentiment  none: no evidence (no modality the model reads is usable; the model's prior would say +0.69)");
    expect(lines.some((l) => l.startsWith('  classes'))).toBe(false);
    expect(lines.find((l) => l.startsWith('  subsets'))).toBe('  subsets    l:- a:- v:- la:- lv:- av:- lav:-');
    expect(lines.find((l) => l.includes('0.0-2.0'))).toMatch(/ - {4}no evidence/);
  });
  it('prints the score, classes and subsets when the model read a usable modality', () => {
    const text = humanSummary(result(true));
    expect(text).not.toContain('no evidence');
    expect(text.split('\n')[1]).toBe('  sentiment  +1.21 on -3..+3  -> positive (class +1)');
    expect(text).toContain('  classes    -3:2% -2:5% -1:10% +0:13% +1:20% +2:40% +3:10%');
    expect(text).toContain('  subsets    l:+1.21 a:- v:- la:+1.21 lv:+1.21 av:- lav:+1.21');
    expect(text).toContain('text       used     coverage 90%');
    expect(text).toContain('audio      unusable - digital silence');
    expect(text).toContain('visual     not used - usable, but model corrkd-default was not trained on visual');
  });
});
