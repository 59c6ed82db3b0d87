import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AUDIO_V1_DIMS } from '../../../../../main/core/features/audio/audio-v1-dims.ts';
import { AUDIO_V2_DIMS } from '../../../../../main/core/features/audio/audio-v2-dims.ts';
import { AUDIO_README, README_DIM_TABLES, dimsMarkdown, withDimsTable } from '../../../../../main/core/features/audio/update-readme-dims.ts';

describe('audio README', () => {
  it('shows the dimension tables generated from AUDIO_V1_DIMS and AUDIO_V2_DIMS (run update-readme-dims.ts after a change)', () => {
    const readme = readFileSync(AUDIO_README, 'utf8');
    expect(withDimsTable(readme)).toBe(readme);
    expect(readme).toContain(dimsMarkdown(AUDIO_V1_DIMS));
    expect(readme).toContain(dimsMarkdown(AUDIO_V2_DIMS));
    expect(README_DIM_TABLES.map((t) => t.id)).toEqual(['audio-v1', 'audio-v2']);
  });

  it('names every dimension once, with a unit and a meaning', () => {
    for (const dims of [AUDIO_V1_DIMS, AUDIO_V2_DIMS]) {
      const names = dims.map((d) => d.name);
      expect(new Set(names).size).toBe(names.length);
      for (const d of dims) {
        expect(d.unit.length).toBeGreaterThan(0);
        expect(d.meaning.length).toBeGreaterThan(10);
      }
    }
    expect(AUDIO_V1_DIMS.map((d) => d.name).filter((n) => n.startsWith('mfcc_'))).toEqual(Array.from({ length: 13 }, (_, k) => `mfcc_${k + 1}`));
  });
});
