import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../main/training/config.ts';
import { RESUMABLE_TRAIN_KEYS, configMismatch, resumedConfig } from '../../../../main/training/trainer/checkpoint.ts';

/** One list of what a resume may change: the check and the resumed config both follow it. */
describe('resumable training keys', () => {
  const saved = parseConfig({ train: { epochs: 5, patience: 2, seed: 3, stages: 'teacher', lr: 1e-3 } });

  it('lets every resumable key differ, and takes the requested values', () => {
    const wanted = parseConfig({ train: { epochs: 9, patience: 4, seed: 3, stages: 'student', lr: 1e-3, studentInit: 'teacher', studentLr: 2e-4, studentSelection: 'complete' } });
    expect(configMismatch(saved, wanted)).toEqual([]);
    const r = resumedConfig(saved, wanted);
    for (const k of RESUMABLE_TRAIN_KEYS) expect(r.train[k], k).toEqual(wanted.train[k]);
    expect(r.train.seed).toBe(3);
  });

  it('refuses any other difference, naming it, and keeps a saved student lr when none is requested', () => {
    const other = parseConfig({ train: { epochs: 5, patience: 2, seed: 4, stages: 'teacher', lr: 5e-4 } });
    expect(configMismatch(saved, other)).toEqual(['train.lr: checkpoint 0.001, requested 0.0005', 'train.seed: checkpoint 3, requested 4']);
    const withLr = parseConfig({ train: { ...saved.train, studentLr: 1e-4 } });
    expect(resumedConfig(withLr, saved).train.studentLr).toBe(1e-4);
  });
});
