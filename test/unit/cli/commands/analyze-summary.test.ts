import { describe, expect, it } from 'vitest';
import { humanSummary } from '../../../../main/cli/commands/analyze.ts';
import { clipResultSchema, type ClipResult } from '../../../../main/core/result/schema.ts';

/** A schema-valid result of a text-only pack; `textUsable` decides whether the model read anything. */
function result(textUsable: boolean): ClipResult {
  const unusable = (reason: string) => ({ present: true, usable: false, usedByModel: false, coverage: 0, reason });
  return clipResultSchema.parse({
    schema: 1,
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
    score: 0.69,
    label: 'positive',
    class7: 1,
    probabilities: [0.02, 0.1, 0.15, 0.18, 0.2, 0.3, 0.05],
    contributions: { l: 0.69, a: 0.69, v: 0.69, la: 0.69, lv: 0.69, av: 0.69, lav: 0.69 },
    segments: [],
    timingsMs: { total: 1200 },
    warnings: [],
  });
}

describe('humanSummary', () => {
  it('marks a score the model computed from nothing it reads as its prior, on the sentiment line', () => {
    const line = humanSummary(result(false)).split('\n')[1];
    expect(line).toMatch(/^ {2}sentiment {2}\+0\.69 on -3\.\.\+3 {2}-> positive \(class \+1\) {2}\[no evidence: the model prior\]$/);
  });
  it('prints no such mark when the model read a usable modality', () => {
    const text = humanSummary(result(true));
    expect(text).not.toContain('no evidence');
    expect(text).toContain('text       used     coverage 90%');
    expect(text).toContain('audio      unusable - digital silence');
    expect(text).toContain('visual     not used - usable, but model corrkd-default was not trained on visual');
  });
});
