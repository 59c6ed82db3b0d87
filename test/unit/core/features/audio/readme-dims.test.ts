import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AUDIO_V1_DIMS, audioV1DimsMarkdown } from '../../../../../main/core/features/audio/audio-v1-dims.ts';
import { AUDIO_README, withDimsTable } from '../../../../../main/core/features/audio/update-readme-dims.ts';

describe('audio-v1 README', () => {
  it('shows the dimension table generated from AUDIO_V1_DIMS (run update-readme-dims.ts after a change)', () => {
    const readme = readFileSync(AUDIO_README, 'utf8');
    expect(withDimsTable(readme)).toBe(readme);
    expect(readme).toContain(audioV1DimsMarkdown());
  });

  it('names every dimension once, with a unit and a meaning', () => {
    const names = AUDIO_V1_DIMS.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    for (const d of AUDIO_V1_DIMS) {
      expect(d.unit.length).toBeGreaterThan(0);
      expect(d.meaning.length).toBeGreaterThan(10);
    }
    expect(names.filter((n) => n.startsWith('mfcc_'))).toEqual(Array.from({ length: 13 }, (_, k) => `mfcc_${k + 1}`));
  });
});
