import { describe, expect, it } from 'vitest';
import { splitByGroup } from '../../../../main/core/dataset/split.ts';

describe('splitByGroup', () => {
  const rows = Array.from({ length: 18 * 5 }, (_, i) => ({ group: String((i % 18) + 1), given: null, row: i + 1 }));

  it('never puts one group in two splits and depends only on the seed and the set of groups', () => {
    const a = splitByGroup(rows, 7);
    const b = splitByGroup([...rows].reverse(), 7);
    for (const s of ['train', 'valid', 'test'] as const) expect(b.groups[s]).toEqual(a.groups[s]);
    const of = new Map<string, string>();
    rows.forEach((r, i) => {
      const prev = of.get(r.group);
      if (prev) expect(a.splits[i]).toBe(prev);
      of.set(r.group, a.splits[i]!);
    });
    expect(a.groups.train.length + a.groups.valid.length + a.groups.test.length).toBe(18);
    expect(a.groups.train.length).toBe(14); // round(0.8 * 18)
    expect(splitByGroup(rows, 8).groups.test).not.toEqual(a.groups.test);
  });

  it('takes explicit lists, then the split column, then draws the rest', () => {
    const withCol = rows.map((r) => (r.group === '1' ? { ...r, given: 'valid' as const } : r));
    const s = splitByGroup(withCol, 0, { test: ['15', '16', '17', '18'], valid: ['13', '14'] });
    expect(s.groups.test).toEqual(['15', '16', '17', '18']);
    expect(s.groups.valid).toEqual(['1', '13', '14']);
    expect(s.groups.train).toHaveLength(11); // the groups the lists leave out
  });

  it('refuses a group whose rows or lists disagree, naming it', () => {
    const bad = rows.map((r, i) => (r.group === '3' ? { ...r, given: i < 20 ? ('train' as const) : ('test' as const) } : r));
    expect(() => splitByGroup(bad, 0)).toThrow(/group '3' is train at row 3 and test at row/);
    expect(() => splitByGroup(rows, 0, { valid: ['2'], test: ['2'] })).toThrow(/group '2' is listed under both valid and test/);
  });
});
