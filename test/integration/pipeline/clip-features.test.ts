import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeContext } from '../../../main/core/context.ts';
import { FeatureCache } from '../../../main/core/cache/feature-cache.ts';
import { EXTRACTORS, extractClipFeatures, type ClipFeatures } from '../../../main/core/pipeline/clip-features.ts';
import { createPipelineWorkers } from '../../../main/core/pipeline/worker-pools.ts';
import { dataPath } from '../../helpers/data.ts';

/** Issue 2's checks on real clips, through the whole pipeline with its worker threads. */
describe('extractClipFeatures on real clips', () => {
  let cache: FeatureCache;
  const ctx = { ...makeContext(), workers: createPipelineWorkers() };
  beforeAll(async () => {
    cache = new FeatureCache(await mkdtemp(path.join(os.tmpdir(), 'corrkd-cache-')));
  });
  afterAll(() => ctx.workers.close());

  let talking: ClipFeatures;
  it('a talking head has usable speech and face, and no transcript without a source', async () => {
    talking = await extractClipFeatures(dataPath('videos/talking_heads/video-retalking_face_1.mp4'), ctx, { cache, fps: 2 });
    expect(talking.modalities.audio).toMatchObject({ present: true, usable: true, reason: null });
    expect(talking.modalities.visual).toMatchObject({ present: true, usable: true, reason: null });
    expect(talking.modalities.visual.coverage).toBeGreaterThan(0.5);
    expect(talking.modalities.audio.coverage).toBeGreaterThan(0.3);
    expect(talking.modalities.text).toMatchObject({ present: false, usable: false });
    expect(talking.modalities.text.reason).toMatch(/no transcript source/);
    expect(talking.speech.length).toBeGreaterThan(0);
    // no words: the clip is cut into 10 s windows, stepped every 300 ms
    expect(talking.utterances.length).toBeGreaterThan(0);
    for (const u of talking.utterances) {
      expect(u.steps.audio.steps).toBe(50);
      expect(u.steps.visual.dim).toBe(EXTRACTORS.visual.dim);
      expect(u.steps.audio.dim).toBe(EXTRACTORS.audio.dim);
    }
  });

  it('reuses cached branch features on a second run', async () => {
    const again = await extractClipFeatures(dataPath('videos/talking_heads/video-retalking_face_1.mp4'), ctx, { cache, fps: 2 });
    expect(again.timingsMs['visual-frames']).toBeUndefined(); // set only when frames were decoded
    expect(again.modalities).toEqual(talking.modalities);
  });

  it.each(['videos/face_no_speech/pyfeat_single_face.mp4', 'videos/sample/pyfeat_WolfgangLanger_Pexels.mp4'])(
    'a silent clip (%s) has unusable audio with a reason and a usable face',
    async (clip) => {
      const f = await extractClipFeatures(dataPath(clip), ctx, { cache, fps: 2 });
      expect(f.modalities.audio.present).toBe(true);
      expect(f.modalities.audio.usable).toBe(false);
      expect(f.modalities.audio.reason).toMatch(/digital silence|no usable speech/);
      expect(f.modalities.audio.coverage).toBe(0);
      expect(f.modalities.visual).toMatchObject({ usable: true, reason: null });
    },
  );

  it('uses the bundled demo clip’s sidecar transcript: text and face usable, audio silent', async () => {
    const f = await extractClipFeatures(path.resolve('assets/sample/pexels-face.mp4'), ctx, { cache, fps: 2 });
    expect(f.transcript.source).toBe('sidecar-srt');
    expect(f.modalities.text).toMatchObject({ usable: true, reason: null });
    expect(f.modalities.audio.reason).toMatch(/digital silence/);
    expect(f.modalities.visual.usable).toBe(true);
    expect(f.utterances).toHaveLength(4);
    expect(f.utterances[0]?.steps.text.dim).toBe(EXTRACTORS.text.dim);
  });
});
