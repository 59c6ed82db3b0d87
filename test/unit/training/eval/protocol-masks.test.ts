import { describe, expect, it } from 'vitest';
import { conditionMasks, rateMasks } from '../../../../main/training/eval/run-protocol.ts';

describe('evaluation masks', () => {
  it('random rates are nested: a step dropped at p is dropped at every larger p (same seed)', () => {
    const B = 6;
    const T = 50;
    const rates = [0.1, 0.3, 0.6, 0.9];
    const masks = rates.map((p) => rateMasks(9, p)(B, T).steps);
    for (let r = 1; r < rates.length; r++) {
      for (let i = 0; i < masks[r]!.length; i++) if (masks[r - 1]![i] === 0) expect(masks[r]![i]).toBe(0);
    }
    const kept = masks.map((m) => m.reduce((s, x) => s + x, 0) / m.length);
    expect(kept[0]).toBeGreaterThan(kept[3]!);
    expect(Math.abs(kept[1]! - 0.7)).toBeLessThan(0.06); // 900 draws: 0.7 +- 4 sigma
  });

  it('random masks do not depend on how the samples are batched', () => {
    const T = 50;
    const whole = rateMasks(4, 0.5)(5, T).steps;
    const source = rateMasks(4, 0.5);
    const parts = [source(3, T).steps, source(2, T).steps];
    expect(Array.from(parts[0]!).concat(Array.from(parts[1]!))).toEqual(Array.from(whole));
  });

  it('a fixed condition keeps whole modalities: lv keeps text and visual, drops audio', () => {
    const m = conditionMasks('lv')(2, 4);
    expect(Array.from(m.steps)).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1]);
  });
});
