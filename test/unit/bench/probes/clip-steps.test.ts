import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProbeSources } from '../../../../bench/probes/clip-source.ts';
import { clipAudioSteps, poolMeanStd, validStepRows } from '../../../../bench/probes/clip-steps.ts';
import { readProbeClips } from '../../../../bench/probes/ravdess-clips.ts';
import { makeContext } from '../../../../main/core/context.ts';
import { extractAudioV2 } from '../../../../main/core/features/audio/audio-v2.ts';
import { extractClipFeatures } from '../../../../main/core/pipeline/clip-features.ts';
import { createPipelineWorkers } from '../../../../main/core/pipeline/worker-pools.ts';

/**
 * The audio probe must see a clip exactly as `corrkd analyze` does: its steps (stage by stage from
 * main/core) equal the audio steps of extractClipFeatures (the worker pipeline) on real clips.
 */
let dir = '';
const workers = createPipelineWorkers();
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'corrkd-probe-'));
});
afterAll(async () => {
  await workers.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('audio probe clip steps', () => {
  it('reads actors 1-14 only', () => {
    const clips = readProbeClips();
    expect(clips.length).toBe(840);
    expect(Math.max(...clips.map((c) => c.actor))).toBe(14);
  });

  it('equal the pipeline\'s audio steps without a transcript (RAVDESS actor 2, happy and angry)', async () => {
    const clips = readProbeClips().filter((c) => c.actor === 2);
    const picked = [clips.find((c) => c.emotion === 'happy')!, clips.find((c) => c.emotion === 'angry')!];
    const srcs = await loadProbeSources(picked, makeContext(), undefined, path.join(dir, 'cache'));
    for (const src of srcs) {
      const probe = clipAudioSteps(src, extractAudioV2(src.samples), 'none');
      const app = await extractClipFeatures(src.clip.file, { ...makeContext(), workers }, { cache: null });
      expect(probe.length).toBe(app.utterances.length);
      probe.forEach((m, k) => {
        const a = app.utterances[k]!.steps.audio;
        expect(Array.from(m.stepMask)).toEqual(Array.from(a.stepMask));
        for (let i = 0; i < m.data.length; i++) expect(m.data[i]).toBeCloseTo(a.data[i]!, 4);
      });
      const rows = validStepRows(probe);
      expect(rows.length).toBeGreaterThan(3);
      const pooled = poolMeanStd(rows, m0dim(probe));
      expect(pooled.every(Number.isFinite)).toBe(true);
    }
  });
});

function m0dim(steps: readonly { dim: number }[]): number {
  return steps[0]!.dim;
}
