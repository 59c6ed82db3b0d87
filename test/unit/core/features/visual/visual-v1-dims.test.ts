import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../../../main/core/paths.ts';
import { VISUAL_V1_DIM, VISUAL_V1_DIMS, packVisualVector } from '../../../../../main/core/features/visual/visual-v1-dims.ts';
import { EXPRESSIONS } from '../../../../../main/core/features/visual/face-engine.ts';

describe('visual-v1 dimensions', () => {
  it('has 17 uniquely named dimensions, the 7 expressions first in face-api order', () => {
    expect(VISUAL_V1_DIM).toBe(17);
    expect(new Set(VISUAL_V1_DIMS.map((d) => d.name)).size).toBe(VISUAL_V1_DIM);
    expect(VISUAL_V1_DIMS.slice(0, 7).map((d) => d.name)).toEqual(EXPRESSIONS.map((e) => `expr_${e}`));
  });

  it('packs named values in table order', () => {
    const values = Object.fromEntries(VISUAL_V1_DIMS.map((d, i) => [d.name, i + 0.5])) as Parameters<typeof packVisualVector>[0];
    expect([...packVisualVector(values)]).toEqual(VISUAL_V1_DIMS.map((_, i) => i + 0.5));
  });

  it('README.md lists every dimension with its index and unit, in order', () => {
    const readme = readFileSync(path.join(PROJECT_ROOT, 'main/core/features/visual/README.md'), 'utf8');
    const v1 = readme.slice(readme.indexOf('## Dimensions (`VISUAL_V1_DIMS`'), readme.indexOf('## visual-v2'));
    const rows = v1.split('\n').filter((l) => /^\| \d+ \| `/.test(l));
    expect(rows).toHaveLength(VISUAL_V1_DIM);
    VISUAL_V1_DIMS.forEach((d, i) => {
      expect(rows[i]).toBe(`| ${i} | \`${d.name}\` | ${d.unit} | ${d.meaning} |`);
    });
  });
});
